package dev.supadokploy.ops.copy;

import dev.supadokploy.pg.SqlLexer;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.CompositeType;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Domain;
import dev.supadokploy.pg.catalog.EnumType;
import dev.supadokploy.pg.catalog.Extension;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.Policy;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.RangeType;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Sequence;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.Trigger;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.ObjectKey;
import dev.supadokploy.pg.diff.Roles;
import dev.supadokploy.pg.diff.SchemaDiff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code --create-tables}: the DDL for tables the target lacks and for what they need that it lacks too — their
 * schemas, the types and domains of their columns, the sequences and functions their defaults, checks, generated
 * columns, indexes, triggers and policies use (and what those use in turn), the extensions any of these belong to.
 * The schema diff makes it from two cut-down catalogs: the source's with only those objects, the target's with
 * nothing of them; everything else (the attributes of schemas the target has, its extensions and default
 * privileges) is the target's own on both sides, so the script creates those objects, owned and granted as in the
 * source, and touches nothing that exists. Objects the target has already are used as they are, even when they
 * differ from the source's.
 *
 * <p>Tables are never created for being needed: a foreign key of a new table into a table that neither the run
 * copies nor the target has is refused up front ({@link Creation#neededTables}), since creating the table empty
 * would leave every key dangling and leaving the key out would quietly change the schema.
 */
public final class MissingTables {
    private MissingTables() {}

    /**
     * @param plan          the statements
     * @param objects       what is created besides the tables, as people name it ({@code type public.order_status}), in
     *                      the order the script creates it
     * @param sequences     the sequences among them that no column owns: their values follow the source's after loading
     * @param neededTables  tables outside the target's catalog and the run that the new tables' foreign keys reference,
     *                      each with those keys: they must exist on the target
     */
    public record Creation(
            DiffPlan plan,
            List<String> objects,
            List<QualifiedName> sequences,
            Map<QualifiedName, List<String>> neededTables) {}

    /** An object of a catalog that a new table may need, with the schema it is in and its name there. */
    private record Needed(String schema, String name, Object object, String shown) {}

    /**
     * @param extensionMembers {@link ObjectKey} of each function, type and relation that belongs to an extension → its
     *                         name ({@link #extensionMembers})
     */
    public static Creation plan(
            Catalog source,
            Dependencies sourceDependencies,
            Map<String, String> extensionMembers,
            Catalog target,
            Roles targetRoles,
            List<QualifiedName> missing) {
        Map<String, Needed> sourceObjects = objects(source);
        Set<String> targetObjects = objects(target).keySet();
        Set<QualifiedName> creating = new HashSet<>(missing);
        Map<QualifiedName, Table> targetTables = CopyPlanner.tables(target);
        Map<QualifiedName, List<String>> neededTables = new TreeMap<>(QualifiedName.ORDER);
        Deque<String> queue = new ArrayDeque<>();
        for (QualifiedName name : missing) {
            Table t = source.schema(name.schema())
                    .flatMap(s -> s.table(name.name()))
                    .orElseThrow();
            queue.addAll(keys(name, t));
            for (Constraint c : t.constraints()) {
                if ("foreign_key".equals(c.type())
                        && !creating.contains(c.referencedTable())
                        && !targetTables.containsKey(c.referencedTable())) {
                    neededTables
                            .computeIfAbsent(c.referencedTable(), k -> new ArrayList<>())
                            .add(name + "." + c.name());
                }
            }
        }
        // what the tables refer to, and what that refers to, as far as the target lacks it
        Map<String, Needed> closure = new LinkedHashMap<>();
        Map<String, Extension> extensions = new TreeMap<>();
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            String key = queue.poll();
            Set<String> refs = new LinkedHashSet<>(sourceDependencies.of(key));
            if (sourceObjects.get(key) != null && sourceObjects.get(key).object() instanceof Function f) {
                refs.addAll(bodyReferences(f, sourceObjects));
            }
            for (String ref : refs) {
                if (!seen.add(ref)) {
                    continue;
                }
                Needed needed = sourceObjects.get(ref);
                if (needed != null && !(needed.object() instanceof Table) && !targetObjects.contains(ref)) {
                    closure.put(ref, needed);
                    queue.add(ref);
                } else if (needed == null && extensionMembers.containsKey(ref)) {
                    String extension = extensionMembers.get(ref);
                    boolean present =
                            target.extensions().stream().anyMatch(x -> x.name().equals(extension));
                    for (Extension x : source.extensions()) {
                        if (x.name().equals(extension) && !present) {
                            extensions.put(ObjectKey.extension(x.name()), x);
                            // its schema as the source has it, when the run reads that schema and the target lacks it
                            String schema = ObjectKey.schema(x.schema());
                            if (sourceObjects.containsKey(schema) && !targetObjects.contains(schema)) {
                                closure.put(schema, sourceObjects.get(schema));
                            }
                        }
                    }
                }
            }
        }
        Map<String, List<QualifiedName>> tablesBySchema = new TreeMap<>();
        missing.forEach(n -> tablesBySchema
                .computeIfAbsent(n.schema(), s -> new ArrayList<>())
                .add(n));
        Set<String> schemas = new TreeSet<>(tablesBySchema.keySet());
        closure.values().forEach(n -> schemas.add(n.schema()));
        List<Schema> wanted = new ArrayList<>();
        List<Schema> present = new ArrayList<>();
        List<QualifiedName> freeSequences = new ArrayList<>();
        for (String name : schemas) {
            Schema sourceSchema = source.schema(name).orElseThrow();
            Set<String> tableNames = new HashSet<>(tablesBySchema.getOrDefault(name, List.of()).stream()
                    .map(QualifiedName::name)
                    .toList());
            List<Object> objects = closure.values().stream()
                    .filter(n -> n.schema().equals(name))
                    .map(Needed::object)
                    .toList();
            List<Sequence> sequences = new ArrayList<>(sourceSchema.sequences().stream()
                    .filter(s -> s.ownedBy() != null
                            && s.ownedBy().schema().equals(name)
                            && tableNames.contains(s.ownedBy().table()))
                    .toList());
            for (Sequence s : only(objects, Sequence.class)) {
                if (!sequences.contains(s)) {
                    sequences.add(s);
                    if (s.ownedBy() == null) {
                        freeSequences.add(new QualifiedName(name, s.name()));
                    }
                }
            }
            Schema attributes = target.schema(name).orElse(sourceSchema);
            wanted.add(attributes.with(
                    sourceSchema.tables().stream()
                            .filter(t -> tableNames.contains(t.name()))
                            .toList(),
                    List.of(),
                    List.of(),
                    only(objects, Function.class),
                    sequences,
                    only(objects, EnumType.class),
                    only(objects, CompositeType.class),
                    only(objects, Domain.class),
                    only(objects, RangeType.class)));
            target.schema(name)
                    .ifPresent(s -> present.add(s.with(
                            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                            List.of())));
        }
        List<Extension> withNeeded = new ArrayList<>(target.extensions());
        withNeeded.addAll(extensions.values());
        Catalog from = new Catalog(
                source.database(),
                source.serverVersion(),
                source.serverVersionNum(),
                false,
                withNeeded,
                target.defaultPrivileges(),
                wanted);
        Catalog to = new Catalog(
                target.database(),
                target.serverVersion(),
                target.serverVersionNum(),
                false,
                target.extensions(),
                target.defaultPrivileges(),
                present);
        // The target's roles: owners are set as in the source (where the role exists), and grants are computed from the
        // default privileges that whoever runs it gets, so each object ends with exactly the source's privileges.
        DiffPlan plan =
                SchemaDiff.compare(from, sourceDependencies, to, Dependencies.NONE, targetRoles, DiffOptions.DEFAULT);
        Map<String, String> shown = new HashMap<>();
        closure.forEach((key, n) -> shown.put(key, n.shown()));
        extensions.keySet().forEach(key -> shown.put(key, "extension " + key.substring(key.indexOf(':') + 1)));
        schemas.stream()
                .filter(s -> target.schema(s).isEmpty())
                .forEach(s -> shown.put(ObjectKey.schema(s), "schema " + s));
        List<String> objects = plan.scripted().stream()
                .filter(c -> c.action() == Change.Action.create && shown.containsKey(c.key()))
                .map(c -> shown.get(c.key()))
                .distinct()
                .toList();
        return new Creation(plan, objects, freeSequences, neededTables);
    }

    /** A new table's own keys: its relation, constraints, indexes, triggers and policies, each created with it. */
    private static List<String> keys(QualifiedName name, Table t) {
        String s = name.schema();
        List<String> keys = new ArrayList<>(List.of(ObjectKey.relation(s, t.name())));
        t.constraints().stream().map(Constraint::name).forEach(c -> keys.add(ObjectKey.constraint(s, t.name(), c)));
        t.indexes().stream().map(Index::name).forEach(i -> keys.add(ObjectKey.index(s, i)));
        t.triggers().stream().map(Trigger::name).forEach(g -> keys.add(ObjectKey.trigger(s, t.name(), g)));
        t.policies().stream().map(Policy::name).forEach(p -> keys.add(ObjectKey.policy(s, t.name(), p)));
        return keys;
    }

    /** Every object of a catalog a table may need, by {@link ObjectKey}; tables too, so that they are known and left alone. */
    private static Map<String, Needed> objects(Catalog catalog) {
        Map<String, Needed> all = new HashMap<>();
        for (Schema s : catalog.schemas()) {
            String n = s.name();
            all.put(ObjectKey.schema(n), new Needed(n, null, s, "schema " + n));
            s.tables()
                    .forEach(t -> all.put(
                            ObjectKey.relation(n, t.name()), new Needed(n, null, t, "table " + n + "." + t.name())));
            s.sequences()
                    .forEach(q -> all.put(
                            ObjectKey.relation(n, q.name()),
                            new Needed(n, q.name(), q, "sequence " + n + "." + q.name())));
            s.compositeTypes()
                    .forEach(c -> all.put(
                            ObjectKey.relation(n, c.name()), new Needed(n, c.name(), c, "type " + n + "." + c.name())));
            s.enums()
                    .forEach(e -> all.put(
                            ObjectKey.type(n, e.name()), new Needed(n, e.name(), e, "type " + n + "." + e.name())));
            s.rangeTypes()
                    .forEach(r -> all.put(
                            ObjectKey.type(n, r.name()), new Needed(n, r.name(), r, "type " + n + "." + r.name())));
            s.domains()
                    .forEach(d -> all.put(
                            ObjectKey.type(n, d.name()), new Needed(n, d.name(), d, "domain " + n + "." + d.name())));
            s.functions()
                    .forEach(f -> all.put(
                            ObjectKey.function(n, f.name(), f.identityArguments()),
                            new Needed(n, f.name(), f, f.kind() + " " + n + "." + f.signature())));
        }
        return all;
    }

    private static <T> List<T> only(List<Object> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * What a function's text names by schema-qualified name, identifiers and string literals alike
     * ({@code nextval('public.order_number_seq')}): PostgreSQL records nothing of what a string body uses, so without this
     * a default calling a function that draws from a sequence would get the function and not the sequence. Unqualified
     * names, which resolve through a search_path only when the function runs, are not followed.
     */
    private static Set<String> bodyReferences(Function f, Map<String, Needed> sourceObjects) {
        Set<QualifiedName> names = qualifiedNames(f.definition());
        Set<String> keys = new LinkedHashSet<>();
        // tables and schemas have no name here: a body naming a table does not make it needed
        sourceObjects.forEach((key, n) -> {
            if (n.name() != null && names.contains(new QualifiedName(n.schema(), n.name()))) {
                keys.add(key);
            }
        });
        return keys;
    }

    static Set<QualifiedName> qualifiedNames(String sql) {
        Set<QualifiedName> names = new HashSet<>();
        List<SqlLexer.Token> tokens =
                SqlLexer.tokenize(sql, true).stream().filter(t -> !t.isBlank()).toList();
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            if (t.kind() == SqlLexer.Kind.DOLLAR_STRING) {
                int open = t.text().indexOf('$', 1) + 1;
                names.addAll(qualifiedNames(
                        t.text().substring(open, Math.max(open, t.text().length() - open))));
            } else if (t.kind() == SqlLexer.Kind.STRING && t.text().length() >= 2) {
                names.addAll(qualifiedNames(
                        t.text().substring(1, t.text().length() - 1).replace("''", "'")));
            } else if (i + 2 < tokens.size()
                    && identifier(t)
                    && tokens.get(i + 1).text().equals(".")
                    && identifier(tokens.get(i + 2))) {
                names.add(new QualifiedName(name(t), name(tokens.get(i + 2))));
            }
        }
        return names;
    }

    private static boolean identifier(SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD || t.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER;
    }

    private static String name(SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD
                ? t.text().toLowerCase(java.util.Locale.ROOT)
                : t.text().substring(1, t.text().length() - 1).replace("\"\"", "\"");
    }

    // ---- what only the databases know ------------------------------------------------------------------------

    /** Each function, type and relation that belongs to an extension, by its {@link ObjectKey} → the extension's name. */
    public static Map<String, String> extensionMembers(Connection conn) throws SQLException {
        Map<String, String> members = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT CASE d.classid
                         WHEN 'pg_proc'::regclass THEN (SELECT 'function:' || n.nspname || '.' || p.proname || '('
                                                               || pg_get_function_identity_arguments(p.oid) || ')'
                                                          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = d.objid)
                         WHEN 'pg_type'::regclass THEN (SELECT 'type:' || n.nspname || '.' || t.typname
                                                          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = d.objid)
                         ELSE (SELECT 'relation:' || n.nspname || '.' || c.relname
                                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = d.objid) END,
                       x.extname
                  FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
                 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
                   AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass)""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    members.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return members;
    }

    /** Of these tables, those the target has no table of that name (read from its catalogs: no privilege needed). */
    public static List<QualifiedName> absent(Connection tgt, Set<QualifiedName> tables) throws SQLException {
        List<QualifiedName> absent = new ArrayList<>();
        if (tables.isEmpty()) {
            return absent;
        }
        try (PreparedStatement ps = tgt.prepareStatement("""
                SELECT w.s, w.n FROM unnest(?::text[], ?::text[]) AS w(s, n)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
                                    WHERE ns.nspname = w.s AND c.relname = w.n AND c.relkind IN ('r', 'p'))
                 ORDER BY 1, 2""")) {
            ps.setArray(
                    1,
                    tgt.createArrayOf(
                            "text", tables.stream().map(QualifiedName::schema).toArray()));
            ps.setArray(
                    2,
                    tgt.createArrayOf(
                            "text", tables.stream().map(QualifiedName::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    absent.add(new QualifiedName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return absent;
    }
}
