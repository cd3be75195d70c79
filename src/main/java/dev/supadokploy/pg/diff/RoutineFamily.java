package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.MaterializedView;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.Trigger;
import dev.supadokploy.pg.catalog.View;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Functions and procedures, views, materialized views (with their indexes) and triggers. Replaces in place where
 * PostgreSQL allows it (CREATE OR REPLACE FUNCTION with the same arguments and result, CREATE OR REPLACE VIEW when
 * the columns only grow at the end), else drops and creates again, and then rebuilds what depends on the dropped
 * object. Whatever an earlier family marked for rebuilding ({@link DiffContext#mustRebuild}) is dropped and made
 * again even when its own definition did not change. Comments, owners and grants are left to other families.
 */
final class RoutineFamily implements DiffFamily {
    /** pg_get_functiondef prints a string body on a line of its own starting with AS; SQL-standard bodies have none. */
    private static final Pattern STRING_BODY = Pattern.compile("(?m)^AS ");

    @Override
    public void diff(DiffContext ctx) {
        Set<String> schemas = ctx.schemaNames();
        // first mark what dropping objects of this family breaks, wherever it is, then compare
        for (String schema : schemas) {
            markFunctions(ctx, schema);
            markViews(ctx, schema);
        }
        // relations dropped here or by the table family: functions with their row type in a signature go first
        Set<String> dropped = new HashSet<>();
        ctx.changes().stream().filter(c -> c.action() == Change.Action.drop && c.key() != null && c.key().startsWith("relation:"))
                .forEach(c -> dropped.add(c.key()));
        for (String schema : schemas) {
            Map<String, View> views = views(ctx, true, schema);
            views(ctx, false, schema).values().stream().filter(v -> viewDropped(ctx, schema, v, views.get(v.name())))
                    .forEach(v -> dropped.add(ObjectKey.relation(schema, v.name())));
            Map<String, MaterializedView> materialized = materializedViews(ctx, true, schema);
            materializedViews(ctx, false, schema).values().stream()
                    .filter(v -> materializedViewDropped(ctx, schema, v, materialized.get(v.name())))
                    .forEach(v -> dropped.add(ObjectKey.relation(schema, v.name())));
        }
        for (String schema : schemas) {
            functions(ctx, schema, dropped);
            views(ctx, schema);
            materializedViews(ctx, schema);
            triggers(ctx, schema);
        }
    }

    // ---- functions and procedures ------------------------------------------------------------------------------

    private static Map<String, Function> functions(DiffContext ctx, boolean source, String schema) {
        List<Function> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema)).map(Schema::functions).orElse(List.of());
        // extension members come and go with their extension
        return byName(all.stream().filter(f -> f.definition() != null && f.extension() == null).toList(), RoutineFamily::overload);
    }

    private static final Pattern MODE = Pattern.compile("^(IN|OUT|INOUT|VARIADIC) ");
    private static final Pattern UNNAMED_MULTI_WORD_TYPE =
            Pattern.compile("^(double precision|character varying|bit varying|(timestamp|time) with(out)? time zone)(\\[])*$");

    /**
     * What makes an overload in PostgreSQL: the name and the argument types, without parameter names (those printed
     * by pg_get_function_identity_arguments), so a renamed parameter is the same overload changed, not another one.
     */
    static String overload(Function f) {
        List<String> types = new ArrayList<>();
        for (String argument : splitArguments(f.identityArguments())) {
            if (argument.startsWith("OUT ") && !"procedure".equals(f.kind())) {
                continue; // a function is known by its input parameters: adding an OUT one changes its result type
            }
            // the mode does not tell overloads apart either: f(IN int) and f(INOUT int) are one function
            String rest = MODE.matcher(argument).replaceFirst("");
            int space = firstSpaceOutsideQuotes(rest);
            types.add(space < 0 || UNNAMED_MULTI_WORD_TYPE.matcher(rest).matches() ? rest : rest.substring(space + 1));
        }
        return f.name() + "(" + String.join(", ", types) + ")";
    }

    private static List<String> splitArguments(String arguments) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(arguments.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!arguments.isBlank()) {
            parts.add(arguments.substring(start).strip());
        }
        return parts;
    }

    private static int firstSpaceOutsideQuotes(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static void markFunctions(DiffContext ctx, String schema) {
        Map<String, Function> now = functions(ctx, true, schema);
        for (Function f : functions(ctx, false, schema).values()) {
            if (changedIncompatibly(f, now.get(overload(f)))) {
                ctx.rebuildDependentsOf(functionKey(schema, f));
            }
        }
    }

    /** CREATE OR REPLACE cannot change the kind, the result type, parameter names or defaults. */
    private static boolean replaceable(Function was, Function now) {
        return was.kind().equals(now.kind()) && Objects.equals(was.resultType(), now.resultType())
                && Objects.equals(was.arguments(), now.arguments());
    }

    private static void functions(DiffContext ctx, String schema, Set<String> dropped) {
        Map<String, Function> old = functions(ctx, false, schema);
        Map<String, Function> now = functions(ctx, true, schema);
        for (Function f : old.values()) {
            Function wanted = now.get(overload(f));
            if (dropAndCreate(ctx, schema, f, wanted, dropped)) {
                Change drop = Change.drop(type(f), schema + "." + f.signature(),
                        wanted == null ? Phase.DROP_REMOVED_FUNCTIONS : Phase.DROP_FUNCTIONS, functionKey(schema, f),
                        "DROP " + type(f).toUpperCase(Locale.ROOT) + " " + qualified(schema, f.name())
                                + "(" + arguments(f) + ");");
                if (wanted == null) {
                    drop = drop.withHazard(Hazard.breaksClients("removes " + f.kind() + " " + schema + "." + f.signature()));
                } else if (!replaceable(f, wanted)) {
                    drop = drop.withHazard(Hazard.breaksClients(schema + "." + f.signature() + " changes its "
                            + (Objects.equals(f.resultType(), wanted.resultType()) ? "kind or parameters" : "result type")
                            + "; callers may break"));
                }
                ctx.emit(drop);
                if (wanted != null) {
                    detachFromTables(ctx, functionKey(schema, f), functionKey(schema, wanted), qualified(schema, f.name()) + "(");
                }
            }
        }
        for (Function f : now.values()) {
            Function had = old.get(overload(f));
            String key = functionKey(schema, f);
            String name = schema + "." + f.signature();
            String sql = f.definition().strip() + ";";
            Set<String> needs = ctx.sourceDependencies().of(key);
            if (had == null || dropAndCreate(ctx, schema, had, f, dropped)) {
                // before the tables whose defaults and checks may call it, unless it needs a relation itself
                // (SQL-standard body, row type): then after the tables are made and altered
                boolean needsRelation = needs.stream().anyMatch(k -> k.startsWith("relation:"));
                ctx.emit(Change.create(type(f), name, needsRelation ? Phase.CREATE_FUNCTIONS : Phase.CREATE_FUNCTIONS_EARLY, key, sql)
                        .requiring(Set.of(ObjectKey.schema(schema))));
            } else if (!had.definition().equals(f.definition())) {
                ctx.emit(Change.alter(type(f), name, Phase.CREATE_FUNCTIONS, sql).requiring(needs));
            }
        }
    }

    /**
     * What the table family made and a function dropped to be made again would take with it — a check constraint,
     * a column default or an index expression calling it — comes off before and goes back after, unless the table
     * family already drops or makes it.
     */
    private static void detachFromTables(DiffContext ctx, String oldKey, String newKey, String call) {
        Set<String> emitted = new HashSet<>();
        ctx.changes().forEach(c -> emitted.add(c.action() + " " + c.key()));
        for (Schema schema : ctx.target().schemas()) {
            String s = schema.name();
            for (Table table : schema.tables()) {
                Optional<Table> wanted = ctx.sourceSchema(s).flatMap(x -> x.table(table.name()));
                String name = qualified(s, table.name());
                String tableKey = ObjectKey.relation(s, table.name());
                Set<String> requires = Set.of(newKey, tableKey);
                // what calls it: a stored generated column is made again, with what uses the column
                Set<String> calling = new HashSet<>(Set.of(oldKey));
                boolean tableCalls = ctx.targetDependencies().of(tableKey).contains(oldKey);
                for (Column column : table.columns()) {
                    if (!tableCalls || column.inherited() || column.generated() == null || !column.generated().contains(call)) {
                        continue;
                    }
                    String key = ObjectKey.column(s, table.name(), column.name());
                    calling.add(key);
                    wanted.flatMap(t -> t.column(column.name())).filter(w -> !emitted.contains("drop " + key))
                            .ifPresent(w -> TableFamily.remakeGenerated(ctx, s, table.name(), w, "the function it calls, " + call + "…), is made again",
                                    Set.of(newKey)));
                }
                for (Constraint c : table.constraints()) {
                    String key = ObjectKey.constraint(s, table.name(), c.name());
                    if (c.inherited() || ctx.targetDependencies().of(key).stream().noneMatch(calling::contains)) {
                        continue;
                    }
                    String shown = s + "." + table.name() + "." + c.name();
                    if (!emitted.contains("drop " + key)) {
                        ctx.emit(Change.drop("constraint", shown, Phase.DROP_CONSTRAINTS, key,
                                "ALTER TABLE " + name + " DROP CONSTRAINT " + quote(c.name()) + ";"));
                    }
                    wanted.flatMap(t -> t.constraint(c.name())).filter(w -> !emitted.contains("create " + key)).ifPresent(w ->
                            ctx.emit(Change.create("constraint", shown, Phase.CREATE_CONSTRAINTS, key,
                                            "ALTER TABLE " + name + " ADD CONSTRAINT " + quote(w.name()) + " " + w.definition() + ";")
                                    .requiring(requires)
                                    .withHazard(Hazard.mayFailOnData("adding " + shown + " again checks every row under a lock"))));
                }
                for (Index index : table.indexes()) {
                    String key = ObjectKey.index(s, index.name());
                    if (index.constraint() != null || index.inherited()
                            || ctx.targetDependencies().of(key).stream().noneMatch(calling::contains)) {
                        continue;
                    }
                    if (!emitted.contains("drop " + key)) {
                        ctx.emit(Change.drop("index", s + "." + index.name(), Phase.DROP_INDEXES, key,
                                "DROP INDEX " + qualified(s, index.name()) + ";"));
                    }
                    wanted.flatMap(t -> t.index(index.name())).filter(w -> !emitted.contains("create " + key)).ifPresent(w ->
                            ctx.emit(Change.create("index", s + "." + index.name(), Phase.CREATE_INDEXES, key, w.definition() + ";")
                                    .requiring(requires)
                                    .withHazard(Hazard.longLock("building index " + index.name() + " again blocks writes to "
                                            + s + "." + table.name()))));
                }
                for (Column column : table.columns()) {
                    if (!tableCalls || column.inherited() || column.defaultExpression() == null || !column.defaultExpression().contains(call)) {
                        continue;
                    }
                    String shown = s + "." + table.name() + "." + column.name();
                    String alter = "ALTER TABLE " + name + " ALTER COLUMN " + quote(column.name());
                    ctx.emit(Change.alter("column", shown, Phase.DROP_CONSTRAINTS, alter + " DROP DEFAULT;"));
                    wanted.flatMap(t -> t.column(column.name())).filter(w -> column.defaultExpression().equals(w.defaultExpression()))
                            .ifPresent(w -> ctx.emit(Change.alter("column", shown, Phase.ALTER_TABLES,
                                    alter + " SET DEFAULT " + w.defaultExpression() + ";").requiring(requires)));
                }
            }
        }
    }

    private static boolean dropAndCreate(DiffContext ctx, String schema, Function had, Function wanted, Set<String> dropped) {
        return changedIncompatibly(had, wanted) || rebuild(ctx, schema, had, dropped);
    }

    private static boolean changedIncompatibly(Function had, Function wanted) {
        return wanted == null || !had.definition().equals(wanted.definition()) && !replaceable(had, wanted);
    }

    private static String type(Function f) {
        return "procedure".equals(f.kind()) || "aggregate".equals(f.kind()) ? f.kind() : "function";
    }

    /** The identity arguments as DROP, ALTER and COMMENT name an overload; an aggregate of no argument is {@code (*)}. */
    static String arguments(Function f) {
        return "aggregate".equals(f.kind()) && f.identityArguments().isEmpty() ? "*" : f.identityArguments();
    }

    /**
     * A function marked for rebuilding is rebuilt when it holds the dependency in its body (SQL-standard BEGIN ATOMIC
     * or RETURN), or when a relation whose row type its signature uses is dropped (a row type survives column
     * changes); an aggregate always (its support functions are made again).
     */
    private static boolean rebuild(DiffContext ctx, String schema, Function f, Set<String> dropped) {
        String key = functionKey(schema, f);
        return ctx.mustRebuild(key) && ("aggregate".equals(f.kind())
                || "sql".equals(f.language()) && !STRING_BODY.matcher(f.definition()).find()
                || ctx.targetDependencies().of(key).stream().anyMatch(dropped::contains));
    }

    private static String functionKey(String schema, Function f) {
        return ObjectKey.function(schema, f.name(), f.identityArguments());
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    private static Map<String, View> views(DiffContext ctx, boolean source, String schema) {
        List<View> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema)).map(Schema::views).orElse(List.of());
        return byName(all.stream().filter(v -> v.extension() == null).toList(), View::name);
    }

    private static Map<String, MaterializedView> materializedViews(DiffContext ctx, boolean source, String schema) {
        List<MaterializedView> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema))
                .map(Schema::materializedViews).orElse(List.of());
        return byName(all.stream().filter(v -> v.extension() == null).toList(), MaterializedView::name);
    }

    private static void markViews(DiffContext ctx, String schema) {
        Map<String, View> now = views(ctx, true, schema);
        for (View v : views(ctx, false, schema).values()) {
            if (viewDropped(ctx, schema, v, now.get(v.name()))) {
                ctx.rebuildDependentsOf(ObjectKey.relation(schema, v.name()));
            }
        }
        Map<String, MaterializedView> nowMaterialized = materializedViews(ctx, true, schema);
        for (MaterializedView v : materializedViews(ctx, false, schema).values()) {
            if (materializedViewDropped(ctx, schema, v, nowMaterialized.get(v.name()))) {
                ctx.rebuildDependentsOf(ObjectKey.relation(schema, v.name()));
            }
        }
    }

    private static boolean viewDropped(DiffContext ctx, String schema, View was, View wanted) {
        return wanted == null || ctx.mustRebuild(ObjectKey.relation(schema, was.name()))
                || !was.definition().equals(wanted.definition()) && !columnsOnlyGrow(was.columns(), wanted.columns());
    }

    private static boolean materializedViewDropped(DiffContext ctx, String schema, MaterializedView was, MaterializedView wanted) {
        return wanted == null || ctx.mustRebuild(ObjectKey.relation(schema, was.name())) || !was.definition().equals(wanted.definition());
    }

    /** CREATE OR REPLACE VIEW keeps the existing columns (name, type, collation, in order) and may add some at the end. */
    private static boolean columnsOnlyGrow(List<Column> was, List<Column> now) {
        if (now.size() < was.size()) {
            return false;
        }
        for (int i = 0; i < was.size(); i++) {
            Column a = was.get(i);
            Column b = now.get(i);
            if (!a.name().equals(b.name()) || !a.type().equals(b.type()) || !Objects.equals(a.collation(), b.collation())) {
                return false;
            }
        }
        return true;
    }

    private static void views(DiffContext ctx, String schema) {
        Map<String, View> old = views(ctx, false, schema);
        Map<String, View> now = views(ctx, true, schema);
        List<View> create = new ArrayList<>();
        for (View v : old.values()) {
            View wanted = now.get(v.name());
            String key = ObjectKey.relation(schema, v.name());
            boolean sameDefinition = wanted != null && v.definition().equals(wanted.definition());
            if (viewDropped(ctx, schema, v, wanted)) {
                Change drop = Change.drop("view", schema + "." + v.name(), Phase.DROP_VIEWS, key,
                        "DROP VIEW " + qualified(schema, v.name()) + ";");
                ctx.emit(wanted == null ? drop.withHazard(Hazard.breaksClients("removes view " + schema + "." + v.name())) : drop);
                if (wanted != null) {
                    create.add(wanted);
                }
            } else if (!sameDefinition) {
                ctx.emit(Change.alter("view", schema + "." + v.name(), Phase.CREATE_VIEWS, createView(schema, wanted, true))
                        .requiring(ctx.sourceDependencies().of(key)));
            } else {
                options(ctx, "view", "VIEW", schema, v.name(), v.options(), wanted.options());
            }
        }
        now.values().stream().filter(v -> !old.containsKey(v.name())).forEach(create::add);
        for (View v : create) {
            ctx.emit(Change.create("view", schema + "." + v.name(), Phase.CREATE_VIEWS, ObjectKey.relation(schema, v.name()),
                    createView(schema, v, false)).requiring(Set.of(ObjectKey.schema(schema))));
        }
    }

    private static String createView(String schema, View v, boolean replace) {
        return "CREATE " + (replace ? "OR REPLACE " : "") + "VIEW " + qualified(schema, v.name()) + with(v.options()) + " AS\n"
                + query(v.definition()) + ";";
    }

    private static String with(List<String> options) {
        return options.isEmpty() ? "" : " WITH (" + String.join(", ", options) + ")";
    }

    /** pg_get_viewdef's SELECT, without the semicolon it ends with. */
    private static String query(String definition) {
        String text = definition.strip();
        return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    }

    /** ALTER VIEW / MATERIALIZED VIEW … RESET the options that went, SET the ones that came or changed. */
    private static void options(DiffContext ctx, String type, String keyword, String schema, String name, List<String> was,
                                List<String> now) {
        if (was.equals(now)) {
            return;
        }
        String alter = "ALTER " + keyword + " " + qualified(schema, name);
        List<String> reset = was.stream().map(o -> o.substring(0, o.indexOf('=')))
                .filter(k -> now.stream().noneMatch(o -> o.startsWith(k + "="))).toList();
        if (!reset.isEmpty()) {
            ctx.emit(Change.alter(type, schema + "." + name, Phase.CREATE_VIEWS, alter + " RESET (" + String.join(", ", reset) + ");"));
        }
        List<String> set = now.stream().filter(o -> !was.contains(o)).toList();
        if (!set.isEmpty()) {
            ctx.emit(Change.alter(type, schema + "." + name, Phase.CREATE_VIEWS, alter + " SET (" + String.join(", ", set) + ");"));
        }
    }

    // ---- materialized views --------------------------------------------------------------------------------------

    private static void materializedViews(DiffContext ctx, String schema) {
        Map<String, MaterializedView> old = materializedViews(ctx, false, schema);
        Map<String, MaterializedView> now = materializedViews(ctx, true, schema);
        for (MaterializedView v : old.values()) {
            MaterializedView wanted = now.get(v.name());
            String key = ObjectKey.relation(schema, v.name());
            String shown = schema + "." + v.name();
            if (materializedViewDropped(ctx, schema, v, wanted)) {
                Change drop = Change.drop("materialized view", shown, Phase.DROP_VIEWS, key,
                        "DROP MATERIALIZED VIEW " + qualified(schema, v.name()) + ";");
                ctx.emit(wanted == null ? drop.withHazard(Hazard.breaksClients("removes materialized view " + shown)) : drop);
                if (wanted != null) {
                    createMaterializedView(ctx, schema, wanted, wanted.populated()
                            ? Hazard.longLock("the rebuilt " + shown + " runs its query again before anyone can read it") : null);
                }
                continue;
            }
            options(ctx, "materialized view", "MATERIALIZED VIEW", schema, v.name(), v.options(), wanted.options());
            if (v.populated() != wanted.populated()) {
                Change refresh = Change.alter("materialized view", shown, Phase.CREATE_VIEWS, "REFRESH MATERIALIZED VIEW "
                        + qualified(schema, v.name()) + (wanted.populated() ? "" : " WITH NO DATA") + ";");
                ctx.emit(wanted.populated() ? refresh.withHazard(Hazard.longLock("refreshing " + shown
                        + " runs its query and blocks reads of it until done")) : refresh);
            }
            materializedViewIndexes(ctx, schema, v, wanted);
        }
        for (MaterializedView v : now.values()) {
            if (!old.containsKey(v.name())) {
                createMaterializedView(ctx, schema, v, null);
            }
        }
    }

    private static void createMaterializedView(DiffContext ctx, String schema, MaterializedView v, Hazard hazard) {
        ctx.emit(Change.create("materialized view", schema + "." + v.name(), Phase.CREATE_VIEWS, ObjectKey.relation(schema, v.name()),
                "CREATE MATERIALIZED VIEW " + qualified(schema, v.name()) + with(v.options()) + " AS\n" + query(v.definition())
                        + "\nWITH " + (v.populated() ? "" : "NO ") + "DATA;")
                .requiring(Set.of(ObjectKey.schema(schema))).withHazard(hazard));
        materializedViewIndexes(ctx, schema, null, v);
    }

    private static void materializedViewIndexes(DiffContext ctx, String schema, MaterializedView existing, MaterializedView v) {
        Map<String, Index> old = existing == null ? Map.of() : byName(existing.indexes(), Index::name);
        Map<String, Index> now = byName(v.indexes(), Index::name);
        for (Index index : old.values()) {
            Index wanted = now.get(index.name());
            if (wanted == null || !index.definition().equals(wanted.definition())) {
                ctx.emit(Change.drop("index", schema + "." + index.name(), Phase.DROP_INDEXES, ObjectKey.index(schema, index.name()),
                        "DROP INDEX " + qualified(schema, index.name()) + ";"));
            }
        }
        for (Index index : now.values()) {
            Index had = old.get(index.name());
            if (had == null || !had.definition().equals(index.definition())) {
                ctx.emit(Change.create("index", schema + "." + index.name(), Phase.CREATE_INDEXES, ObjectKey.index(schema, index.name()),
                        index.definition() + ";").requiring(Set.of(ObjectKey.relation(schema, v.name()))));
            }
        }
    }

    // ---- triggers ------------------------------------------------------------------------------------------------

    /** Triggers of the tables and views of one side, by "relation.trigger"; a partition's clones come with the parent's. */
    private static Map<String, Trigger> triggers(DiffContext ctx, boolean source, String schema) {
        Map<String, Trigger> found = new java.util.LinkedHashMap<>();
        (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema)).ifPresent(s -> {
            for (Table t : s.tables()) {
                if (t.extension() == null) {
                    t.triggers().stream().filter(g -> !g.inherited()).forEach(g -> found.put(t.name() + "." + g.name(), g));
                }
            }
            for (View v : s.views()) {
                if (v.extension() == null) {
                    v.triggers().forEach(g -> found.put(v.name() + "." + g.name(), g));
                }
            }
        });
        return found;
    }

    private static void triggers(DiffContext ctx, String schema) {
        Map<String, Trigger> old = triggers(ctx, false, schema);
        Map<String, Trigger> now = triggers(ctx, true, schema);
        for (Map.Entry<String, Trigger> e : old.entrySet()) {
            Trigger wanted = now.get(e.getKey());
            String key = "trigger:" + schema + "." + e.getKey();
            Trigger g = e.getValue();
            String relation = e.getKey().substring(0, e.getKey().length() - g.name().length() - 1);
            if (wanted == null || ctx.mustRebuild(key) || !g.definition().equals(wanted.definition())) {
                ctx.emit(Change.drop("trigger", schema + "." + e.getKey(), Phase.DROP_TRIGGERS, key,
                        "DROP TRIGGER " + quote(g.name()) + " ON " + qualified(schema, relation) + ";"));
            } else if (!Objects.equals(g.enabled(), wanted.enabled())) {
                ctx.emit(enabled(schema, relation, wanted));
            }
        }
        for (Map.Entry<String, Trigger> e : now.entrySet()) {
            Trigger had = old.get(e.getKey());
            String key = "trigger:" + schema + "." + e.getKey();
            Trigger g = e.getValue();
            if (had != null && !ctx.mustRebuild(key) && had.definition().equals(g.definition())) {
                continue;
            }
            String relation = e.getKey().substring(0, e.getKey().length() - g.name().length() - 1);
            Set<String> requires = Set.of(ObjectKey.relation(schema, relation),
                    ObjectKey.function(g.function().schema(), g.function().name(), ""));
            ctx.emit(Change.create("trigger", schema + "." + e.getKey(), Phase.CREATE_TRIGGERS, key, g.definition() + ";")
                    .requiring(requires));
            if (!"enabled".equals(g.enabled())) {
                ctx.emit(enabled(schema, relation, g).requiring(Set.of(key)));
            }
        }
    }

    /** ALTER TABLE … ENABLE / DISABLE / ENABLE REPLICA / ENABLE ALWAYS TRIGGER (views' triggers are always enabled). */
    private static Change enabled(String schema, String relation, Trigger g) {
        String state = switch (g.enabled()) {
            case "disabled" -> "DISABLE";
            case "replica" -> "ENABLE REPLICA";
            case "always" -> "ENABLE ALWAYS";
            default -> "ENABLE";
        };
        return Change.alter("trigger", schema + "." + relation + "." + g.name(), Phase.CREATE_TRIGGERS,
                "ALTER TABLE " + qualified(schema, relation) + " " + state + " TRIGGER " + quote(g.name()) + ";");
    }
}
