package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;

import dev.supadokploy.pg.catalog.Table;
import java.util.Set;

/**
 * Row level security of the source's tables: ENABLE / DISABLE and FORCE / NO FORCE, against what the target's table
 * has once the earlier families ran (a table they make, or make again, starts with it off). Managed tables are the
 * platform's: their row security is left alone.
 */
final class RowSecurityFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        Securables.eachSourceTable(ctx, (schema, table, before) -> {
            if (!schema.managed()) {
                rowSecurity(ctx, schema.name(), table, before);
            }
        });
    }

    static void rowSecurity(DiffContext ctx, String schema, Table table, Table before) {
        String name = qualified(schema, table.name());
        String shown = schema + "." + table.name();
        Set<String> requires = Set.of(ObjectKey.relation(schema, table.name()));
        if ((before != null && before.rlsEnabled()) != table.rlsEnabled()) {
            Change change = Change.alter(
                            "row security",
                            shown,
                            Phase.ROW_SECURITY,
                            "ALTER TABLE " + name + (table.rlsEnabled() ? " ENABLE" : " DISABLE")
                                    + " ROW LEVEL SECURITY;")
                    .requiring(requires);
            if (before != null) {
                change = change.withHazard(Hazard.breaksClients(
                        table.rlsEnabled()
                                ? "roles that no policy of " + shown + " admits no longer see or change its rows"
                                : "every role with privileges on " + shown
                                        + " sees and changes all its rows, whatever the policies say"));
            }
            ctx.emit(change);
        }
        if ((before != null && before.rlsForced()) != table.rlsForced()) {
            Change change = Change.alter(
                            "row security",
                            shown,
                            Phase.ROW_SECURITY,
                            "ALTER TABLE " + name + (table.rlsForced() ? " FORCE" : " NO FORCE")
                                    + " ROW LEVEL SECURITY;")
                    .requiring(requires);
            if (before != null && table.rlsForced()) {
                change = change.withHazard(
                        Hazard.breaksClients("the owner of " + shown + " becomes subject to its policies"));
            }
            ctx.emit(change);
        }
    }
}
