package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.DefaultPrivilege;
import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.diff.Securables.Securable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What grants and default privileges share: privileges as "per grantee, per privilege, with grant option or not", the
 * privileges an object starts with (its owner's default privileges, PostgreSQL's built-in ones), the differences
 * between two such sets as GRANT and REVOKE, and what changed between server versions (MAINTAIN in 17).
 */
final class Privileges {
    static final List<String> TABLE_PRIVILEGES =
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

    private Privileges() {}

    static String grantee(String role) {
        return "PUBLIC".equals(role) ? "PUBLIC" : quote(role);
    }

    /** Per grantee, per privilege: whether it is held WITH GRANT OPTION (by any grantor). */
    static Map<String, Map<String, Boolean>> held(List<Grant> grants) {
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
    record Start(Map<String, Map<String, Boolean>> possible, Map<String, Map<String, Boolean>> certain) {}

    static Start start(Securable object, Catalog target) {
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
        all.stream()
                .filter(d -> d.objectType().equals(type)
                        && (d.schema() == null || d.schema().equals(schema)))
                .forEach(d -> creators.add(d.role()));
        creators.add(ANY_OTHER_ROLE);
        Map<String, Map<String, Boolean>> possible = null;
        Map<String, Map<String, Boolean>> certain = null;
        for (String creator : creators) {
            Scope global = new Scope(creator, null, type);
            Map<Scope, Map<String, Map<String, Boolean>>> effective =
                    effective(target, Set.of(global), target.serverVersionNum());
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
    static final String ANY_OTHER_ROLE = "\"any other role\"";

    static Map<String, Map<String, Boolean>> union(
            Map<String, Map<String, Boolean>> a, Map<String, Map<String, Boolean>> b) {
        Map<String, Map<String, Boolean>> out = new TreeMap<>();
        for (Map<String, Map<String, Boolean>> side : List.of(a, b)) {
            side.forEach((grantee, privileges) -> privileges.forEach((p, option) ->
                    out.computeIfAbsent(grantee, k -> new TreeMap<>()).merge(p, option, Boolean::logicalOr)));
        }
        return out;
    }

    static Map<String, Map<String, Boolean>> intersection(
            Map<String, Map<String, Boolean>> a, Map<String, Map<String, Boolean>> b) {
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
    static Map<String, Map<String, Boolean>> acrossVersions(
            Map<String, Map<String, Boolean>> held, boolean table, int sourceVersionNum, int targetVersionNum) {
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

    static Map<String, Map<String, Boolean>> copy(Map<String, Map<String, Boolean>> held) {
        Map<String, Map<String, Boolean>> copy = new TreeMap<>();
        held.forEach((grantee, privileges) -> copy.put(grantee, new TreeMap<>(privileges)));
        return copy;
    }

    static List<String> plus(List<String> list, String item) {
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
        List<String> statements(
                String prefix,
                String on,
                String grantee,
                java.util.function.Function<String, String> privilege,
                Set<String> all) {
            List<String> sql = new ArrayList<>();
            String who = grantee(grantee);
            if (!revoke.isEmpty()) {
                sql.add(prefix + "REVOKE " + list(revoke, privilege, all) + on + " FROM " + who + ";");
            }
            if (!revokeOption.isEmpty()) {
                sql.add(prefix + "REVOKE GRANT OPTION FOR " + list(revokeOption, privilege, all) + on + " FROM " + who
                        + ";");
            }
            if (!grant.isEmpty()) {
                sql.add(prefix + "GRANT " + list(grant, privilege, all) + on + " TO " + who + ";");
            }
            if (!grantWithOption.isEmpty()) {
                sql.add(prefix + "GRANT " + list(grantWithOption, privilege, all) + on + " TO " + who
                        + " WITH GRANT OPTION;");
            }
            return sql;
        }

        static String list(
                List<String> privileges, java.util.function.Function<String, String> privilege, Set<String> all) {
            return !all.isEmpty() && all.equals(Set.copyOf(privileges))
                    ? "ALL"
                    : privileges.stream().map(privilege).collect(Collectors.joining(", "));
        }
    }

    /** Every privilege a table (or sequence) takes on the target's server: what ALL grants there; empty for other kinds. */
    static Set<String> allPrivileges(String kind, int serverVersionNum) {
        return switch (kind) {
            case "TABLE", "TABLES" ->
                Set.copyOf(serverVersionNum >= 170000 ? plus(TABLE_PRIVILEGES, "MAINTAIN") : TABLE_PRIVILEGES);
            case "SEQUENCE", "SEQUENCES" -> Set.of("SELECT", "UPDATE", "USAGE");
            default -> Set.of();
        };
    }

    record Scope(String role, String schema, String objectType) {}

    /**
     * Default privileges in force: a database-wide scope without an entry has PostgreSQL's built-in defaults (the
     * role holds everything, PUBLIC may execute functions and use types); a schema's entries only add to them.
     */
    static Map<Scope, Map<String, Map<String, Boolean>>> effective(
            Catalog catalog, Set<Scope> global, int serverVersionNum) {
        List<DefaultPrivilege> all = new ArrayList<>(catalog.defaultPrivileges());
        catalog.schemas().forEach(s -> all.addAll(s.defaultPrivileges()));
        Map<Scope, Map<String, Map<String, Boolean>>> effective =
                new TreeMap<>(java.util.Comparator.comparing(Scope::role)
                        .thenComparing(s -> s.schema() == null ? "" : "~" + s.schema())
                        .thenComparing(Scope::objectType));
        for (DefaultPrivilege d : all) {
            Map<String, Boolean> privileges = effective
                    .computeIfAbsent(new Scope(d.role(), d.schema(), d.objectType()), k -> new TreeMap<>())
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
    static Map<String, Map<String, Boolean>> builtIn(Scope scope, int serverVersionNum) {
        Map<String, Map<String, Boolean>> builtIn = new TreeMap<>();
        List<String> own = switch (scope.objectType()) {
            case "tables" -> serverVersionNum >= 170000 ? plus(TABLE_PRIVILEGES, "MAINTAIN") : TABLE_PRIVILEGES;
            case "sequences" -> List.of("SELECT", "UPDATE", "USAGE");
            case "functions" -> List.of("EXECUTE");
            case "types" -> List.of("USAGE");
            case "schemas" -> List.of("CREATE", "USAGE");
            default -> List.of("SELECT", "UPDATE");
        };
        own.forEach(
                p -> builtIn.computeIfAbsent(scope.role(), k -> new TreeMap<>()).put(p, false));
        if (scope.objectType().equals("functions")) {
            builtIn.computeIfAbsent("PUBLIC", k -> new TreeMap<>()).put("EXECUTE", false);
        } else if (scope.objectType().equals("types")) {
            builtIn.computeIfAbsent("PUBLIC", k -> new TreeMap<>()).put("USAGE", false);
        }
        return builtIn;
    }
}
