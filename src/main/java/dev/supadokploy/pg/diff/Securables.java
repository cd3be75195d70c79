package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.CompositeType;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Domain;
import dev.supadokploy.pg.catalog.EnumType;
import dev.supadokploy.pg.catalog.Extension;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.MaterializedView;
import dev.supadokploy.pg.catalog.Policy;
import dev.supadokploy.pg.catalog.RangeType;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Sequence;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.Trigger;
import dev.supadokploy.pg.catalog.View;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every object of a catalog that can carry a comment or privileges, flattened and keyed by an identity, so that
 * the privilege and comment families compare two catalogs the same way whatever the object's kind. An object is
 * listed after the object it belongs to (a table before its columns), which the privilege family relies on.
 */
final class Securables {
    private Securables() {}

    /**
     * @param id         identity across the two catalogs (e.g. {@code column:s.t.c})
     * @param keys       the {@link ObjectKey}s of the object and of what it lives on: a statement on it waits for
     *                   their creation, and the object starts anew when one of them is dropped in this diff
     * @param kind       the SQL object kind in COMMENT ON (TABLE, COLUMN, FUNCTION …)
     * @param name       the object as COMMENT ON names it
     * @param shown      the object as people name it
     * @param grantOn    the object as GRANT names it ({@code TABLE s.t}, {@code FUNCTION s.f(int)}); null when it
     *                   takes no grants; for a column the table's
     * @param column     for columns: the column, quoted (GRANT SELECT (col) ON TABLE t)
     * @param owner      the owner, whose default privileges a new object starts with
     * @param grants     privileges, null when the object takes none
     * @param tableId    for what lives on a table (columns, constraints …): the table's id
     * @param schema     the schema it is in (null for extensions)
     */
    record Securable(
            String id,
            Set<String> keys,
            String kind,
            String name,
            String shown,
            String grantOn,
            String column,
            String owner,
            String comment,
            List<Grant> grants,
            String tableId,
            String schema) {}

