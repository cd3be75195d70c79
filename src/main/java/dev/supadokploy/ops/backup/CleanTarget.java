package dev.supadokploy.ops.backup;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.catalog.Policy;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.Trigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What {@code backup restore --clean} drops before restoring: every object of the backup that the target already holds
 * in the backup's schemas (tables, views, materialized views, sequences and types by name — they share one namespace —,
 * functions by name and arguments), with CASCADE, so their dependents in those schemas go too. A dependent in another
 * schema (a view on one of the tables, a foreign key, a function returning its row type…) would be lost without the
 * backup bringing it back: that is refused before anything is dropped — except a trigger elsewhere that calls one of
 * the backup's functions (Supabase's {@code on_auth_user_created} on {@code auth.users} calling
 * {@code public.handle_new_user()}): its definition is read first and it is created again once the backup's function
 * is back, in the same transaction. Objects of those schemas the backup does not
 * hold are kept, and the restore's DDL is planned as if they were part of the backup (so it neither drops nor alters
 * them).
 *
 * @param drops      the DROP … IF EXISTS … CASCADE statements, tables first
 * @param objects    the backup's objects found on the target, as PostgreSQL describes them
 * @param dependents other objects of those schemas the drops take with them (and the triggers made again)
 * @param recreate   CREATE TRIGGER statements for the triggers outside the backup's schemas that the drops take
 */
record CleanTarget(List<String> drops, List<String> objects, List<String> dependents, List<String> recreate) {

    static final CleanTarget NONE = new CleanTarget(List.of(), List.of(), List.of(), List.of());

    /** Finds the backup's objects on the target and their dependents; refuses dependents outside the backup's schemas. */
    static CleanTarget plan(Connection conn, Catalog backup, Catalog target) throws SQLException {
        List<String> drops = new ArrayList<>();
        List<Start> starts = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        Set<List<String>> droppedTriggers = new HashSet<>();
        for (Schema there : target.schemas()) {
            Schema wanted = schema(backup, there.name());
            if (wanted == null) {
                continue;
            }
            if (there.managed() || wanted.managed()) {
                managedParts(there, wanted, drops, objects, droppedTriggers);
                continue;
            }
            Set<String> names = relationAndTypeNames(wanted);
            Set<String> routines = new HashSet<>(
                    wanted.functions().stream().map(CleanTarget::signature).toList());
            String schema = there.name();
            Predicate<String> taken = names::contains;
            there.tables().stream()
                    .filter(t -> taken.test(t.name()))
                    .forEach(t -> add(drops, starts, "TABLE", schema, t.name(), "r"));
            there.materializedViews().stream()
                    .filter(v -> taken.test(v.name()))
                    .forEach(v -> add(drops, starts, "MATERIALIZED VIEW", schema, v.name(), "r"));
            there.views().stream()
                    .filter(v -> taken.test(v.name()))
                    .forEach(v -> add(drops, starts, "VIEW", schema, v.name(), "r"));
            there.sequences().stream()
                    .filter(s -> taken.test(s.name()) && s.ownedBy() == null)
                    .forEach(s -> add(drops, starts, "SEQUENCE", schema, s.name(), "r"));
            for (Function f : there.functions()) {
                if (routines.contains(signature(f))) {
                    drops.add("DROP ROUTINE IF EXISTS " + PgIdentifiers.qualified(schema, f.name()) + "("
                            + f.identityArguments() + ") CASCADE");
                    starts.add(new Start("f", schema, f.name(), f.identityArguments()));
                }
            }
            Stream.of(
                            there.enums().stream().map(e -> e.name()),
                            there.compositeTypes().stream().map(c -> c.name()),
                            there.rangeTypes().stream().map(r -> r.name()))
                    .flatMap(s -> s)
                    .filter(taken)
                    .forEach(n -> add(drops, starts, "TYPE", schema, n, "t"));
            there.domains().stream()
                    .filter(d -> taken.test(d.name()))
                    .forEach(d -> add(drops, starts, "DOMAIN", schema, d.name(), "t"));
        }
        if (starts.isEmpty()) {
            return drops.isEmpty()
                    ? NONE
                    : new CleanTarget(List.copyOf(drops), List.copyOf(objects), List.of(), List.of());
        }
        List<String> schemas = backup.schemas().stream()
                .filter(s -> !s.managed())
                .map(Schema::name)
                .toList();
        List<String> inside = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        List<String> recreate = new ArrayList<>();
        for (Found f : found(conn, starts, schemas)) {
            if (f.trigger() != null && droppedTriggers.contains(f.trigger())) {
                continue; // the backup's own, on a managed table: dropped first, made again from the backup
            }
            if (f.start()) {
                objects.add(f.description());
            } else if (f.outside() && f.recreate() != null) {
                inside.add(f.description() + " (made again)");
                recreate.add(f.recreate());
            } else if (f.outside()) {
                outside.add(f.description());
            } else if (f.named()) {
                inside.add(f.description());
            }
        }
        if (!outside.isEmpty()) {
            throw new SupaException(
                    ErrorCode.BACKUP_TARGET_NOT_EMPTY,
                    "--clean would also drop what depends on the backup's objects outside its schemas: "
                            + String.join(", ", outside.subList(0, Math.min(5, outside.size())))
                            + (outside.size() > 5 ? " and " + (outside.size() - 5) + " more" : ""),
                    "Drop or change those objects first (the backup cannot bring them back), or restore into an empty database. "
                            + "Nothing was changed.",
                    Map.of("dependents", outside),
                    null);
        }
        return new CleanTarget(List.copyOf(drops), List.copyOf(objects), List.copyOf(inside), List.copyOf(recreate));
    }

