package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import java.util.List;

/**
 * Catalog A (source, the desired state) vs catalog B (target, the current state) → the ordered DDL that makes B's
 * schema equal to A's. Pure: no database access; {@link Dependencies} of each side give the order.
 */
public final class SchemaDiff {
    /**
     * Families in the order their statements are emitted; later ones may rebuild what earlier ones break. One per object
     * kind, but functions, views and materialized views share a pass ({@link RoutineFamily}). New instances per diff: a
     * family keeps state while it works (e.g. the table family's two constraint passes).
     */
    private static List<DiffFamily> families() {
        return List.of(
                new ExtensionFamily(),
                new TypeFamily(),
                new SequenceFamily(),
                new TableFamily(),
                new RoutineFamily(),
                new TriggerFamily(),
                new RowSecurityFamily(),
                new PolicyFamily(),
                new OwnerFamily(),
                new GrantFamily(),
                new DefaultPrivilegeFamily(),
                new CommentFamily());
    }

    private SchemaDiff() {}

    /**
     * {@code catalog} with an empty part of every managed table that {@code other} has a part of and it lacks: a side
     * lists only the managed tables the application put something on, and where the other side has something on one of
     * them, this side's nothing must be compared with it (to create it, or to drop what this side had).
     */
    static Catalog withManagedPartsOf(Catalog catalog, Catalog other) {
        List<Schema> schemas = new java.util.ArrayList<>(catalog.schemas());
        boolean changed = false;
        for (Schema theirs : other.schemas()) {
            if (!theirs.managed()) {
                continue;
            }
            Schema mine = catalog.schema(theirs.name()).orElse(null);
            if (mine != null && !mine.managed()) {
                continue; // read in full here
            }
            List<Table> tables = new java.util.ArrayList<>(mine == null ? List.of() : mine.tables());
            for (Table t : theirs.tables()) {
                if (tables.stream().noneMatch(m -> m.name().equals(t.name()))) {
                    tables.add(Table.managedPart(t.name(), List.of(), List.of(), List.of(), List.of()));
                }
            }
            if (mine == null || tables.size() > mine.tables().size()) {
                schemas.remove(mine);
                schemas.add(Schema.managedPart(theirs.name(), tables));
                changed = true;
            }
        }
        return changed ? catalog.withSchemas(schemas) : catalog;
    }

    /** @param targetRoles the target's roles, or null when unknown: then owners are not compared */
    public static DiffPlan compare(
            Catalog source,
            Dependencies sourceDependencies,
            Catalog target,
            Dependencies targetDependencies,
            Roles targetRoles,
            DiffOptions options) {
        Catalog alignedSource = withManagedPartsOf(source, target);
        Catalog alignedTarget = withManagedPartsOf(target, source);
        DiffContext ctx = new DiffContext(
                alignedSource, sourceDependencies, alignedTarget, targetDependencies, targetRoles, options);
        families().forEach(family -> family.diff(ctx));
        DiffPlanner.Ordered ordered = DiffPlanner.order(ctx.changes(), sourceDependencies, targetDependencies);
        List<Change> omitted = options.safeOnly()
                ? ordered.changes().stream()
                        .filter(c -> c.hazardous() && !c.isManual())
                        .toList()
                : List.of();
        return new DiffPlan(ordered.changes(), omitted, ordered.cycle());
    }
}
