package dev.supadokploy.pg.diff;

/**
 * Why a statement is not safe to run blindly on a live database. {@code kind} is stable for scripts:
 * drops_data, rewrites_table, long_lock, may_fail_on_data, breaks_clients, manual_step.
 */
public record Hazard(String kind, String reason) {
    public static final String DROPS_DATA = "drops_data";
    public static final String REWRITES_TABLE = "rewrites_table";
    public static final String LONG_LOCK = "long_lock";
    public static final String MAY_FAIL_ON_DATA = "may_fail_on_data";
    /** Removes something clients may use (a function, a view, a privilege) without losing stored data. */
    public static final String BREAKS_CLIENTS = "breaks_clients";
    /** A difference the script cannot remove: its statement is a comment saying what to do by hand. */
    public static final String MANUAL_STEP = "manual_step";

    public static Hazard dropsData(String reason) {
        return new Hazard(DROPS_DATA, reason);
    }

    public static Hazard rewritesTable(String reason) {
        return new Hazard(REWRITES_TABLE, reason);
    }

    public static Hazard longLock(String reason) {
        return new Hazard(LONG_LOCK, reason);
    }

    public static Hazard mayFailOnData(String reason) {
        return new Hazard(MAY_FAIL_ON_DATA, reason);
    }

    public static Hazard breaksClients(String reason) {
        return new Hazard(BREAKS_CLIENTS, reason);
    }

    public static Hazard manualStep(String reason) {
        return new Hazard(MANUAL_STEP, reason);
    }
}
