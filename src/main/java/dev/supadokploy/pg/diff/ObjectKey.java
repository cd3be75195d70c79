package dev.supadokploy.pg.diff;

/**
 * Names of objects as the dependency graph knows them: {@code kind:schema.name}, with a function's identity
 * arguments as PostgreSQL prints them. The same text comes out of {@link Dependencies}' query, so a change's key
 * meets the catalog's dependencies without OIDs.
 */
public final class ObjectKey {
    private ObjectKey() {}

    public static String schema(String name) {
        return "schema:" + name;
    }

    public static String extension(String name) {
        return "extension:" + name;
    }

    /** Tables, partitioned tables, views, materialized views, sequences, composite types: one namespace in pg_class. */
    public static String relation(String schema, String name) {
        return "relation:" + schema + "." + name;
    }

    public static String type(String schema, String name) {
        return "type:" + schema + "." + name;
    }

    public static String function(String schema, String name, String identityArguments) {
        return "function:" + schema + "." + name + "(" + identityArguments + ")";
    }

    public static String index(String schema, String name) {
        return "index:" + schema + "." + name;
    }

    /** A table's constraint (a foreign key needs the referenced table's primary key or unique constraint). */
    public static String constraint(String schema, String table, String name) {
        return "constraint:" + schema + "." + table + "." + name;
    }

    public static String trigger(String schema, String table, String name) {
        return "trigger:" + schema + "." + table + "." + name;
    }

    public static String policy(String schema, String table, String name) {
        return "policy:" + schema + "." + table + "." + name;
    }

    public static String column(String schema, String table, String column) {
        return "column:" + schema + "." + table + "." + column;
    }
}