    static Map<String, Securable> of(Catalog catalog) {
        Map<String, Securable> all = new LinkedHashMap<>();
        for (Extension e : catalog.extensions()) {
            add(
                    all,
                    new Securable(
                            "extension:" + e.name(),
                            Set.of(ObjectKey.extension(e.name())),
                            "EXTENSION",
                            quote(e.name()),
                            e.name(),
                            null,
                            null,
                            null,
                            e.comment(),
                            null,
                            null,
                            null));
        }
        for (Schema s : catalog.schemas()) {
            String sn = s.name();
            Set<String> schemaKey = Set.of(ObjectKey.schema(sn));
            add(
                    all,
                    new Securable(
                            "schema:" + sn,
                            schemaKey,
                            "SCHEMA",
                            quote(sn),
                            sn,
                            "SCHEMA " + quote(sn),
                            null,
                            s.owner(),
                            s.comment(),
                            s.grants(),
                            null,
                            sn));
            for (Table t : s.tables()) {
                relation(all, sn, t.name(), "TABLE", "TABLE", t.owner(), t.comment(), t.grants(), t.columns());
                String tableId = "relation:" + sn + "." + t.name();
                for (Constraint c : t.constraints()) {
                    if (!"not_null".equals(c.type())) {
                        Set<String> k = keys(
                                ObjectKey.relation(sn, t.name()),
                                ObjectKey.constraint(sn, t.name(), c.name()),
                                c.index() == null ? null : ObjectKey.index(sn, c.index()));
                        add(
                                all,
                                new Securable(
                                        "constraint:" + sn + "." + t.name() + "." + c.name(),
                                        k,
                                        "CONSTRAINT",
                                        quote(c.name()) + " ON " + qualified(sn, t.name()),
                                        sn + "." + t.name() + "." + c.name(),
                                        null,
                                        null,
                                        null,
                                        c.comment(),
                                        null,
                                        tableId,
                                        sn));
                    }
                }
                indexes(all, sn, t.name(), t.indexes());
                triggers(all, sn, t.name(), t.triggers());
                for (Policy p : t.policies()) {
                    add(
                            all,
                            new Securable(
                                    policyKey(sn, t.name(), p.name()),
                                    keys(ObjectKey.relation(sn, t.name()), policyKey(sn, t.name(), p.name())),
                                    "POLICY",
                                    quote(p.name()) + " ON " + qualified(sn, t.name()),
                                    sn + "." + t.name() + "." + p.name(),
                                    null,
                                    null,
                                    null,
                                    p.comment(),
                                    null,
                                    tableId,
                                    sn));
                }
            }
            for (View v : s.views()) {
                relation(all, sn, v.name(), "VIEW", "TABLE", v.owner(), v.comment(), v.grants(), v.columns());
                triggers(all, sn, v.name(), v.triggers());
            }
            for (MaterializedView m : s.materializedViews()) {
                relation(
                        all,
                        sn,
                        m.name(),
                        "MATERIALIZED VIEW",
                        "TABLE",
                        m.owner(),
                        m.comment(),
                        m.grants(),
                        m.columns());
                indexes(all, sn, m.name(), m.indexes());
            }
            for (Sequence q : s.sequences()) {
                Set<String> k = keys(
                        ObjectKey.relation(sn, q.name()),
                        q.ownedBy() == null
                                ? null
                                : ObjectKey.relation(
                                        q.ownedBy().schema(), q.ownedBy().table()));
                add(
                        all,
                        new Securable(
                                "relation:" + sn + "." + q.name(),
                                k,
                                "SEQUENCE",
                                qualified(sn, q.name()),
                                sn + "." + q.name(),
                                "SEQUENCE " + qualified(sn, q.name()),
                                null,
                                q.owner(),
                                q.comment(),
                                q.grants(),
                                null,
                                sn));
            }
            for (Function f : s.functions()) {
                String kind = switch (f.kind()) {
                    case "procedure" -> "PROCEDURE";
                    case "aggregate" -> "AGGREGATE";
                    default -> "FUNCTION";
                };
                String signature = qualified(sn, f.name()) + "(" + FunctionFamily.arguments(f) + ")";
                String key = ObjectKey.function(sn, f.name(), f.identityArguments());
                add(
                        all,
                        new Securable(
                                key,
                                Set.of(key),
                                kind,
                                signature,
                                sn + "." + f.signature(),
                                ("PROCEDURE".equals(kind) ? "PROCEDURE " : "FUNCTION ") + signature,
                                null,
                                f.owner(),
                                f.comment(),
                                f.grants(),
                                null,
                                sn));
            }
            for (EnumType e : s.enums()) {
                type(all, sn, e.name(), "TYPE", e.owner(), e.comment());
            }
            for (RangeType r : s.rangeTypes()) {
                type(all, sn, r.name(), "TYPE", r.owner(), r.comment());
            }
            for (Domain d : s.domains()) {
                type(all, sn, d.name(), "DOMAIN", d.owner(), d.comment());
            }
            for (CompositeType c : s.compositeTypes()) {
                type(all, sn, c.name(), "TYPE", c.owner(), c.comment());
                for (CompositeType.Attribute a : c.attributes()) {
                    add(
                            all,
                            new Securable(
                                    "column:" + sn + "." + c.name() + "." + a.name(),
                                    keys(ObjectKey.type(sn, c.name()), ObjectKey.relation(sn, c.name())),
                                    "COLUMN",
                                    qualified(sn, c.name()) + "." + quote(a.name()),
                                    sn + "." + c.name() + "." + a.name(),
                                    null,
                                    null,
                                    null,
                                    a.comment(),
                                    null,
                                    "type:" + sn + "." + c.name(),
                                    sn));
                }
            }
        }
        return all;
    }

    /**
     * Keys of the objects the statements emitted so far create (or drop); an object made again under its name
     * (a type recreated aside) counts as dropped, since what hung on it went with the old one.
     */
    static Set<String> keys(DiffContext ctx, Change.Action action) {
        Set<String> keys = new java.util.HashSet<>();
        ctx.changes().stream()
                .filter(c -> c.action() == action && c.key() != null)
                .forEach(c -> keys.add(c.key()));
        if (action == Change.Action.drop) {
            keys.addAll(ctx.remade());
        }
        return keys;
    }

