package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.DefaultPrivilege;
import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.catalog.Policy;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.diff.Securables.Securable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Row level security (enabled, forced), policies, privileges on schemas, relations, columns, sequences and
 * functions, and default privileges. Runs after the families that make objects: a privilege is compared with what
 * the object will have once they ran (an object they make, or make again, starts with its owner's default
 * privileges), and each statement waits for the creation of the object it is about.
 */
final class SecurityFamily implements DiffFamily {
    private static final List<String> TABLE_PRIVILEGES =
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

    @Override
    public void diff(DiffContext ctx) {
        Set<String> dropped = Securables.keys(ctx, Change.Action.drop);
        for (Schema schema : ctx.source().schemas()) {
            for (Table table : schema.tables()) {
                String key = ObjectKey.relation(schema.name(), table.name());
                Table before = dropped.contains(key) ? null
                        : ctx.targetSchema(schema.name()).flatMap(s -> s.table(table.name())).orElse(null);
                if (!schema.managed()) {
                    rowSecurity(ctx, schema.name(), table, before);
                }
                policies(ctx, schema.name(), table, before);
            }
        }
        owners(ctx, dropped);
        grants(ctx, dropped);
        defaultPrivileges(ctx, Securables.keys(ctx, Change.Action.create));
    }

    // ---- row level security and policies ---------------------------------------------------------------------

