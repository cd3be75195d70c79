package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Catalog;
import java.util.List;

/**
 * Catalog A (source, the desired state) vs catalog B (target, the current state) → the ordered DDL that makes B's
 * schema equal to A's. Pure: no database access; {@link Dependencies} of each side give the order.
 */
public final class SchemaDiff {
    /**
     * Families in the order their statements are emitted; later ones may rebuild what earlier ones break. New
     * instances per diff: a family keeps state while it works (e.g. the table family's two constraint passes).
     */
    private static List<DiffFamily> families() {
        return List.of(new TypeFamily(), new SequenceFamily(), new TableFamily(), new RoutineFamily(), new SecurityFamily(),
                new CommentFamily());
    }

    private SchemaDiff() {}

    /** @param targetRoles the target's roles, or null when unknown: then owners are not compared */
    public static DiffPlan compare(Catalog source, Dependencies sourceDependencies, Catalog target,
                                   Dependencies targetDependencies, Roles targetRoles, DiffOptions options) {
        DiffContext ctx = new DiffContext(source, sourceDependencies, target, targetDependencies, targetRoles, options);
        families().forEach(family -> family.diff(ctx));
        DiffPlanner.Ordered ordered = DiffPlanner.order(ctx.changes(), sourceDependencies, targetDependencies);
        List<Change> omitted = options.safeOnly() ? ordered.changes().stream().filter(c -> c.hazardous() && !c.isManual()).toList() : List.of();
        return new DiffPlan(ordered.changes(), omitted, ordered.cycle());
    }
}
