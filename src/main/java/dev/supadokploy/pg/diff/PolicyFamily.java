package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Policy;
import dev.supadokploy.pg.catalog.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Policies of the source's tables: created, altered in place where ALTER POLICY can (roles, expressions), else dropped
 * and created again; those gone from the source are dropped. A table the earlier families make again starts with none.
 */
final class PolicyFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        Securables.eachSourceTable(ctx, (schema, table, before) -> policies(ctx, schema.name(), table, before));
    }

    static void policies(DiffContext ctx, String schema, Table table, Table before) {
        String on = " ON " + qualified(schema, table.name());
        Map<String, Policy> old = before == null ? Map.of() : TableFamily.byName(before.policies(), Policy::name);
        Map<String, Policy> now = TableFamily.byName(table.policies(), Policy::name);
        Set<String> remade = new HashSet<>();
        for (Policy p : old.values()) {
            Policy wanted = now.get(p.name());
            String key = Securables.policyKey(schema, table.name(), p.name());
            if (wanted == null || ctx.mustRebuild(key) || !alterable(p, wanted)) {
                Change drop = Change.drop(
                        "policy",
                        schema + "." + table.name() + "." + p.name(),
                        Phase.DROP_POLICIES,
                        key,
                        "DROP POLICY " + quote(p.name()) + on + ";");
                if (wanted == null) {
                    drop = drop.withHazard(
                            Hazard.breaksClients("rows that policy " + p.name() + " on " + schema + "." + table.name()
                                    + (p.permissive()
                                            ? " let roles see or change are no longer theirs"
                                            : " kept from roles become visible to them")));
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
                ctx.emit(Change.create(
                                "policy",
                                shown,
                                Phase.CREATE_POLICIES,
                                key,
                                "CREATE POLICY " + quote(p.name()) + on
                                        + " AS " + (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE") + " FOR "
                                        + p.command() + " TO " + roles(p.roles())
                                        + (p.using() == null ? "" : " USING (" + p.using() + ")")
                                        + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")") + ";")
                        .requiring(Set.of(ObjectKey.relation(schema, table.name())))
                        .withHazard(hazard));
            } else if (!had.roles().equals(p.roles())
                    || !Objects.equals(had.using(), p.using())
                    || !Objects.equals(had.withCheck(), p.withCheck())) {
                StringBuilder sql = new StringBuilder("ALTER POLICY ")
                        .append(quote(p.name()))
                        .append(on);
                if (!had.roles().equals(p.roles())) {
                    sql.append(" TO ").append(roles(p.roles()));
                }
                if (!Objects.equals(had.using(), p.using())) {
                    sql.append(" USING (").append(p.using()).append(')');
                }
                if (!Objects.equals(had.withCheck(), p.withCheck())) {
                    sql.append(" WITH CHECK (").append(p.withCheck()).append(')');
                }
                ctx.emit(Change.alter(
                                "policy",
                                shown,
                                Phase.CREATE_POLICIES,
                                sql.append(';').toString())
                        .requiring(Set.of(key))
                        .withHazard(
                                Hazard.breaksClients("policy " + shown + " changes which rows roles see or change")));
            }
        }
    }

    static Hazard remade(String schema, Table table, Policy p) {
        return Hazard.breaksClients(
                "policy " + schema + "." + table.name() + "." + p.name()
                        + " is dropped and made again with another command, kind or fewer expressions: it changes which rows roles see or change");
    }

    /** ALTER POLICY changes roles and expressions, but cannot change the command or kind, nor remove an expression. */
    static boolean alterable(Policy had, Policy wanted) {
        return had.command().equals(wanted.command())
                && had.permissive() == wanted.permissive()
                && (wanted.using() != null || had.using() == null)
                && (wanted.withCheck() != null || had.withCheck() == null);
    }

    static String roles(List<String> roles) {
        return roles.stream().map(Privileges::grantee).collect(Collectors.joining(", "));
    }
}
