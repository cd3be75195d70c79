package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.Trigger;
import dev.supadokploy.pg.catalog.View;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Triggers of tables and views: dropped and created again when their definition changes or what they call is made
 * again, and enabled or disabled (ALTER TABLE … ENABLE / DISABLE / ENABLE REPLICA / ENABLE ALWAYS TRIGGER).
 */
final class TriggerFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        for (String schema : ctx.schemaNames()) {
            diff(ctx, schema);
        }
    }

    /** Triggers of the tables and views of one side, by "relation.trigger"; a partition's clones come with the parent's. */
    private static Map<String, Trigger> triggers(DiffContext ctx, boolean source, String schema) {
        Map<String, Trigger> found = new java.util.LinkedHashMap<>();
        (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema)).ifPresent(s -> {
            for (Table t : s.tables()) {
                if (t.extension() == null) {
                    t.triggers().stream()
                            .filter(g -> !g.inherited())
                            .forEach(g -> found.put(t.name() + "." + g.name(), g));
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

    private static void diff(DiffContext ctx, String schema) {
        Map<String, Trigger> old = triggers(ctx, false, schema);
        Map<String, Trigger> now = triggers(ctx, true, schema);
        for (Map.Entry<String, Trigger> e : old.entrySet()) {
            Trigger wanted = now.get(e.getKey());
            String key = "trigger:" + schema + "." + e.getKey();
            Trigger g = e.getValue();
            String relation =
                    e.getKey().substring(0, e.getKey().length() - g.name().length() - 1);
            if (wanted == null || ctx.mustRebuild(key) || !g.definition().equals(wanted.definition())) {
                ctx.emit(Change.drop(
                        "trigger",
                        schema + "." + e.getKey(),
                        Phase.DROP_TRIGGERS,
                        key,
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
            String relation =
                    e.getKey().substring(0, e.getKey().length() - g.name().length() - 1);
            Set<String> requires = Set.of(
                    ObjectKey.relation(schema, relation),
                    ObjectKey.function(g.function().schema(), g.function().name(), ""));
            ctx.emit(Change.create(
                            "trigger", schema + "." + e.getKey(), Phase.CREATE_TRIGGERS, key, g.definition() + ";")
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
        return Change.alter(
                "trigger",
                schema + "." + relation + "." + g.name(),
                Phase.CREATE_TRIGGERS,
                "ALTER TABLE " + qualified(schema, relation) + " " + state + " TRIGGER " + quote(g.name()) + ";");
    }
}
