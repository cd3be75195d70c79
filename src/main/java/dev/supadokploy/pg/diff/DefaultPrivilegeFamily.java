package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.Privileges.*;

import dev.supadokploy.pg.catalog.Catalog;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Default privileges (ALTER DEFAULT PRIVILEGES), global and per schema, against the target's effective ones, built-in
 * defaults included. Runs last of the privileges: every object this diff creates takes the target's current defaults.
 */
final class DefaultPrivilegeFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        defaultPrivileges(ctx, Securables.keys(ctx, Change.Action.create));
    }

    /**
     * Default privileges change after every object this diff creates, which therefore starts with the target's
     * current ones (what {@link #defaults} expects).
     */
    static void defaultPrivileges(DiffContext ctx, Set<String> created) {
        Set<Scope> global = new LinkedHashSet<>();
        for (Catalog c : List.of(ctx.source(), ctx.target())) {
            c.defaultPrivileges().forEach(d -> global.add(new Scope(d.role(), null, d.objectType())));
        }
        Map<Scope, Map<String, Map<String, Boolean>>> want =
                effective(ctx.source(), global, ctx.source().serverVersionNum());
        want.replaceAll((scope, held) -> acrossVersions(
                held,
                scope.objectType().equals("tables"),
                ctx.source().serverVersionNum(),
                ctx.target().serverVersionNum()));
        Map<Scope, Map<String, Map<String, Boolean>>> had =
                effective(ctx.target(), global, ctx.target().serverVersionNum());
        // entries of a schema the source lacks go with the schema
        had.keySet()
                .removeIf(
                        s -> s.schema() != null && ctx.sourceSchema(s.schema()).isEmpty());
        Set<Scope> scopes = new java.util.TreeSet<>(java.util.Comparator.comparing(Scope::role)
                .thenComparing(s -> s.schema() == null ? "" : "~" + s.schema())
                .thenComparing(Scope::objectType));
        scopes.addAll(want.keySet());
        scopes.addAll(had.keySet());
        for (Scope scope : scopes) {
            String objects = switch (scope.objectType()) {
                case "tables", "sequences", "functions", "types", "schemas" ->
                    scope.objectType().toUpperCase(Locale.ROOT);
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
            String shown = scope.role() + (scope.schema() == null ? "" : " in " + scope.schema()) + " on "
                    + scope.objectType();
            Set<String> requires = created;
            for (String grantee : grantees) {
                Delta delta = Delta.of(from.getOrDefault(grantee, Map.of()), to.getOrDefault(grantee, Map.of()));
                for (String sql : delta.statements(
                        prefix,
                        " ON " + objects,
                        grantee,
                        p -> p,
                        allPrivileges(objects, ctx.target().serverVersionNum()))) {
                    ctx.emit(Change.alter("default privilege", shown, Phase.PRIVILEGES, sql)
                            .requiring(requires));
                }
            }
        }
    }
}
