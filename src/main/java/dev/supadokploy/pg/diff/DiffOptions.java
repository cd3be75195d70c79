package dev.supadokploy.pg.diff;

/**
 * @param safeOnly leave hazardous statements out of the script (the plan still lists them)
 * @param online   create indexes on existing tables CONCURRENTLY, outside the transaction
 */
public record DiffOptions(boolean safeOnly, boolean online) {
    public static final DiffOptions DEFAULT = new DiffOptions(false, false);
}
