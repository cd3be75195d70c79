package dev.supadokploy.supabase;

import dev.supadokploy.pg.catalog.ManagedParts;
import dev.supadokploy.pg.catalog.SchemaSelection;
import java.util.List;
import java.util.Set;

/**
 * Schemas that Supabase's own services and extensions create and migrate (GoTrue, Storage, Realtime,
 * pg_graphql, Vault, pg_net, pg_cron, the CLI's migration history, Logflare, Supavisor …). They are the
 * platform's, not the project's: "all schemas" in inspect, diff, sync and backup means the others,
 * and these are read only when named explicitly.
 */
public final class ManagedSchemas {
    /** Sorted. */
    public static final List<String> NAMES = List.of(
            "_analytics",
            "_realtime",
            "auth",
            "cron",
            "extensions",
            "graphql",
            "graphql_public",
            "net",
            "pgbouncer",
            "pgsodium",
            "pgsodium_masks",
            "realtime",
            "storage",
            // ours: the checkpoint of an interrupted `migrate data` run
            "supa_dokploy",
            "supabase_functions",
            "supabase_migrations",
            "vault");

    private static final Set<String> SET = Set.copyOf(NAMES);

    /**
     * The roles a Supabase stack makes for itself (supabase/postgres's init scripts and migrations, its services): their
     * privileges on managed tables are the platform's; privileges an application gives its own roles there are its own.
     * The list is pg-delta's Supabase profile's (supabase/pg-toolbelt, packages/pg-delta/src/core/integrations/supabase.ts)
     * with postgres, which the stack grants on every managed table ({@code 10000000000000_demote-postgres.sql}).
     */
    public static final Set<String> PLATFORM_ROLES = Set.of(
            "anon",
            "authenticated",
            "authenticator",
            "cli_login_postgres",
            "dashboard_user",
            "pgbouncer",
            "pgsodium_keyholder",
            "pgsodium_keyiduser",
            "pgsodium_keymaker",
            "pgtle_admin",
            "postgres",
            "service_role",
            "supabase_admin",
            "supabase_auth_admin",
            "supabase_etl_admin",
            "supabase_functions_admin",
            "supabase_read_only_user",
            "supabase_realtime_admin",
            "supabase_replication_admin",
            "supabase_storage_admin",
            "supabase_superuser");

    /** What the application puts on the managed schemas' tables (its triggers, policies, its roles' privileges). */
    public static final ManagedParts PARTS = new ManagedParts(SET, PLATFORM_ROLES);

    private ManagedSchemas() {}

    public static Set<String> set() {
        return SET;
    }

    public static boolean isManaged(String schema) {
        return SET.contains(schema);
    }

    /**
     * The application's schema, as diff, sync, promotion, drift and backup take it by default: every user schema but the
     * managed ones, and what the application put on the managed ones' tables.
     */
    public static SchemaSelection application() {
        return SchemaSelection.all(SET).withManagedParts(PARTS);
    }
}
