package dev.supadokploy.supabase;

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

    private ManagedSchemas() {}

    public static Set<String> set() {
        return SET;
    }

    public static boolean isManaged(String schema) {
        return SET.contains(schema);
    }
}
