package dev.supadokploy.supabase;

import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import java.util.List;
import java.util.stream.Stream;

/**
 * What PostgREST can reach. It runs each request as the JWT's role ({@code anon} for the anon key,
 * {@code authenticated} for a signed-in user); a role reaches a table only through USAGE on its schema
 * and a privilege on the table or its columns. Which schemas PGRST_DB_SCHEMAS lists is stack
 * configuration the database cannot show, so the grants are what decide here. Privileges inherited
 * through membership in other roles are not followed.
 */
public final class ApiExposure {
    /** The roles Supabase's API keys and user sessions run as. */
    public static final List<String> API_ROLES = List.of("anon", "authenticated");

    private ApiExposure() {}

    /** An API role holds USAGE on the schema. */
    public static boolean exposed(Schema schema) {
        return schema.grants().stream().anyMatch(g -> API_ROLES.contains(g.grantee()) && g.has("USAGE"));
    }

    /** An API role (or PUBLIC) holds a privilege on the table or one of its columns. */
    public static boolean grantedToApi(Table table) {
        return Stream.concat(table.grants().stream(), table.columns().stream().flatMap(c -> c.grants().stream()))
                .map(Grant::grantee)
                .anyMatch(g -> API_ROLES.contains(g) || g.equals("PUBLIC"));
    }

    /**
     * Tables the API can reach with row level security disabled: every row is readable (and writable,
     * as far as the grants go) with nothing but the anon key or any user's session.
     */
    public static List<Table> tablesWithoutRls(Schema schema) {
        if (!exposed(schema)) {
            return List.of();
        }
        return schema.tables().stream()
                .filter(t -> !t.rlsEnabled() && grantedToApi(t))
                .toList();
    }
}