    private static void rowSecurity(DiffContext ctx, String schema, Table table, Table before) {
        String name = qualified(schema, table.name());
        String shown = schema + "." + table.name();
        Set<String> requires = Set.of(ObjectKey.relation(schema, table.name()));
        if ((before != null && before.rlsEnabled()) != table.rlsEnabled()) {
            Change change = Change.alter("row security", shown, Phase.ROW_SECURITY, "ALTER TABLE " + name
                    + (table.rlsEnabled() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;").requiring(requires);
            if (before != null) {
                change = change.withHazard(Hazard.breaksClients(table.rlsEnabled()
                        ? "roles that no policy of " + shown + " admits no longer see or change its rows"
                        : "every role with privileges on " + shown + " sees and changes all its rows, whatever the policies say"));
            }
            ctx.emit(change);
        }
        if ((before != null && before.rlsForced()) != table.rlsForced()) {
            Change change = Change.alter("row security", shown, Phase.ROW_SECURITY, "ALTER TABLE " + name
                    + (table.rlsForced() ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;").requiring(requires);
            if (before != null && table.rlsForced()) {
                change = change.withHazard(Hazard.breaksClients("the owner of " + shown + " becomes subject to its policies"));
            }
            ctx.emit(change);
        }
    }

    private static void policies(DiffContext ctx, String schema, Table table, Table before) {
        String on = " ON " + qualified(schema, table.name());
        Map<String, Policy> old = before == null ? Map.of() : TableFamily.byName(before.policies(), Policy::name);
        Map<String, Policy> now = TableFamily.byName(table.policies(), Policy::name);
        Set<String> remade = new HashSet<>();
        for (Policy p : old.values()) {
            Policy wanted = now.get(p.name());
            String key = Securables.policyKey(schema, table.name(), p.name());
            if (wanted == null || ctx.mustRebuild(key) || !alterable(p, wanted)) {
                Change drop = Change.drop("policy", schema + "." + table.name() + "." + p.name(), Phase.DROP_POLICIES, key,
                        "DROP POLICY " + quote(p.name()) + on + ";");
                if (wanted == null) {
                    drop = drop.withHazard(Hazard.breaksClients("rows that policy " + p.name() + " on " + schema + "." + table.name()
                            + (p.permissive() ? " let roles see or change are no longer theirs" : " kept from roles become visible to them")));
                } else {
                    remade.add(p.name());
                    if (!ctx.mustRebuild(key)) {
                        drop = drop.withHazard(remade(schema, table, p));
                    }
                }
                ctx.emit(drop);
            }
        }
        for (Policy p : now.values()) {
            String key = Securables.policyKey(schema, table.name(), p.name());
            String shown = schema + "." + table.name() + "." + p.name();
            Policy had = old.get(p.name());
            if (had == null || remade.contains(p.name())) {
                Hazard hazard = had != null && !ctx.mustRebuild(key) ? remade(schema, table, p) : null;
                ctx.emit(Change.create("policy", shown, Phase.CREATE_POLICIES, key, "CREATE POLICY " + quote(p.name()) + on
                        + " AS " + (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command() + " TO " + roles(p.roles())
                        + (p.using() == null ? "" : " USING (" + p.using() + ")")
                        + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")") + ";")
                        .requiring(Set.of(ObjectKey.relation(schema, table.name()))).withHazard(hazard));
            } else if (!had.roles().equals(p.roles()) || !Objects.equals(had.using(), p.using())
                    || !Objects.equals(had.withCheck(), p.withCheck())) {
                StringBuilder sql = new StringBuilder("ALTER POLICY ").append(quote(p.name())).append(on);
                if (!had.roles().equals(p.roles())) {
                    sql.append(" TO ").append(roles(p.roles()));
                }
                if (!Objects.equals(had.using(), p.using())) {
                    sql.append(" USING (").append(p.using()).append(')');
                }
                if (!Objects.equals(had.withCheck(), p.withCheck())) {
                    sql.append(" WITH CHECK (").append(p.withCheck()).append(')');
                }
                ctx.emit(Change.alter("policy", shown, Phase.CREATE_POLICIES, sql.append(';').toString())
                        .requiring(Set.of(key))
                        .withHazard(Hazard.breaksClients("policy " + shown + " changes which rows roles see or change")));
            }
        }
    }

    private static Hazard remade(String schema, Table table, Policy p) {
        return Hazard.breaksClients("policy " + schema + "." + table.name() + "." + p.name()
                + " is dropped and made again with another command, kind or fewer expressions: it changes which rows roles see or change");
    }

    /** ALTER POLICY changes roles and expressions, but cannot change the command or kind, nor remove an expression. */
    private static boolean alterable(Policy had, Policy wanted) {
        return had.command().equals(wanted.command()) && had.permissive() == wanted.permissive()
                && (wanted.using() != null || had.using() == null) && (wanted.withCheck() != null || had.withCheck() == null);
    }

    private static String roles(List<String> roles) {
        return roles.stream().map(SecurityFamily::grantee).collect(Collectors.joining(", "));
    }

    private static String grantee(String role) {
        return "PUBLIC".equals(role) ? "PUBLIC" : quote(role);
    }

    // ---- privileges ------------------------------------------------------------------------------------------

    /** Per grantee, per privilege: whether it is held WITH GRANT OPTION (by any grantor). */
    private static Map<String, Map<String, Boolean>> held(List<Grant> grants) {
        Map<String, Map<String, Boolean>> held = new TreeMap<>();
        for (Grant g : grants) {
            for (String p : g.privileges()) {
                held.computeIfAbsent(g.grantee(), k -> new TreeMap<>()).merge(p, g.grantable(), Boolean::logicalOr);
            }
        }
        return held;
    }

    /**
     * What an object the script creates (or makes again) may hold, and surely holds, before its grants run.
     * PostgreSQL gives a new object the default privileges of the role that runs CREATE — its database-wide
     * pg_default_acl entry, else acldefault, plus its entry for the schema (aclchk.c, get_user_default_acl) — and
     * ALTER … OWNER TO hands that role's own entries to the new owner (acl.c, aclnewowner). Who runs a script is not
     * known when it is written (a printed diff can be run by any role), so every role that could counts: each role with
     * default privileges for this kind of object in the target, and any other role, which gets acldefault. The
     * grants then revoke what any of them may have added and the source lacks, and grant what not all of them add:
     * the object ends with exactly the source's ACL whoever ran the script. Changes to default privileges run after
     * every creation (see {@link #defaultPrivileges}), so the target's current ones are those in force.
     */
    private record Start(Map<String, Map<String, Boolean>> possible, Map<String, Map<String, Boolean>> certain) {}

    private static Start start(Securable object, Catalog target) {
        if (object.column() != null || object.owner() == null) {
            return new Start(new TreeMap<>(), new TreeMap<>()); // a new column has no privileges of its own
        }
        String type = switch (object.grantOn().substring(0, object.grantOn().indexOf(' '))) {
            case "TABLE" -> "tables";
            case "SEQUENCE" -> "sequences";
            case "SCHEMA" -> "schemas";
            default -> "functions";
        };
        String schema = type.equals("schemas") ? null : object.schema();
        List<DefaultPrivilege> all = new ArrayList<>(target.defaultPrivileges());
        target.schema(object.schema()).ifPresent(s -> all.addAll(s.defaultPrivileges()));
        // the roles whose default privileges apply here, and one role without any (never a real role's name)
        Set<String> creators = new java.util.TreeSet<>();
        all.stream().filter(d -> d.objectType().equals(type) && (d.schema() == null || d.schema().equals(schema)))
                .forEach(d -> creators.add(d.role()));
        creators.add(ANY_OTHER_ROLE);
        Map<String, Map<String, Boolean>> possible = null;
        Map<String, Map<String, Boolean>> certain = null;
        for (String creator : creators) {
            Scope global = new Scope(creator, null, type);
            Map<Scope, Map<String, Map<String, Boolean>>> effective = effective(target, Set.of(global), target.serverVersionNum());
            Map<String, Map<String, Boolean>> held = new TreeMap<>();
            List<Map<String, Map<String, Boolean>>> parts = new ArrayList<>(List.of(effective.get(global)));
            if (schema != null) {
                parts.add(effective.getOrDefault(new Scope(creator, schema, type), Map.of()));
            }
            parts.forEach(part -> part.forEach((grantee, privileges) -> privileges.forEach((p, option) ->
                    held.computeIfAbsent(grantee.equals(creator) ? object.owner() : grantee, k -> new TreeMap<>())
                            .merge(p, option, Boolean::logicalOr))));
            possible = possible == null ? held : union(possible, held);
            certain = certain == null ? held : intersection(certain, held);
        }
        return new Start(possible, certain);
    }

    /** Stands for every role without default privileges of its own: quoted, no role can be named so. */
    private static final String ANY_OTHER_ROLE = "\"any other role\"";

    private static Map<String, Map<String, Boolean>> union(Map<String, Map<String, Boolean>> a, Map<String, Map<String, Boolean>> b) {
        Map<String, Map<String, Boolean>> out = new TreeMap<>();
        for (Map<String, Map<String, Boolean>> side : List.of(a, b)) {
            side.forEach((grantee, privileges) -> privileges.forEach((p, option) ->
                    out.computeIfAbsent(grantee, k -> new TreeMap<>()).merge(p, option, Boolean::logicalOr)));
        }
        return out;
    }

    private static Map<String, Map<String, Boolean>> intersection(Map<String, Map<String, Boolean>> a,
                                                                  Map<String, Map<String, Boolean>> b) {
        Map<String, Map<String, Boolean>> out = new TreeMap<>();
        a.forEach((grantee, privileges) -> privileges.forEach((p, option) -> {
            Boolean other = b.getOrDefault(grantee, Map.of()).get(p);
            if (other != null) {
                out.computeIfAbsent(grantee, k -> new TreeMap<>()).put(p, option && other);
            }
        }));
        return out;
    }

    /**
     * A table's privileges from a server of another major: PostgreSQL 17 added MAINTAIN, which ALL includes there. From an
     * older source, a grantee holding every table privilege of its version holds ALL, so MAINTAIN too; to an older target,
     * MAINTAIN does not exist (GRANT MAINTAIN fails there) and is left out.
     */
    private static Map<String, Map<String, Boolean>> acrossVersions(Map<String, Map<String, Boolean>> held, boolean table,
                                                                    int sourceVersionNum, int targetVersionNum) {
        if (!table || sourceVersionNum >= 170000 == targetVersionNum >= 170000) {
            return held;
        }
        Map<String, Map<String, Boolean>> out = copy(held);
        out.values().forEach(privileges -> {
            if (targetVersionNum < 170000) {
                privileges.remove("MAINTAIN");
            } else if (privileges.keySet().containsAll(TABLE_PRIVILEGES)) {
                privileges.put("MAINTAIN", TABLE_PRIVILEGES.stream().allMatch(privileges::get));
            }
        });
        return out;
    }

    private static Map<String, Map<String, Boolean>> copy(Map<String, Map<String, Boolean>> held) {
        Map<String, Map<String, Boolean>> copy = new TreeMap<>();
        held.forEach((grantee, privileges) -> copy.put(grantee, new TreeMap<>(privileges)));
        return copy;
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> more = new ArrayList<>(list);
        more.add(item);
        return more;
    }

    /** The four kinds of statement that turn one grantee's privileges into another set. */
    record Delta(List<String> grant, List<String> grantWithOption, List<String> revoke, List<String> revokeOption) {
        static Delta of(Map<String, Boolean> had, Map<String, Boolean> want) {
            return of(had, had, want);
        }

        /**
         * From what a grantee may hold ({@code possible}) and surely holds ({@code certain}, a part of it) to
         * {@code want}: revokes whatever may be there and is not wanted, grants whatever is wanted and may be missing.
         */
        static Delta of(Map<String, Boolean> possible, Map<String, Boolean> certain, Map<String, Boolean> want) {
            Delta d = new Delta(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            possible.forEach((p, option) -> {
                if (!want.containsKey(p)) {
                    d.revoke.add(p);
                } else if (option && !want.get(p)) {
                    d.revokeOption.add(p);
                }
            });
            want.forEach((p, option) -> {
                Boolean sure = certain.get(p);
                if (sure == null) {
                    (option ? d.grantWithOption : d.grant).add(p);
                } else if (option && !sure) {
                    d.grantWithOption.add(p);
                }
            });
            return d;
        }

        /**
         * Statements as {@code GRANT|REVOKE … <on> TO|FROM grantee}; revokes first. {@code all}: every privilege this kind
         * of object takes, written ALL when a statement names them all (empty: never).
         */
        List<String> statements(String prefix, String on, String grantee, java.util.function.Function<String, String> privilege,
                                Set<String> all) {
            List<String> sql = new ArrayList<>();
            String who = grantee(grantee);
            if (!revoke.isEmpty()) {
                sql.add(prefix + "REVOKE " + list(revoke, privilege, all) + on + " FROM " + who + ";");
            }
            if (!revokeOption.isEmpty()) {
                sql.add(prefix + "REVOKE GRANT OPTION FOR " + list(revokeOption, privilege, all) + on + " FROM " + who + ";");
            }
            if (!grant.isEmpty()) {
                sql.add(prefix + "GRANT " + list(grant, privilege, all) + on + " TO " + who + ";");
            }
            if (!grantWithOption.isEmpty()) {
                sql.add(prefix + "GRANT " + list(grantWithOption, privilege, all) + on + " TO " + who + " WITH GRANT OPTION;");
            }
            return sql;
        }

        private static String list(List<String> privileges, java.util.function.Function<String, String> privilege, Set<String> all) {
            return !all.isEmpty() && all.equals(Set.copyOf(privileges)) ? "ALL"
                    : privileges.stream().map(privilege).collect(Collectors.joining(", "));
        }
    }

    /** Every privilege a table (or sequence) takes on the target's server: what ALL grants there; empty for other kinds. */
    private static Set<String> allPrivileges(String kind, int serverVersionNum) {
        return switch (kind) {
            case "TABLE", "TABLES" -> Set.copyOf(serverVersionNum >= 170000 ? plus(TABLE_PRIVILEGES, "MAINTAIN") : TABLE_PRIVILEGES);
            case "SEQUENCE", "SEQUENCES" -> Set.of("SELECT", "UPDATE", "USAGE");
            default -> Set.of();
        };
    }

    // ---- owners ----------------------------------------------------------------------------------------------

    /**
     * ALTER … OWNER TO for schemas, tables, views, materialized views, sequences (not those owned by a column: they
     * follow their table), functions, procedures, aggregates, types and domains whose owner differs, or that the
     * script creates (then owned by the target's user) with another owner in the source. A role missing on the
     * target: nothing is run, a manual step says so.
     */
    private static void owners(DiffContext ctx, Set<String> dropped) {
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
                ctx.emit(Change.manual("owner", object.shown(), Phase.OWNERS, sql, object.shown() + " is owned by role "
                        + object.owner() + " in the source, which does not exist on the target: create the role, then run " + sql));
                continue;
            }
            Change change = Change.alter("owner", object.shown(), Phase.OWNERS, sql).requiring(object.keys());
            ctx.emit(before == null ? change : change.withHazard(Hazard.breaksClients(had + " no longer owns " + object.shown()
                    + " (nor holds an owner's rights on it); " + object.owner() + " does, with the privileges " + had + " held")));
        }
    }

    private static boolean ownable(Securable object) {
        return object.owner() != null && object.column() == null && !("SEQUENCE".equals(object.kind()) && object.keys().size() > 1);
    }

    /**
     * The owner {@link #owners} hands {@code object} to, when it does, with the old one: {old, new}; else null.
     * ALTER … OWNER TO gives the new owner what the old one held.
     */
    private static String[] ownerChange(DiffContext ctx, Securable before, Securable object) {
        Roles roles = ctx.targetRoles();
        if (roles == null || before == null || !ownable(object) || before.owner() == null || before.owner().equals(object.owner())
                || !roles.existing().contains(object.owner())) {
            return null;
        }
        return new String[] {before.owner(), object.owner()};
    }

    // ---- grants ----------------------------------------------------------------------------------------------

    private static void grants(DiffContext ctx, Set<String> dropped) {
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
                t.grants().forEach(g -> grantors.computeIfAbsent(t.column() == null ? t.id() : t.tableId(), k -> new HashSet<>())
                        .add(g.grantor()));
            }
        }
        for (Securable object : sources.values()) {
            if (object.grants() == null) {
                continue;
            }
            Securable before = Securables.before(object, targets, dropped);
            Map<String, Map<String, Boolean>> want = acrossVersions(held(object.grants()),
                    object.column() == null && object.grantOn().startsWith("TABLE "),
                    ctx.source().serverVersionNum(), ctx.target().serverVersionNum());
            // a revoke from a role that passed the privilege on takes what it granted with it (CASCADE)
            Map<String, Set<String>> passedOn = new TreeMap<>();
            // what the object holds when its grants run: known for one that is there, only bounded for one the script makes
            Start start = before == null ? starts.computeIfAbsent(object.grantOn().substring(0, object.grantOn().indexOf(' '))
                    + "|" + object.schema() + "|" + object.owner() + "|" + (object.column() != null), k -> start(object, ctx.target()))
                    : null;
            Map<String, Map<String, Boolean>> had = before == null ? copy(start.possible())
                    // on a managed table only the application's privileges are read: their grantors are the platform's
                    // roles, whose grant options no statement here takes away
                    : held(afterCascade(before.grants(), (grantor, p) -> ctx.managed(object.schema())
                            || grantor.equals(targetOwner(targets, before))
                            || want.getOrDefault(grantor, Map.of()).getOrDefault(p, false)
                            && !(object.column() != null && (revokedOnTable.contains(object.tableId() + "|" + grantor + "|" + p)
                            || optionRevokedOnTable.contains(object.tableId() + "|" + grantor + "|" + p))), passedOn));
            // a column's privileges follow its table's owner
            String[] owner = object.column() == null ? ownerChange(ctx, before, object) : ownerChange(ctx,
                    Securables.before(sources.get(object.tableId()), targets, dropped), sources.get(object.tableId()));
            if (before != null && owner != null && had.containsKey(owner[0])) {
                Map<String, Boolean> handed = had.remove(owner[0]);
                handed.forEach((p, option) -> had.computeIfAbsent(owner[1], k -> new TreeMap<>()).merge(p, option, Boolean::logicalOr));
            }
            if (object.column() != null) {
                had.forEach((grantee, privileges) -> {
                    privileges.keySet().removeIf(p -> revokedOnTable.contains(object.tableId() + "|" + grantee + "|" + p));
                    privileges.replaceAll((p, option) -> option && !optionRevokedOnTable.contains(object.tableId() + "|" + grantee + "|" + p));
                });
            }
            Map<String, Map<String, Boolean>> sure = start == null ? had : start.certain();
            Set<String> grantees = new java.util.TreeSet<>(had.keySet());
            grantees.addAll(want.keySet());
            java.util.function.Function<String, String> privilege = object.column() == null ? p -> p : p -> p + " (" + object.column() + ")";
            // Revokes, then grants, then grants WITH GRANT OPTION, the runner's own last: a grant is recorded as made by
            // the runner once it holds the grant option itself (aclchk.c, select_best_grantor), else by the owner, and the
            // same privilege from a second grantor is a second ACL entry. Made in this order, every grant is the owner's.
            List<Change> revokes = new ArrayList<>();
            List<Change> plain = new ArrayList<>();
            List<Change> withOption = new ArrayList<>();
            String runner = ctx.targetRoles() == null ? null : ctx.targetRoles().user();
            for (String grantee : grantees.stream().sorted(java.util.Comparator.comparing(g -> g.equals(runner))).toList()) {
                Delta delta = Delta.of(had.getOrDefault(grantee, Map.of()), sure.getOrDefault(grantee, Map.of()),
                        want.getOrDefault(grantee, Map.of()));
                if (object.column() == null) {
                    delta.revoke().forEach(p -> revokedOnTable.add(object.id() + "|" + grantee + "|" + p));
                    delta.revokeOption().forEach(p -> optionRevokedOnTable.add(object.id() + "|" + grantee + "|" + p));
                }
                boolean cascade = before != null && grantors.getOrDefault(object.column() == null ? object.id() : object.tableId(),
                        Set.of()).contains(grantee);
                Set<String> all = object.column() != null ? Set.of()
                        : allPrivileges(object.grantOn().substring(0, object.grantOn().indexOf(' ')), ctx.target().serverVersionNum());
                for (String sql : delta.statements("", " ON " + object.grantOn(), grantee, privilege, all)) {
                    boolean revoke = sql.startsWith("REVOKE");
                    if (revoke && cascade) {
                        sql = sql.substring(0, sql.length() - 1) + " CASCADE;";
                    }
                    Change change = Change.alter("privilege", object.shown(), Phase.PRIVILEGES, sql).requiring(object.keys());
                    if (before != null && revoke) {
                        change = change.withHazard(Hazard.breaksClients(grantee + " loses privileges on " + object.shown()
                                + (cascade ? "; CASCADE also revokes what " + grantee + " granted others on " + object.shown()
                                + (object.column() == null ? " and its columns" : "")
                                + (passedOn.containsKey(grantee) ? " (" + String.join(", ", passedOn.get(grantee)) + ")" : "") : "")));
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
    private static String targetOwner(Map<String, Securable> targets, Securable before) {
        return before.column() == null ? before.owner() : targets.get(before.tableId()).owner();
    }

    /**
     * The grants left once the script revoked what it revokes with CASCADE: a grant goes when its grantor does not
     * keep the grant option for that privilege, and then so do the grants its grantee made from it, down the chain.
     * {@code passedOn} gets, per grantor whose grants go, what went ("SELECT to role").
     */
    private static List<Grant> afterCascade(List<Grant> grants, java.util.function.BiPredicate<String, String> keepsOption,
                                            Map<String, Set<String>> passedOn) {
        List<Grant> entries = new ArrayList<>();
        grants.forEach(g -> g.privileges().forEach(p -> entries.add(new Grant(g.grantee(), List.of(p), g.grantable(), g.grantor()))));
        Set<String> losing = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (java.util.Iterator<Grant> it = entries.iterator(); it.hasNext(); ) {
                Grant e = it.next();
                String p = e.privileges().get(0);
                if (e.grantor().equals(e.grantee()) || keepsOption.test(e.grantor(), p) && !losing.contains(e.grantor() + "|" + p)) {
                    continue;
                }
                it.remove();
                changed = true;
                passedOn.computeIfAbsent(e.grantor(), k -> new java.util.TreeSet<>()).add(p + " to " + e.grantee());
                boolean stillGrantable = entries.stream().anyMatch(o -> o.grantee().equals(e.grantee()) && o.grantable()
                        && o.privileges().contains(p));
                if (!stillGrantable) {
                    losing.add(e.grantee() + "|" + p);
                }
            }
        }
        return entries;
    }

    // ---- default privileges ----------------------------------------------------------------------------------

    private record Scope(String role, String schema, String objectType) {}

    /**
     * Default privileges change after every object this diff creates, which therefore starts with the target's
     * current ones (what {@link #defaults} expects).
     */
    private static void defaultPrivileges(DiffContext ctx, Set<String> created) {
        Set<Scope> global = new LinkedHashSet<>();
        for (Catalog c : List.of(ctx.source(), ctx.target())) {
            c.defaultPrivileges().forEach(d -> global.add(new Scope(d.role(), null, d.objectType())));
        }
        Map<Scope, Map<String, Map<String, Boolean>>> want = effective(ctx.source(), global, ctx.source().serverVersionNum());
        want.replaceAll((scope, held) -> acrossVersions(held, scope.objectType().equals("tables"), ctx.source().serverVersionNum(),
                ctx.target().serverVersionNum()));
        Map<Scope, Map<String, Map<String, Boolean>>> had = effective(ctx.target(), global, ctx.target().serverVersionNum());
        // entries of a schema the source lacks go with the schema
        had.keySet().removeIf(s -> s.schema() != null && ctx.sourceSchema(s.schema()).isEmpty());
        Set<Scope> scopes = new java.util.TreeSet<>(java.util.Comparator.comparing(Scope::role)
                .thenComparing(s -> s.schema() == null ? "" : "~" + s.schema()).thenComparing(Scope::objectType));
        scopes.addAll(want.keySet());
        scopes.addAll(had.keySet());
        for (Scope scope : scopes) {
            String objects = switch (scope.objectType()) {
                case "tables", "sequences", "functions", "types", "schemas" -> scope.objectType().toUpperCase(Locale.ROOT);
                case "large_objects" -> "LARGE OBJECTS";
                default -> null;
            };
            if (objects == null) {
                continue;
            }
            Map<String, Map<String, Boolean>> from = had.getOrDefault(scope, Map.of());
            Map<String, Map<String, Boolean>> to = want.getOrDefault(scope, Map.of());
            Set<String> grantees = new java.util.TreeSet<>(from.keySet());
            grantees.addAll(to.keySet());
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(scope.role())
                    + (scope.schema() == null ? "" : " IN SCHEMA " + quote(scope.schema())) + " ";
            String shown = scope.role() + (scope.schema() == null ? "" : " in " + scope.schema()) + " on " + scope.objectType();
            Set<String> requires = created;
            for (String grantee : grantees) {
                Delta delta = Delta.of(from.getOrDefault(grantee, Map.of()), to.getOrDefault(grantee, Map.of()));
                for (String sql : delta.statements(prefix, " ON " + objects, grantee, p -> p,
                        allPrivileges(objects, ctx.target().serverVersionNum()))) {
                    ctx.emit(Change.alter("default privilege", shown, Phase.PRIVILEGES, sql).requiring(requires));
                }
            }
        }
    }

    /**
     * Default privileges in force: a database-wide scope without an entry has PostgreSQL's built-in defaults (the
     * role holds everything, PUBLIC may execute functions and use types); a schema's entries only add to them.
     */
    private static Map<Scope, Map<String, Map<String, Boolean>>> effective(Catalog catalog, Set<Scope> global, int serverVersionNum) {
        List<DefaultPrivilege> all = new ArrayList<>(catalog.defaultPrivileges());
        catalog.schemas().forEach(s -> all.addAll(s.defaultPrivileges()));
        Map<Scope, Map<String, Map<String, Boolean>>> effective = new TreeMap<>(java.util.Comparator.comparing(Scope::role)
                .thenComparing(s -> s.schema() == null ? "" : "~" + s.schema()).thenComparing(Scope::objectType));
        for (DefaultPrivilege d : all) {
            Map<String, Boolean> privileges = effective.computeIfAbsent(new Scope(d.role(), d.schema(), d.objectType()), k -> new TreeMap<>())
                    .computeIfAbsent(d.grantee(), k -> new TreeMap<>());
            d.privileges().forEach(p -> privileges.merge(p, d.grantable(), Boolean::logicalOr));
        }
        for (Scope scope : global) {
            if (!effective.containsKey(scope)) {
                effective.put(scope, builtIn(scope, serverVersionNum));
            }
        }
        return effective;
    }

    /** PostgreSQL's built-in default privileges ({@code acldefault}): the owner holds everything, PUBLIC may execute and use types. */
    private static Map<String, Map<String, Boolean>> builtIn(Scope scope, int serverVersionNum) {
        Map<String, Map<String, Boolean>> builtIn = new TreeMap<>();
        List<String> own = switch (scope.objectType()) {
            case "tables" -> serverVersionNum >= 170000 ? plus(TABLE_PRIVILEGES, "MAINTAIN") : TABLE_PRIVILEGES;
            case "sequences" -> List.of("SELECT", "UPDATE", "USAGE");
            case "functions" -> List.of("EXECUTE");
            case "types" -> List.of("USAGE");
            case "schemas" -> List.of("CREATE", "USAGE");
            default -> List.of("SELECT", "UPDATE");
        };
        own.forEach(p -> builtIn.computeIfAbsent(scope.role(), k -> new TreeMap<>()).put(p, false));
        if (scope.objectType().equals("functions")) {
            builtIn.computeIfAbsent("PUBLIC", k -> new TreeMap<>()).put("EXECUTE", false);
        } else if (scope.objectType().equals("types")) {
            builtIn.computeIfAbsent("PUBLIC", k -> new TreeMap<>()).put("USAGE", false);
        }
        return builtIn;
    }
}
