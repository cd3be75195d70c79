package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.diff.Privileges.*;

import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.diff.Securables.Securable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Privileges on schemas, relations, columns, sequences and functions: GRANT and REVOKE to turn what the target's object
 * will hold once the earlier families ran (an object they make starts with its owner's default privileges) into what
 * the source's holds, with the cascades PostgreSQL applies (a revoke takes what the grantee passed on).
 */
final class GrantFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        grants(ctx, Securables.keys(ctx, Change.Action.drop));
    }

    static void grants(DiffContext ctx, Set<String> dropped) {
        // objects of one kind, schema and owner start alike
        Map<String, Start> starts = new java.util.HashMap<>();
        Map<String, Securable> targets = Securables.of(ctx.target());
        Map<String, Securable> sources = Securables.of(ctx.source());
        // a privilege revoked on a table is revoked on each of its columns too (REVOKE's documented behaviour)
        Set<String> revokedOnTable = new HashSet<>();
        Set<String> optionRevokedOnTable = new HashSet<>();
        // who granted something on each object of the target (a table with its columns): revoking from them cascades
        Map<String, Set<String>> grantors = new java.util.HashMap<>();
        for (Securable t : targets.values()) {
            if (t.grants() != null) {
                t.grants()
                        .forEach(g -> grantors.computeIfAbsent(
                                        t.column() == null ? t.id() : t.tableId(), k -> new HashSet<>())
                                .add(g.grantor()));
            }
        }
        for (Securable object : sources.values()) {
            if (object.grants() == null) {
                continue;
            }
            Securable before = Securables.before(object, targets, dropped);
            Map<String, Map<String, Boolean>> want = acrossVersions(
                    held(object.grants()),
                    object.column() == null && object.grantOn().startsWith("TABLE "),
                    ctx.source().serverVersionNum(),
                    ctx.target().serverVersionNum());
            // a revoke from a role that passed the privilege on takes what it granted with it (CASCADE)
            Map<String, Set<String>> passedOn = new TreeMap<>();
            // what the object holds when its grants run: known for one that is there, only bounded for one the script
            // makes
            Start start = before == null
                    ? starts.computeIfAbsent(
                            object.grantOn().substring(0, object.grantOn().indexOf(' ')) + "|" + object.schema() + "|"
                                    + object.owner() + "|" + (object.column() != null),
                            k -> start(object, ctx.target()))
                    : null;
            Map<String, Map<String, Boolean>> had = before == null
                    ? copy(start.possible())
                    // on a managed table only the application's privileges are read: their grantors are the platform's
                    // roles, whose grant options no statement here takes away
                    : held(afterCascade(
                            before.grants(),
                            (grantor, p) -> ctx.managed(object.schema())
                                    || grantor.equals(targetOwner(targets, before))
                                    || want.getOrDefault(grantor, Map.of()).getOrDefault(p, false)
                                            && !(object.column() != null
                                                    && (revokedOnTable.contains(
                                                                    object.tableId() + "|" + grantor + "|" + p)
                                                            || optionRevokedOnTable.contains(
                                                                    object.tableId() + "|" + grantor + "|" + p))),
                            passedOn));
            // a column's privileges follow its table's owner
            String[] owner = object.column() == null
                    ? OwnerFamily.ownerChange(ctx, before, object)
                    : OwnerFamily.ownerChange(
                            ctx,
                            Securables.before(sources.get(object.tableId()), targets, dropped),
                            sources.get(object.tableId()));
            if (before != null && owner != null && had.containsKey(owner[0])) {
                Map<String, Boolean> handed = had.remove(owner[0]);
                handed.forEach((p, option) ->
                        had.computeIfAbsent(owner[1], k -> new TreeMap<>()).merge(p, option, Boolean::logicalOr));
            }
            if (object.column() != null) {
                had.forEach((grantee, privileges) -> {
                    privileges
                            .keySet()
                            .removeIf(p -> revokedOnTable.contains(object.tableId() + "|" + grantee + "|" + p));
                    privileges.replaceAll((p, option) ->
                            option && !optionRevokedOnTable.contains(object.tableId() + "|" + grantee + "|" + p));
                });
            }
            Map<String, Map<String, Boolean>> sure = start == null ? had : start.certain();
            Set<String> grantees = new java.util.TreeSet<>(had.keySet());
            grantees.addAll(want.keySet());
            java.util.function.Function<String, String> privilege =
                    object.column() == null ? p -> p : p -> p + " (" + object.column() + ")";
            // Revokes, then grants, then grants WITH GRANT OPTION, the runner's own last: a grant is recorded as made
            // by
            // the runner once it holds the grant option itself (aclchk.c, select_best_grantor), else by the owner, and
            // the
            // same privilege from a second grantor is a second ACL entry. Made in this order, every grant is the
            // owner's.
            List<Change> revokes = new ArrayList<>();
            List<Change> plain = new ArrayList<>();
            List<Change> withOption = new ArrayList<>();
            String runner = ctx.targetRoles() == null ? null : ctx.targetRoles().user();
            for (String grantee : grantees.stream()
                    .sorted(java.util.Comparator.comparing(g -> g.equals(runner)))
                    .toList()) {
                Delta delta = Delta.of(
                        had.getOrDefault(grantee, Map.of()),
                        sure.getOrDefault(grantee, Map.of()),
                        want.getOrDefault(grantee, Map.of()));
                if (object.column() == null) {
                    delta.revoke().forEach(p -> revokedOnTable.add(object.id() + "|" + grantee + "|" + p));
                    delta.revokeOption().forEach(p -> optionRevokedOnTable.add(object.id() + "|" + grantee + "|" + p));
                }
                boolean cascade = before != null
                        && grantors.getOrDefault(object.column() == null ? object.id() : object.tableId(), Set.of())
                                .contains(grantee);
                Set<String> all = object.column() != null
                        ? Set.of()
                        : allPrivileges(
                                object.grantOn().substring(0, object.grantOn().indexOf(' ')),
                                ctx.target().serverVersionNum());
                for (String sql : delta.statements("", " ON " + object.grantOn(), grantee, privilege, all)) {
                    boolean revoke = sql.startsWith("REVOKE");
                    if (revoke && cascade) {
                        sql = sql.substring(0, sql.length() - 1) + " CASCADE;";
                    }
                    Change change = Change.alter("privilege", object.shown(), Phase.PRIVILEGES, sql)
                            .requiring(object.keys());
                    if (before != null && revoke) {
                        change = change.withHazard(Hazard.breaksClients(grantee + " loses privileges on "
                                + object.shown()
                                + (cascade
                                        ? "; CASCADE also revokes what " + grantee + " granted others on "
                                                + object.shown()
                                                + (object.column() == null ? " and its columns" : "")
                                                + (passedOn.containsKey(grantee)
                                                        ? " (" + String.join(", ", passedOn.get(grantee)) + ")"
                                                        : "")
                                        : "")));
                    }
                    (revoke ? revokes : sql.endsWith("WITH GRANT OPTION;") ? withOption : plain).add(change);
                }
            }
            revokes.forEach(ctx::emit);
            plain.forEach(ctx::emit);
            withOption.forEach(ctx::emit);
        }
    }

    /** The owner of a target object, or of the table a column of the target belongs to. */
    static String targetOwner(Map<String, Securable> targets, Securable before) {
        return before.column() == null
                ? before.owner()
                : targets.get(before.tableId()).owner();
    }

    /**
     * The grants left once the script revoked what it revokes with CASCADE: a grant goes when its grantor does not
     * keep the grant option for that privilege, and then so do the grants its grantee made from it, down the chain.
     * {@code passedOn} gets, per grantor whose grants go, what went ("SELECT to role").
     */
    static List<Grant> afterCascade(
            List<Grant> grants,
            java.util.function.BiPredicate<String, String> keepsOption,
            Map<String, Set<String>> passedOn) {
        List<Grant> entries = new ArrayList<>();
        grants.forEach(g -> g.privileges()
                .forEach(p -> entries.add(new Grant(g.grantee(), List.of(p), g.grantable(), g.grantor()))));
        Set<String> losing = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (java.util.Iterator<Grant> it = entries.iterator(); it.hasNext(); ) {
                Grant e = it.next();
                String p = e.privileges().get(0);
                if (e.grantor().equals(e.grantee())
                        || keepsOption.test(e.grantor(), p) && !losing.contains(e.grantor() + "|" + p)) {
                    continue;
                }
                it.remove();
                changed = true;
                passedOn.computeIfAbsent(e.grantor(), k -> new java.util.TreeSet<>())
                        .add(p + " to " + e.grantee());
                boolean stillGrantable = entries.stream()
                        .anyMatch(o -> o.grantee().equals(e.grantee())
                                && o.grantable()
                                && o.privileges().contains(p));
                if (!stillGrantable) {
                    losing.add(e.grantee() + "|" + p);
                }
            }
        }
        return entries;
    }
}
