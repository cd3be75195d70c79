package dev.supadokploy.pg.diff;

import java.util.Set;

/**
 * One statement of a diff script.
 *
 * @param objectType   table, column, constraint, index, view, materialized view, function, trigger, type, sequence,
 *                     schema, extension, policy, privilege, comment, … (the summary counts per type)
 * @param objectName   the object as people name it, e.g. public.orders or public.orders.total
 * @param action       create, alter or drop
 * @param sql          the statement, ending in a semicolon
 * @param phase        where it goes in the script before dependencies refine the order
 * @param key          the {@link ObjectKey} of the object the statement creates or drops (null for alters that
 *                     neither create nor remove an object), used to order it against its dependencies
 * @param hazard       why it is not safe, or null
 * @param transactional false for statements PostgreSQL refuses inside a transaction block (CREATE INDEX
 *                     CONCURRENTLY, ALTER TYPE … ADD VALUE before 12)
 * @param requires     keys this statement needs besides those the catalog's dependencies name
 */
public record Change(
        String objectType,
        String objectName,
        Action action,
        String sql,
        Phase phase,
        String key,
        Hazard hazard,
        boolean transactional,
        Set<String> requires) {
    public enum Action {
        create,
        alter,
        drop
    }

    public Change {
        requires = requires == null ? Set.of() : Set.copyOf(requires);
    }

    public static Change create(String type, String name, Phase phase, String key, String sql) {
        return new Change(type, name, Action.create, sql, phase, key, null, true, Set.of());
    }

    public static Change alter(String type, String name, Phase phase, String sql) {
        return new Change(type, name, Action.alter, sql, phase, null, null, true, Set.of());
    }

    public static Change drop(String type, String name, Phase phase, String key, String sql) {
        return new Change(type, name, Action.drop, sql, phase, key, null, true, Set.of());
    }

    /**
     * A difference the script leaves to the operator: the statement is only a comment, the hazard says why and what
     * to do. It stays in the plan (the summary and hazards show it), so the databases do not look equal.
     */
    public static Change manual(String type, String name, Phase phase, String skipped, String reason) {
        return new Change(
                type,
                name,
                Action.alter,
                "-- not run: " + skipped,
                phase,
                null,
                Hazard.manualStep(reason),
                true,
                Set.of());
    }

    public boolean isManual() {
        return hazard != null && Hazard.MANUAL_STEP.equals(hazard.kind());
    }

    public Change withHazard(Hazard value) {
        return new Change(objectType, objectName, action, sql, phase, key, value, transactional, requires);
    }

    public Change outsideTransaction() {
        return new Change(objectType, objectName, action, sql, phase, key, hazard, false, requires);
    }

    public Change requiring(Set<String> keys) {
        return new Change(objectType, objectName, action, sql, phase, key, hazard, transactional, keys);
    }

    public boolean hazardous() {
        return hazard != null;
    }
}
