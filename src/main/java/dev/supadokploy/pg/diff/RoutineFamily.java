package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Function;
import java.util.HashSet;
import java.util.Set;

/**
 * Functions, procedures, views and materialized views, in one pass: first what dropping a changed one breaks is marked
 * everywhere (a view over a function dropped and made again is made again too), then each schema is compared kind by
 * kind ({@link FunctionFamily}, {@link ViewFamily}, {@link MaterializedViewFamily}). They share a pass because they
 * depend on each other both ways, and the planner orders statements free to go by emission: one pass keeps that
 * order. Whatever an earlier family marked for rebuilding ({@link DiffContext#mustRebuild}) is dropped and made again
 * even when its own definition did not change. Triggers, comments, owners and grants are left to other families.
 */
final class RoutineFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        Set<String> schemas = ctx.schemaNames();
        // first mark what dropping objects of this pass breaks, wherever it is, then compare
        for (String schema : schemas) {
            FunctionFamily.mark(ctx, schema);
            ViewFamily.mark(ctx, schema);
            MaterializedViewFamily.mark(ctx, schema);
        }
        // relations dropped here or by the table family: functions with their row type in a signature go first
        Set<String> dropped = new HashSet<>();
        ctx.changes().stream()
                .filter(c -> c.action() == Change.Action.drop
                        && c.key() != null
                        && c.key().startsWith("relation:"))
                .forEach(c -> dropped.add(c.key()));
        for (String schema : schemas) {
            dropped.addAll(ViewFamily.dropped(ctx, schema));
            dropped.addAll(MaterializedViewFamily.dropped(ctx, schema));
        }
        for (String schema : schemas) {
            FunctionFamily.diff(ctx, schema, dropped);
            ViewFamily.diff(ctx, schema);
            MaterializedViewFamily.diff(ctx, schema);
        }
    }

    /** Kept where the tests look for it: {@link FunctionFamily#overload}. */
    static String overload(Function f) {
        return FunctionFamily.overload(f);
    }
}
