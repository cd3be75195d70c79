package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.MaterializedView;
import dev.supadokploy.pg.catalog.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Materialized views and their indexes: dropped and created again when the query changes (there is no CREATE OR
 * REPLACE), refreshed when only what they read changed. One of the kinds {@link RoutineFamily} compares schema by
 * schema.
 */
final class MaterializedViewFamily {
    private MaterializedViewFamily() {}

    private static Map<String, MaterializedView> materializedViews(DiffContext ctx, boolean source, String schema) {
        List<MaterializedView> all = (source ? ctx.sourceSchema(schema) : ctx.targetSchema(schema))
                .map(Schema::materializedViews)
                .orElse(List.of());
        return byName(all.stream().filter(v -> v.extension() == null).toList(), MaterializedView::name);
    }

    /** Marks what dropping a materialized view breaks. */
    static void mark(DiffContext ctx, String schema) {
        Map<String, MaterializedView> now = materializedViews(ctx, true, schema);
        for (MaterializedView v : materializedViews(ctx, false, schema).values()) {
            if (materializedViewDropped(ctx, schema, v, now.get(v.name()))) {
                ctx.rebuildDependentsOf(ObjectKey.relation(schema, v.name()));
            }
        }
    }

    /** The relations of the materialized views this diff drops (to make them again, or for good). */
    static Set<String> dropped(DiffContext ctx, String schema) {
        Map<String, MaterializedView> materialized = materializedViews(ctx, true, schema);
        Set<String> dropped = new HashSet<>();
        materializedViews(ctx, false, schema).values().stream()
                .filter(v -> materializedViewDropped(ctx, schema, v, materialized.get(v.name())))
                .forEach(v -> dropped.add(ObjectKey.relation(schema, v.name())));
        return dropped;
    }

    private static boolean materializedViewDropped(
            DiffContext ctx, String schema, MaterializedView was, MaterializedView wanted) {
        return wanted == null
                || ctx.mustRebuild(ObjectKey.relation(schema, was.name()))
                || !was.definition().equals(wanted.definition());
    }

    /** Drops, refreshes and creates the schema's materialized views, and their indexes. */
    static void diff(DiffContext ctx, String schema) {
        Map<String, MaterializedView> old = materializedViews(ctx, false, schema);
        Map<String, MaterializedView> now = materializedViews(ctx, true, schema);
        for (MaterializedView v : old.values()) {
            MaterializedView wanted = now.get(v.name());
            String key = ObjectKey.relation(schema, v.name());
            String shown = schema + "." + v.name();
            if (materializedViewDropped(ctx, schema, v, wanted)) {
                Change drop = Change.drop(
                        "materialized view",
                        shown,
                        Phase.DROP_VIEWS,
                        key,
                        "DROP MATERIALIZED VIEW " + qualified(schema, v.name()) + ";");
                ctx.emit(
                        wanted == null
                                ? drop.withHazard(Hazard.breaksClients("removes materialized view " + shown))
                                : drop);
                if (wanted != null) {
                    createMaterializedView(
                            ctx,
                            schema,
                            wanted,
                            wanted.populated()
                                    ? Hazard.longLock(
                                            "the rebuilt " + shown + " runs its query again before anyone can read it")
                                    : null);
                }
                continue;
            }
            ViewFamily.options(
                    ctx, "materialized view", "MATERIALIZED VIEW", schema, v.name(), v.options(), wanted.options());
            if (v.populated() != wanted.populated()) {
                Change refresh = Change.alter(
                        "materialized view",
                        shown,
                        Phase.CREATE_VIEWS,
                        "REFRESH MATERIALIZED VIEW " + qualified(schema, v.name())
                                + (wanted.populated() ? "" : " WITH NO DATA") + ";");
                ctx.emit(
                        wanted.populated()
                                ? refresh.withHazard(Hazard.longLock(
                                        "refreshing " + shown + " runs its query and blocks reads of it until done"))
                                : refresh);
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
        ctx.emit(Change.create(
                        "materialized view",
                        schema + "." + v.name(),
                        Phase.CREATE_VIEWS,
                        ObjectKey.relation(schema, v.name()),
                        "CREATE MATERIALIZED VIEW " + qualified(schema, v.name()) + ViewFamily.with(v.options())
                                + " AS\n" + ViewFamily.query(v.definition()) + "\nWITH " + (v.populated() ? "" : "NO ")
                                + "DATA;")
                .requiring(Set.of(ObjectKey.schema(schema)))
                .withHazard(hazard));
        materializedViewIndexes(ctx, schema, null, v);
    }

    private static void materializedViewIndexes(
            DiffContext ctx, String schema, MaterializedView existing, MaterializedView v) {
        Map<String, Index> old = existing == null ? Map.of() : byName(existing.indexes(), Index::name);
        Map<String, Index> now = byName(v.indexes(), Index::name);
        for (Index index : old.values()) {
            Index wanted = now.get(index.name());
            if (wanted == null || !index.definition().equals(wanted.definition())) {
                ctx.emit(Change.drop(
                        "index",
                        schema + "." + index.name(),
                        Phase.DROP_INDEXES,
                        ObjectKey.index(schema, index.name()),
                        "DROP INDEX " + qualified(schema, index.name()) + ";"));
            }
        }
        for (Index index : now.values()) {
            Index had = old.get(index.name());
            if (had == null || !had.definition().equals(index.definition())) {
                ctx.emit(Change.create(
                                "index",
                                schema + "." + index.name(),
                                Phase.CREATE_INDEXES,
                                ObjectKey.index(schema, index.name()),
                                index.definition() + ";")
                        .requiring(Set.of(ObjectKey.relation(schema, v.name()))));
            }
        }
    }
}