    /**
     * What the target holds of the source's object once the earlier families' statements ran: its current state, or
     * null when it is not there or is dropped to be made again (with it what lives on it). An object replaced in
     * place (CREATE OR REPLACE) keeps its privileges and comment, so it keeps its current state here too.
     */
    static Securable before(Securable source, Map<String, Securable> target, Set<String> dropped) {
        Securable existing = target.get(source.id());
        return existing == null || source.keys().stream().anyMatch(dropped::contains) ? null : existing;
    }

    /** A source table, with what the target holds of it once the earlier families ran ({@link #eachSourceTable}). */
    interface TableVisit {
        void visit(Schema schema, Table table, Table before);
    }

    /**
     * Each table of the source with the target's: null when it is not there or is dropped to be made again (then it
     * starts without row security, policies or grants).
     */
    static void eachSourceTable(DiffContext ctx, TableVisit visit) {
        Set<String> dropped = keys(ctx, Change.Action.drop);
        for (Schema schema : ctx.source().schemas()) {
            for (Table table : schema.tables()) {
                visit.visit(
                        schema,
                        table,
                        dropped.contains(ObjectKey.relation(schema.name(), table.name()))
                                ? null
                                : ctx.targetSchema(schema.name())
                                        .flatMap(s -> s.table(table.name()))
                                        .orElse(null));
            }
        }
    }

    static String policyKey(String schema, String table, String policy) {
        return "policy:" + schema + "." + table + "." + policy;
    }

    private static void relation(
            Map<String, Securable> all,
            String schema,
            String name,
            String kind,
            String grantKind,
            String owner,
            String comment,
            List<Grant> grants,
            List<Column> columns) {
        String id = "relation:" + schema + "." + name;
        String table = qualified(schema, name);
        String key = ObjectKey.relation(schema, name);
        add(
                all,
                new Securable(
                        id,
                        Set.of(key),
                        kind,
                        table,
                        schema + "." + name,
                        grantKind + " " + table,
                        null,
                        owner,
                        comment,
                        grants,
                        null,
                        schema));
        for (Column c : columns) {
            // a column made again (a generated one) is dropped under its own key
            String columnKey = ObjectKey.column(schema, name, c.name());
            add(
                    all,
                    new Securable(
                            columnKey,
                            keys(key, columnKey),
                            "COLUMN",
                            table + "." + quote(c.name()),
                            schema + "." + name + "." + c.name(),
                            grantKind + " " + table,
                            quote(c.name()),
                            null,
                            c.comment(),
                            c.grants(),
                            id,
                            schema));
        }
    }

    private static void indexes(Map<String, Securable> all, String schema, String table, List<Index> indexes) {
        for (Index i : indexes) {
            add(
                    all,
                    new Securable(
                            ObjectKey.index(schema, i.name()),
                            keys(ObjectKey.relation(schema, table), ObjectKey.index(schema, i.name())),
                            "INDEX",
                            qualified(schema, i.name()),
                            schema + "." + i.name(),
                            null,
                            null,
                            null,
                            i.comment(),
                            null,
                            "relation:" + schema + "." + table,
                            schema));
        }
    }

    private static void triggers(Map<String, Securable> all, String schema, String table, List<Trigger> triggers) {
        for (Trigger t : triggers) {
            String key = "trigger:" + schema + "." + table + "." + t.name();
            add(
                    all,
                    new Securable(
                            key,
                            keys(ObjectKey.relation(schema, table), key),
                            "TRIGGER",
                            quote(t.name()) + " ON " + qualified(schema, table),
                            schema + "." + table + "." + t.name(),
                            null,
                            null,
                            null,
                            t.comment(),
                            null,
                            "relation:" + schema + "." + table,
                            schema));
        }
    }

    private static void type(
            Map<String, Securable> all, String schema, String name, String kind, String owner, String comment) {
        String key = ObjectKey.type(schema, name);
        add(
                all,
                new Securable(
                        key,
                        Set.of(key),
                        kind,
                        qualified(schema, name),
                        schema + "." + name,
                        null,
                        null,
                        owner,
                        comment,
                        null,
                        null,
                        schema));
    }

    private static Set<String> keys(String... keys) {
        Set<String> set = new LinkedHashSet<>();
        for (String k : keys) {
            if (k != null) {
                set.add(k);
            }
        }
        return set;
    }

    private static void add(Map<String, Securable> all, Securable s) {
        all.put(s.id(), s);
    }
}