    /**
     * On the managed tables the backup holds the application's parts of: the backup's triggers and policies the target
     * has too (by name) are dropped first, and made again from the backup by the restore's DDL. The platform's tables and
     * the target's other parts stay; privileges are set to the backup's by the DDL.
     */
    private static void managedParts(
            Schema there, Schema wanted, List<String> drops, List<String> objects, Set<List<String>> droppedTriggers) {
        for (Table t : there.tables()) {
            Table w = wanted.table(t.name()).orElse(null);
            if (w == null) {
                continue;
            }
            String on = " ON " + PgIdentifiers.qualified(there.name(), t.name());
            for (Trigger g : t.triggers()) {
                if (w.trigger(g.name()).isPresent()) {
                    drops.add("DROP TRIGGER IF EXISTS " + PgIdentifiers.quote(g.name()) + on);
                    objects.add("trigger " + g.name() + " on table " + there.name() + "." + t.name());
                    droppedTriggers.add(List.of(there.name(), t.name(), g.name()));
                }
            }
            for (Policy p : t.policies()) {
                if (w.policy(p.name()).isPresent()) {
                    drops.add("DROP POLICY IF EXISTS " + PgIdentifiers.quote(p.name()) + on);
                    objects.add("policy " + p.name() + " on table " + there.name() + "." + t.name());
                }
            }
        }
    }

