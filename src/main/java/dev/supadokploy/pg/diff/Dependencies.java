package dev.supadokploy.pg.diff;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What depends on what in one database, from {@code pg_depend}, with every object named by its {@link ObjectKey}
 * (never an OID): views on the tables and functions they read, defaults and indexes on the functions they call,
 * columns on their types, everything on its schema. One query, whatever the number of objects.
 *
 * <p>Sub-objects are folded into what a diff creates as one statement: a view's rewrite rule and a column default
 * count as their relation, a domain's constraint as the domain, an array type as its element type, a table's row
 * type as the table.
 *
 * <p>A reference to one column of a relation ({@code refobjsubid}, recorded for views, indexes, constraints,
 * defaults, policies and triggers) names the column too, as {@link ObjectKey#column}, next to its relation: a
 * change to one column rebuilds what uses that column only ({@link #dependentsOf}). The other way round, a table's
 * column that depends on something (its type, the functions its default or generation expression calls) is, for
 * {@link #dependentsOf}, that column and not the whole table; {@link #of} folds it into its table for the order.
 *
 * @param references what each object refers to, for the order of statements
 * @param reverse    who refers to each key directly, with a table's columns standing for themselves
 */
public record Dependencies(Map<String, Set<String>> references, Map<String, Set<String>> reverse) {
    static final String QUERY = """
            WITH objects AS (
              SELECT 'pg_class'::regclass AS classid, c.oid AS objid,
                     CASE WHEN c.relkind = 'i' OR c.relkind = 'I' THEN 'index:' ELSE 'relation:' END
                       || n.nspname || '.' || c.relname AS key, n.nspname::text AS schema,
                     c.relkind IN ('r', 'p') AS is_table, NULL::name AS col
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              UNION ALL
              SELECT 'pg_proc'::regclass, p.oid,
                     'function:' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     n.nspname::text, false, NULL
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              UNION ALL
              SELECT 'pg_type'::regclass, t.oid,
                     CASE WHEN e.typrelid <> 0 THEN 'relation:' || en.nspname || '.' || rc.relname
                          ELSE 'type:' || en.nspname || '.' || e.typname END,
                     en.nspname::text, false, NULL
                FROM pg_type t
                JOIN pg_type e ON e.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
                JOIN pg_namespace en ON en.oid = e.typnamespace
                LEFT JOIN pg_class rc ON rc.oid = e.typrelid
              UNION ALL
              SELECT 'pg_rewrite'::regclass, r.oid, 'relation:' || n.nspname || '.' || c.relname, n.nspname::text, false, NULL
                FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
              UNION ALL
              SELECT 'pg_attrdef'::regclass, a.oid, 'relation:' || n.nspname || '.' || c.relname, n.nspname::text, false,
                     CASE WHEN c.relkind IN ('r', 'p') THEN at.attname END
                FROM pg_attrdef a JOIN pg_class c ON c.oid = a.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute at ON at.attrelid = a.adrelid AND at.attnum = a.adnum
              UNION ALL
              SELECT 'pg_constraint'::regclass, k.oid,
                     CASE WHEN k.contypid <> 0 THEN 'type:' || n.nspname || '.' || t.typname
                          ELSE 'constraint:' || n.nspname || '.' || c.relname || '.' || k.conname END,
                     n.nspname::text, false, NULL
                FROM pg_constraint k
                JOIN pg_namespace n ON n.oid = k.connamespace
                LEFT JOIN pg_class c ON c.oid = k.conrelid
                LEFT JOIN pg_type t ON t.oid = k.contypid
              UNION ALL
              SELECT 'pg_trigger'::regclass, g.oid, 'trigger:' || n.nspname || '.' || c.relname || '.' || g.tgname, n.nspname::text,
                     false, NULL
                FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              UNION ALL
              SELECT 'pg_policy'::regclass, p.oid, 'policy:' || n.nspname || '.' || c.relname || '.' || p.polname, n.nspname::text,
                     false, NULL
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              UNION ALL
              SELECT 'pg_namespace'::regclass, n.oid, 'schema:' || n.nspname, n.nspname::text, false, NULL FROM pg_namespace n
              UNION ALL
              SELECT 'pg_extension'::regclass, x.oid, 'extension:' || x.extname, NULL, false, NULL FROM pg_extension x
            )
            SELECT DISTINCT dep.key, ref.key,
                   CASE WHEN d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND ref.key LIKE 'relation:%' THEN
                     (SELECT 'column:' || substr(ref.key, 10) || '.' || a.attname FROM pg_attribute a
                       WHERE a.attrelid = d.refobjid AND a.attnum = d.refobjsubid) END,
                   CASE WHEN dep.col IS NOT NULL THEN 'column:' || substr(dep.key, 10) || '.' || dep.col
                        WHEN dep.is_table AND d.objsubid > 0 THEN
                     (SELECT 'column:' || substr(dep.key, 10) || '.' || a.attname FROM pg_attribute a
                       WHERE a.attrelid = d.objid AND a.attnum = d.objsubid) END
            FROM pg_depend d
            JOIN objects dep ON dep.classid = d.classid AND dep.objid = d.objid
            JOIN objects ref ON ref.classid = d.refclassid AND ref.objid = d.refobjid
            WHERE d.deptype IN ('n', 'a')
              AND dep.schema = ANY (?)
              AND (ref.schema IS NULL OR ref.schema NOT IN ('pg_catalog', 'information_schema', 'pg_toast'))
              AND dep.key <> ref.key
              AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e')
              -- a sequence OWNED BY a column: the column's default already orders the sequence first, and this
              -- back edge would make a cycle (ownership is set by an alter that requires the table)
              AND NOT (d.deptype = 'a' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                       AND d.refobjsubid <> 0 AND (SELECT relkind FROM pg_class s WHERE s.oid = d.objid) = 'S')
            """;

    public static final Dependencies NONE = new Dependencies(Map.of());

    /** The references and, computed once, their reverse (without column-level dependents). */
    public Dependencies(Map<String, Set<String>> references) {
        this(references, reverse(references));
    }

    private static Map<String, Set<String>> reverse(Map<String, Set<String>> references) {
        Map<String, Set<String>> reverse = new HashMap<>();
        references.forEach((dependent, refs) -> refs.forEach(
                r -> reverse.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(dependent)));
        return reverse;
    }

    public static Dependencies read(Connection connection, List<String> schemas) throws SQLException {
        Map<String, Set<String>> references = new HashMap<>();
        Map<String, Set<String>> reverse = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            Array names = connection.createArrayOf("text", schemas.toArray());
            statement.setArray(1, names);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String dependent = rows.getString(1);
                    String ref = rows.getString(2);
                    String refColumn = rows.getString(3);
                    // for what depends on what: a table's column (its type, its default's calls) stands for itself
                    String user = rows.getString(4) == null ? dependent : rows.getString(4);
                    Set<String> refs = references.computeIfAbsent(dependent, k -> new LinkedHashSet<>());
                    refs.add(ref);
                    reverse.computeIfAbsent(ref, k -> new LinkedHashSet<>()).add(user);
                    if (refColumn != null) {
                        refs.add(refColumn);
                        reverse.computeIfAbsent(refColumn, k -> new LinkedHashSet<>())
                                .add(user);
                    }
                }
            }
        }
        return new Dependencies(references, reverse);
    }

    /** What {@code key} refers to directly. */
    public Set<String> of(String key) {
        return references.getOrDefault(key, Set.of());
    }

    /**
     * Every object that depends on {@code key}, directly or through others. For a column ({@link ObjectKey#column}):
     * what uses that column, and what depends on those.
     */
    public Set<String> dependentsOf(String key) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(key));
        while (!queue.isEmpty()) {
            for (String dependent : reverse.getOrDefault(queue.pop(), Set.of())) {
                if (found.add(dependent)) {
                    queue.add(dependent);
                }
            }
        }
        return found;
    }
}
