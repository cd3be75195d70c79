package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.View;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Views. Replaced in place when CREATE OR REPLACE VIEW can (the columns only grow at the end), else dropped and created
 * again, and so is whatever an earlier family marked for rebuilding. One of the kinds {@link RoutineFamily} compares
 * schema by schema.
 */
final class ViewFamily {
    private ViewFamily() {}

    private static Map<String, View> views(DiffContext ctx, boolean source, String schema) {
        List<View> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema))
                .map(Schema::views)
                .orElse(List.of());
        return byName(all.stream().filter(v -> v.extension() == null).toList(), View::name);
    }

    /** Marks what dropping a view that cannot be replaced in place breaks. */
    static void mark(DiffContext ctx, String schema) {
        Map<String, View> now = views(ctx, true, schema);
        for (View v : views(ctx, false, schema).values()) {
            if (viewDropped(ctx, schema, v, now.get(v.name()))) {
                ctx.rebuildDependentsOf(ObjectKey.relation(schema, v.name()));
            }
        }
    }

    /** The relations of the views this diff drops (to make them again, or for good). */
    static Set<String> dropped(DiffContext ctx, String schema) {
        Map<String, View> views = views(ctx, true, schema);
        Set<String> dropped = new HashSet<>();
        views(ctx, false, schema).values().stream()
                .filter(v -> viewDropped(ctx, schema, v, views.get(v.name())))
                .forEach(v -> dropped.add(ObjectKey.relation(schema, v.name())));
        return dropped;
    }

    private static boolean viewDropped(DiffContext ctx, String schema, View was, View wanted) {
        return wanted == null
                || ctx.mustRebuild(ObjectKey.relation(schema, was.name()))
                || !was.definition().equals(wanted.definition()) && !columnsOnlyGrow(was.columns(), wanted.columns());
    }

    /** CREATE OR REPLACE VIEW keeps the existing columns (name, type, collation, in order) and may add some at the end. */
    private static boolean columnsOnlyGrow(List<Column> was, List<Column> now) {
        if (now.size() < was.size()) {
            return false;
        }
        for (int i = 0; i < was.size(); i++) {
            Column a = was.get(i);
            Column b = now.get(i);
            if (!a.name().equals(b.name())
                    || !a.type().equals(b.type())
                    || !Objects.equals(a.collation(), b.collation())) {
                return false;
            }
        }
        return true;
    }

    /** Drops, replaces and creates the schema's views. */
    static void diff(DiffContext ctx, String schema) {
        Map<String, View> old = views(ctx, false, schema);
        Map<String, View> now = views(ctx, true, schema);
        List<View> create = new ArrayList<>();
        for (View v : old.values()) {
            View wanted = now.get(v.name());
            String key = ObjectKey.relation(schema, v.name());
            boolean sameDefinition = wanted != null && v.definition().equals(wanted.definition());
            if (viewDropped(ctx, schema, v, wanted)) {
                Change drop = Change.drop(
                        "view",
                        schema + "." + v.name(),
                        Phase.DROP_VIEWS,
                        key,
                        "DROP VIEW " + qualified(schema, v.name()) + ";");
                ctx.emit(
                        wanted == null
                                ? drop.withHazard(Hazard.breaksClients("removes view " + schema + "." + v.name()))
                                : drop);
                if (wanted != null) {
                    create.add(wanted);
                }
            } else if (!sameDefinition) {
                ctx.emit(Change.alter(
                                "view", schema + "." + v.name(), Phase.CREATE_VIEWS, createView(schema, wanted, true))
                        .requiring(ctx.sourceDependencies().of(key)));
            } else {
                options(ctx, "view", "VIEW", schema, v.name(), v.options(), wanted.options());
            }
        }
        now.values().stream().filter(v -> !old.containsKey(v.name())).forEach(create::add);
        for (View v : create) {
            ctx.emit(Change.create(
                            "view",
                            schema + "." + v.name(),
                            Phase.CREATE_VIEWS,
                            ObjectKey.relation(schema, v.name()),
                            createView(schema, v, false))
                    .requiring(Set.of(ObjectKey.schema(schema))));
        }
    }

    private static String createView(String schema, View v, boolean replace) {
        return "CREATE " + (replace ? "OR REPLACE " : "") + "VIEW " + qualified(schema, v.name()) + with(v.options())
                + " AS\n" + query(v.definition()) + ";";
    }

    static String with(List<String> options) {
        return options.isEmpty() ? "" : " WITH (" + String.join(", ", options) + ")";
    }

    /** pg_get_viewdef's SELECT, without the semicolon it ends with. */
    static String query(String definition) {
        String text = definition.strip();
        return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    }

    /** ALTER VIEW / MATERIALIZED VIEW … RESET the options that went, SET the ones that came or changed. */
    static void options(
            DiffContext ctx,
            String type,
            String keyword,
            String schema,
            String name,
            List<String> was,
            List<String> now) {
        if (was.equals(now)) {
            return;
        }
        String alter = "ALTER " + keyword + " " + qualified(schema, name);
        List<String> reset = was.stream()
                .map(o -> o.substring(0, o.indexOf('=')))
                .filter(k -> now.stream().noneMatch(o -> o.startsWith(k + "=")))
                .toList();
        if (!reset.isEmpty()) {
            ctx.emit(Change.alter(
                    type,
                    schema + "." + name,
                    Phase.CREATE_VIEWS,
                    alter + " RESET (" + String.join(", ", reset) + ");"));
        }
        List<String> set = now.stream().filter(o -> !was.contains(o)).toList();
        if (!set.isEmpty()) {
            ctx.emit(Change.alter(
                    type, schema + "." + name, Phase.CREATE_VIEWS, alter + " SET (" + String.join(", ", set) + ");"));
        }
    }
}
