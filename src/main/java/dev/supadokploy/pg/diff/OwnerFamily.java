package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.diff.Securables.Securable;
import java.util.Map;
import java.util.Set;

/**
 * Owners: ALTER … OWNER TO where the source's owner differs from what the target's object will have. Runs before
 * {@link GrantFamily}: a change of owner hands the old owner's privileges to the new one.
 */
final class OwnerFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        owners(ctx, Securables.keys(ctx, Change.Action.drop));
    }

    /**
     * ALTER … OWNER TO for schemas, tables, views, materialized views, sequences (not those owned by a column: they
     * follow their table), functions, procedures, aggregates, types and domains whose owner differs, or that the
     * script creates (then owned by the target's user) with another owner in the source. A role missing on the
     * target: nothing is run, a manual step says so.
     */
    static void owners(DiffContext ctx, Set<String> dropped) {
        Roles roles = ctx.targetRoles();
        if (roles == null) {
            return;
        }
        Map<String, Securable> targets = Securables.of(ctx.target());
        for (Securable object : Securables.of(ctx.source()).values()) {
            if (!ownable(object)) {
                continue;
            }
            Securable before = Securables.before(object, targets, dropped);
            String had = before == null ? roles.user() : before.owner();
            if (object.owner().equals(had)) {
                continue;
            }
            String sql = "ALTER " + object.kind() + " " + object.name() + " OWNER TO " + quote(object.owner()) + ";";
            if (!roles.existing().contains(object.owner())) {
                ctx.emit(Change.manual(
                        "owner",
                        object.shown(),
                        Phase.OWNERS,
                        sql,
                        object.shown() + " is owned by role " + object.owner()
                                + " in the source, which does not exist on the target: create the role, then run "
                                + sql));
                continue;
            }
            Change change =
                    Change.alter("owner", object.shown(), Phase.OWNERS, sql).requiring(object.keys());
            ctx.emit(
                    before == null
                            ? change
                            : change.withHazard(Hazard.breaksClients(
                                    had + " no longer owns " + object.shown() + " (nor holds an owner's rights on it); "
                                            + object.owner() + " does, with the privileges " + had + " held")));
        }
    }

    static boolean ownable(Securable object) {
        return object.owner() != null
                && object.column() == null
                && !("SEQUENCE".equals(object.kind()) && object.keys().size() > 1);
    }

    /**
     * The owner {@link #owners} hands {@code object} to, when it does, with the old one: {old, new}; else null.
     * ALTER … OWNER TO gives the new owner what the old one held.
     */
    static String[] ownerChange(DiffContext ctx, Securable before, Securable object) {
        Roles roles = ctx.targetRoles();
        if (roles == null
                || before == null
                || !ownable(object)
                || before.owner() == null
                || before.owner().equals(object.owner())
                || !roles.existing().contains(object.owner())) {
            return null;
        }
        return new String[] {before.owner(), object.owner()};
    }
}
