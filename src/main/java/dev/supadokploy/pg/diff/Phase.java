package dev.supadokploy.pg.diff;

/**
 * The coarse order of a diff script. Within the order the phases give, {@link DiffPlanner} sorts statements by the
 * dependencies PostgreSQL records ({@code pg_depend}): drops of dependents before what they depend on, creates the
 * other way round. The phases only break ties and keep the script readable (tables before their indexes…).
 */
public enum Phase {
    DROP_POLICIES,
    DROP_TRIGGERS,
    DROP_VIEWS,
    DROP_FOREIGN_KEYS,
    DROP_CONSTRAINTS,
    DROP_INDEXES,
    DROP_FUNCTIONS,
    DROP_COLUMNS,
    DROP_TABLES,
    CREATE_SCHEMAS,
    CREATE_EXTENSIONS,
    CREATE_TYPES,
    ALTER_TYPES,
    CREATE_SEQUENCES,
    CREATE_FUNCTIONS_EARLY,
    CREATE_TABLES,
    ALTER_TABLES,
    // after the column changes: a type, sequence or extension a kept column stops using is dropped once it has
    // (pg_depend orders drops among themselves, but alters carry no key); a schema goes after its extensions
    DROP_SEQUENCES,
    DROP_TYPES,
    DROP_EXTENSIONS,
    DROP_SCHEMAS,
    ALTER_SEQUENCES,
    /** Functions gone from the source: after the tables, whose defaults, checks and columns may still call them. */
    DROP_REMOVED_FUNCTIONS,
    CREATE_FUNCTIONS,
    CREATE_VIEWS,
    CREATE_INDEXES,
    CREATE_CONSTRAINTS,
    CREATE_FOREIGN_KEYS,
    CREATE_TRIGGERS,
    ROW_SECURITY,
    CREATE_POLICIES,
    /** Owners before privileges: ALTER … OWNER TO hands the old owner's privileges to the new one. */
    OWNERS,
    PRIVILEGES,
    COMMENTS;

    public boolean isDrop() {
        return name().startsWith("DROP_");
    }
}
