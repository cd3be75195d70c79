package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
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
 * Functions, procedures and aggregates. Replaced in place where PostgreSQL allows it (CREATE OR REPLACE FUNCTION with
 * the same arguments and result), else dropped and created again, with what the table family made that the drop takes
 * along (a check constraint, an index, a default calling it). One of the kinds {@link RoutineFamily} compares schema by
 * schema.
 */
final class FunctionFamily {
    /** pg_get_functiondef prints a string body on a line of its own starting with AS; SQL-standard bodies have none. */
    private static final Pattern STRING_BODY = Pattern.compile("(?m)^AS ");

    private FunctionFamily() {}

    private static Map<String, Function> functions(DiffContext ctx, boolean source, String schema) {
        List<Function> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema))
                .map(Schema::functions)
                .orElse(List.of());
        // extension members come and go with their extension
        return byName(
                all.stream()
                        .filter(f -> f.definition() != null && f.extension() == null)
                        .toList(),
                FunctionFamily::overload);
    }

    private static final Pattern MODE = Pattern.compile("^(IN|OUT|INOUT|VARIADIC) ");
    private static final Pattern UNNAMED_MULTI_WORD_TYPE = Pattern.compile(
            "^(double precision|character varying|bit varying|(timestamp|time) with(out)? time zone)(\\[])*$");

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

    /** Marks what dropping a function that cannot be replaced in place breaks: it is dropped and made again. */
    static void mark(DiffContext ctx, String schema) {
        Map<String, Function> now = functions(ctx, true, schema);
        for (Function f : functions(ctx, false, schema).values()) {
            if (changedIncompatibly(f, now.get(overload(f)))) {
                ctx.rebuildDependentsOf(functionKey(schema, f));
            }
        }
    }

    /** CREATE OR REPLACE cannot change the kind, the result type, parameter names or defaults. */
    private static boolean replaceable(Function was, Function now) {
        return was.kind().equals(now.kind())
                && Objects.equals(was.resultType(), now.resultType())
                && Objects.equals(was.arguments(), now.arguments());
    }

    /**
     * Drops, replaces and creates the schema's functions and procedures.
     *
     * @param dropped relations dropped by this diff: a function with their row type in its signature is made again
     */
    static void diff(DiffContext ctx, String schema, Set<String> dropped) {
        Map<String, Function> old = functions(ctx, false, schema);
        Map<String, Function> now = functions(ctx, true, schema);
        for (Function f : old.values()) {
            Function wanted = now.get(overload(f));
            if (dropAndCreate(ctx, schema, f, wanted, dropped)) {
                Change drop = Change.drop(
                        type(f),
                        schema + "." + f.signature(),
                        wanted == null ? Phase.DROP_REMOVED_FUNCTIONS : Phase.DROP_FUNCTIONS,
                        functionKey(schema, f),
                        "DROP " + type(f).toUpperCase(Locale.ROOT) + " " + qualified(schema, f.name()) + "("
                                + arguments(f) + ");");
                if (wanted == null) {
                    drop = drop.withHazard(
                            Hazard.breaksClients("removes " + f.kind() + " " + schema + "." + f.signature()));
                } else if (!replaceable(f, wanted)) {
                    drop = drop.withHazard(Hazard.breaksClients(schema + "." + f.signature() + " changes its "
                            + (Objects.equals(f.resultType(), wanted.resultType())
                                    ? "kind or parameters"
                                    : "result type")
                            + "; callers may break"));
                }
                ctx.emit(drop);
                if (wanted != null) {
                    detachFromTables(
                            ctx,
                            functionKey(schema, f),
                            functionKey(schema, wanted),
                            qualified(schema, f.name()) + "(");
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
                ctx.emit(Change.create(
                                type(f),
                                name,
                                needsRelation ? Phase.CREATE_FUNCTIONS : Phase.CREATE_FUNCTIONS_EARLY,
                                key,
                                sql)
                        .requiring(Set.of(ObjectKey.schema(schema))));
            } else if (!had.definition().equals(f.definition())) {
                ctx.emit(
                        Change.alter(type(f), name, Phase.CREATE_FUNCTIONS, sql).requiring(needs));
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
                    if (!tableCalls
                            || column.inherited()
                            || column.generated() == null
                            || !column.generated().contains(call)) {
                        continue;
                    }
                    String key = ObjectKey.column(s, table.name(), column.name());
                    calling.add(key);
                    wanted.flatMap(t -> t.column(column.name()))
                            .filter(w -> !emitted.contains("drop " + key))
                            .ifPresent(w -> TableFamily.remakeGenerated(
                                    ctx,
                                    s,
                                    table.name(),
                                    w,
                                    "the function it calls, " + call + "…), is made again",
                                    Set.of(newKey)));
                }
                for (Constraint c : table.constraints()) {
                    String key = ObjectKey.constraint(s, table.name(), c.name());
                    if (c.inherited()
                            || ctx.targetDependencies().of(key).stream().noneMatch(calling::contains)) {
                        continue;
                    }
                    String shown = s + "." + table.name() + "." + c.name();
                    if (!emitted.contains("drop " + key)) {
                        ctx.emit(Change.drop(
                                "constraint",
                                shown,
                                Phase.DROP_CONSTRAINTS,
                                key,
                                "ALTER TABLE " + name + " DROP CONSTRAINT " + quote(c.name()) + ";"));
                    }
                    wanted.flatMap(t -> t.constraint(c.name()))
                            .filter(w -> !emitted.contains("create " + key))
                            .ifPresent(w -> ctx.emit(Change.create(
                                            "constraint",
                                            shown,
                                            Phase.CREATE_CONSTRAINTS,
                                            key,
                                            "ALTER TABLE " + name + " ADD CONSTRAINT " + quote(w.name()) + " "
                                                    + w.definition() + ";")
                                    .requiring(requires)
                                    .withHazard(Hazard.mayFailOnData(
                                            "adding " + shown + " again checks every row under a lock"))));
                }
                for (Index index : table.indexes()) {
                    String key = ObjectKey.index(s, index.name());
                    if (index.constraint() != null
                            || index.inherited()
                            || ctx.targetDependencies().of(key).stream().noneMatch(calling::contains)) {
                        continue;
                    }
                    if (!emitted.contains("drop " + key)) {
                        ctx.emit(Change.drop(
                                "index",
                                s + "." + index.name(),
                                Phase.DROP_INDEXES,
                                key,
                                "DROP INDEX " + qualified(s, index.name()) + ";"));
                    }
                    wanted.flatMap(t -> t.index(index.name()))
                            .filter(w -> !emitted.contains("create " + key))
                            .ifPresent(w -> ctx.emit(Change.create(
                                            "index",
                                            s + "." + index.name(),
                                            Phase.CREATE_INDEXES,
                                            key,
                                            w.definition() + ";")
                                    .requiring(requires)
                                    .withHazard(Hazard.longLock("building index " + index.name()
                                            + " again blocks writes to " + s + "." + table.name()))));
                }
                for (Column column : table.columns()) {
                    if (!tableCalls
                            || column.inherited()
                            || column.defaultExpression() == null
                            || !column.defaultExpression().contains(call)) {
                        continue;
                    }
                    String shown = s + "." + table.name() + "." + column.name();
                    String alter = "ALTER TABLE " + name + " ALTER COLUMN " + quote(column.name());
                    ctx.emit(Change.alter("column", shown, Phase.DROP_CONSTRAINTS, alter + " DROP DEFAULT;"));
                    wanted.flatMap(t -> t.column(column.name()))
                            .filter(w -> column.defaultExpression().equals(w.defaultExpression()))
                            .ifPresent(w -> ctx.emit(Change.alter(
                                            "column",
                                            shown,
                                            Phase.ALTER_TABLES,
                                            alter + " SET DEFAULT " + w.defaultExpression() + ";")
                                    .requiring(requires)));
                }
            }
        }
    }

    private static boolean dropAndCreate(
            DiffContext ctx, String schema, Function had, Function wanted, Set<String> dropped) {
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
        return ctx.mustRebuild(key)
                && ("aggregate".equals(f.kind())
                        || "sql".equals(f.language())
                                && !STRING_BODY.matcher(f.definition()).find()
                        || ctx.targetDependencies().of(key).stream().anyMatch(dropped::contains));
    }

    private static String functionKey(String schema, Function f) {
        return ObjectKey.function(schema, f.name(), f.identityArguments());
    }
}