    /** The target's catalog as the restore plans against it: without the objects --clean drops. */
    static Catalog withoutBackupObjects(Catalog target, Catalog backup) {
        return target.withSchemas(target.schemas().stream()
                .map(s -> {
                    Schema b = schema(backup, s.name());
                    if (b != null && (s.managed() || b.managed())) {
                        return s.with(
                                s.tables().stream()
                                        .map(t -> b.table(t.name())
                                                .map(w -> Table.managedPart(
                                                        t.name(),
                                                        t.columns(),
                                                        t.triggers().stream()
                                                                .filter(g -> w.trigger(g.name())
                                                                        .isEmpty())
                                                                .toList(),
                                                        t.policies().stream()
                                                                .filter(p -> w.policy(p.name())
                                                                        .isEmpty())
                                                                .toList(),
                                                        t.grants()))
                                                .orElse(t))
                                        .toList(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of());
                    }
                    return b == null
                            ? s
                            : filter(
                                    s,
                                    n -> !relationAndTypeNames(b).contains(n),
                                    f -> b.functions().stream()
                                            .noneMatch(g -> signature(g).equals(signature(f))));
                })
                .toList());
    }

    /**
     * The backup's catalog with the target's other objects of its schemas added, unchanged: the restore's diff then
     * creates the backup's objects and leaves those alone.
     */
    static Catalog withKeptObjects(Catalog backup, Catalog keptOnTarget) {
        return backup.withSchemas(backup.schemas().stream()
                .map(b -> {
                    Schema t = schema(keptOnTarget, b.name());
                    if (t != null && (b.managed() || t.managed())) {
                        return b.with(
                                keptParts(b.tables(), t.tables()),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of());
                    }
                    return t == null
                            ? b
                            : b.with(
                                    concat(b.tables(), t.tables()),
                                    concat(b.views(), t.views()),
                                    concat(b.materializedViews(), t.materializedViews()),
                                    concat(b.functions(), t.functions()),
                                    concat(b.sequences(), t.sequences()),
                                    concat(b.enums(), t.enums()),
                                    concat(b.compositeTypes(), t.compositeTypes()),
                                    concat(b.domains(), t.domains()),
                                    concat(b.rangeTypes(), t.rangeTypes()));
                })
                .toList());
    }

    /**
     * Managed tables' parts: the backup's, with what else the target has on them — other triggers and policies, other
     * roles' privileges — kept as they are.
     */
    private static List<Table> keptParts(List<Table> backup, List<Table> kept) {
        List<Table> out = new ArrayList<>();
        for (Table b : backup) {
            Table k = kept.stream()
                    .filter(t -> t.name().equals(b.name()))
                    .findFirst()
                    .orElse(null);
            out.add(
                    k == null
                            ? b
                            : Table.managedPart(
                                    b.name(),
                                    union(b.columns(), k.columns(), Column::name),
                                    union(b.triggers(), k.triggers(), Trigger::name),
                                    union(b.policies(), k.policies(), Policy::name),
                                    union(b.grants(), k.grants(), Grant::grantee)));
        }
        kept.stream()
                .filter(k -> backup.stream().noneMatch(b -> b.name().equals(k.name())))
                .forEach(out::add);
        return out;
    }

    /** {@code first}, with the items of {@code second} whose key none of {@code first} has. */
    private static <T> List<T> union(List<T> first, List<T> second, java.util.function.Function<T, String> key) {
        Set<String> keys = new HashSet<>(first.stream().map(key).toList());
        return concat(
                first, second.stream().filter(x -> !keys.contains(key.apply(x))).toList());
    }

    private static Schema filter(Schema s, Predicate<String> keepName, Predicate<Function> keepFunction) {
        return s.with(
                s.tables().stream().filter(t -> keepName.test(t.name())).toList(),
                s.views().stream().filter(v -> keepName.test(v.name())).toList(),
                s.materializedViews().stream()
                        .filter(v -> keepName.test(v.name()))
                        .toList(),
                s.functions().stream().filter(keepFunction).toList(),
                s.sequences().stream().filter(q -> keepName.test(q.name())).toList(),
                s.enums().stream().filter(e -> keepName.test(e.name())).toList(),
                s.compositeTypes().stream().filter(c -> keepName.test(c.name())).toList(),
                s.domains().stream().filter(d -> keepName.test(d.name())).toList(),
                s.rangeTypes().stream().filter(r -> keepName.test(r.name())).toList());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Schema schema(Catalog c, String name) {
        return c.schemas().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Tables, views, sequences and types share one namespace (a table's row type is a type of its name). */
    private static Set<String> relationAndTypeNames(Schema s) {
        Set<String> names = new HashSet<>();
        s.tables().forEach(t -> names.add(t.name()));
        s.views().forEach(v -> names.add(v.name()));
        s.materializedViews().forEach(v -> names.add(v.name()));
        s.sequences().forEach(q -> names.add(q.name()));
        s.enums().forEach(e -> names.add(e.name()));
        s.compositeTypes().forEach(c -> names.add(c.name()));
        s.domains().forEach(d -> names.add(d.name()));
        s.rangeTypes().forEach(r -> names.add(r.name()));
        return names;
    }

    private static String signature(Function f) {
        return f.name() + "(" + f.identityArguments() + ")";
    }

    /** @param trigger for a trigger: its schema, table and name */
    private record Found(
            String description, boolean outside, boolean start, boolean named, String recreate, List<String> trigger) {}

    /** The start objects and all they take with them, as {@link #DEPENDENTS} finds them. */
    private static List<Found> found(Connection conn, List<Start> starts, List<String> schemas) throws SQLException {
        String searchPath;
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('search_path')")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        List<Found> found = new ArrayList<>();
        // With an empty search_path, pg_describe_object names every object with its schema.
        try (PreparedStatement set = conn.prepareStatement("SELECT set_config('search_path', ?, false)");
                PreparedStatement ps = conn.prepareStatement(DEPENDENTS)) {
            set.setString(1, "");
            set.execute();
            ps.setArray(
                    1,
                    conn.createArrayOf("text", starts.stream().map(Start::kind).toArray()));
            ps.setArray(
                    2,
                    conn.createArrayOf(
                            "text", starts.stream().map(Start::schema).toArray()));
            ps.setArray(
                    3,
                    conn.createArrayOf("text", starts.stream().map(Start::name).toArray()));
            ps.setArray(
                    4,
                    conn.createArrayOf(
                            "text", starts.stream().map(Start::arguments).toArray()));
            ps.setArray(5, conn.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Array trigger = rs.getArray(6);
                    found.add(new Found(
                            rs.getString(1),
                            rs.getBoolean(2),
                            rs.getBoolean(3),
                            rs.getBoolean(4),
                            rs.getString(5),
                            trigger == null ? null : List.of((String[]) trigger.getArray())));
                }
            } finally {
                set.setString(1, searchPath);
                set.execute();
            }
        }
        return found;
    }

    /** An object to drop, found again by the dependents query: kind r (relation), f (routine) or t (type). */
    private record Start(String kind, String schema, String name, String arguments) {}

    private static void add(
            List<String> drops, List<Start> starts, String kind, String schema, String name, String code) {
        drops.add("DROP " + kind + " IF EXISTS " + PgIdentifiers.qualified(schema, name) + " CASCADE");
        starts.add(new Start(code, schema, name, ""));
    }

    /**
     * Everything DROP … CASCADE of the start objects would take: dependents (normal, automatic and internal ones), the
     * object an internal part belongs to (a view of its rewrite rule) and a table's row type. Per object: its
     * description, whether it lies outside the backup's schemas (for triggers, rules, policies and defaults: their table's
     * schema, an internal foreign-key trigger its constraint's table's; objects of no schema, such as the casts of a range
     * type, go with what they belong to), whether it is a start
     * object, and whether it is worth naming (tables, views, columns, routines, types — not indexes, constraints,
     * rules or row types, which go with their table), and for a plain trigger that calls one of the start functions
     * (and depends on no other function, e.g. in its WHEN) the statements that make it again: its definition, its
     * enabled state when not the default, its comment; and for a trigger, its schema, table and name.
     */
    private static final String DEPENDENTS = """
            WITH RECURSIVE start(classid, objid) AS (
              SELECT CASE k WHEN 't' THEN 'pg_type'::regclass WHEN 'f' THEN 'pg_proc'::regclass ELSE 'pg_class'::regclass END::oid,
                     CASE k
                       WHEN 't' THEN (SELECT t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                                      WHERE n.nspname = s AND t.typname = o)
                       WHEN 'f' THEN (SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                      WHERE n.nspname = s AND p.proname = o AND pg_get_function_identity_arguments(p.oid) = a)
                       ELSE (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = s AND c.relname = o)
                     END
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS x(k, s, o, a)
            ), dep(classid, objid, objsubid) AS (
              SELECT classid, objid, 0 FROM start WHERE objid IS NOT NULL
              UNION
              SELECT x.classid, x.objid, x.objsubid FROM dep, LATERAL (
                SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
                WHERE d.refclassid = dep.classid AND d.refobjid = dep.objid AND (dep.objsubid = 0 OR d.refobjsubid = dep.objsubid)
                  AND d.deptype IN ('n', 'a', 'i')
                UNION ALL
                SELECT d.refclassid, d.refobjid, 0 FROM pg_depend d
                WHERE d.classid = dep.classid AND d.objid = dep.objid AND d.deptype = 'i'
                UNION ALL
                SELECT 'pg_type'::regclass, c.reltype, 0 FROM pg_class c
                WHERE dep.classid = 'pg_class'::regclass AND c.oid = dep.objid AND c.reltype <> 0
              ) x
            )
            SELECT pg_describe_object(d.classid, d.objid, d.objsubid),
                   coalesce((pg_identify_object(d.classid, d.objid, d.objsubid)).schema, (
                     SELECT quote_ident(n.nspname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.oid = CASE d.classid
                       WHEN 'pg_trigger'::regclass THEN (SELECT coalesce(nullif(con.conrelid, 0), t.tgrelid) FROM pg_trigger t
                                                        LEFT JOIN pg_constraint con ON con.oid = t.tgconstraint WHERE t.oid = d.objid)
                       WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                       WHEN 'pg_policy'::regclass THEN (SELECT polrelid FROM pg_policy WHERE oid = d.objid)
                       WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                     END)) NOT IN (SELECT quote_ident(x) FROM unnest(?::text[]) x UNION ALL SELECT 'pg_toast'),
                   EXISTS (SELECT 1 FROM start s WHERE s.classid = d.classid AND s.objid = d.objid) AND d.objsubid = 0,
                   CASE d.classid
                     WHEN 'pg_class'::regclass THEN (SELECT relkind IN ('r', 'p', 'v', 'm', 'f') FROM pg_class WHERE oid = d.objid)
                       AND (d.objsubid = 0 OR NOT EXISTS (SELECT 1 FROM dep t WHERE t.classid = d.classid AND t.objid = d.objid AND t.objsubid = 0))
                     WHEN 'pg_proc'::regclass THEN NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = d.classid AND i.objid = d.objid AND i.deptype = 'i')
                     WHEN 'pg_type'::regclass THEN (SELECT typrelid = 0 AND typtype IN ('e', 'c', 'd', 'r') FROM pg_type WHERE oid = d.objid)
                     ELSE false
                   END,
                   (SELECT pg_get_triggerdef(t.oid)
                             || CASE t.tgenabled WHEN 'D' THEN '; ALTER TABLE ' || t.tgrelid::regclass || ' DISABLE TRIGGER '
                                                 WHEN 'R' THEN '; ALTER TABLE ' || t.tgrelid::regclass || ' ENABLE REPLICA TRIGGER '
                                                 WHEN 'A' THEN '; ALTER TABLE ' || t.tgrelid::regclass || ' ENABLE ALWAYS TRIGGER '
                                                 ELSE '' END || CASE WHEN t.tgenabled <> 'O' THEN quote_ident(t.tgname) ELSE '' END
                             || coalesce('; COMMENT ON TRIGGER ' || quote_ident(t.tgname) || ' ON ' || t.tgrelid::regclass || ' IS '
                                         || quote_literal(obj_description(t.oid, 'pg_trigger')), '')
                    FROM pg_trigger t WHERE d.classid = 'pg_trigger'::regclass AND t.oid = d.objid
                      AND NOT t.tgisinternal AND t.tgconstraint = 0
                      AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_trigger'::regclass AND x.objid = t.oid
                                      AND x.refclassid = 'pg_proc'::regclass AND x.refobjid <> t.tgfoid)
                      AND EXISTS (SELECT 1 FROM start s WHERE s.classid = 'pg_proc'::regclass AND s.objid = t.tgfoid)),
                   (SELECT ARRAY[n.nspname::text, c.relname::text, t.tgname::text] FROM pg_trigger t
                      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE d.classid = 'pg_trigger'::regclass AND t.oid = d.objid)
            FROM dep d
            ORDER BY 1
            """;
}
