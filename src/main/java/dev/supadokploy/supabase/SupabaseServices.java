package dev.supadokploy.supabase;

import java.util.List;

/**
 * The services of Dokploy's July 2026 Supabase template ({@code blueprints/supabase/docker-compose.yml}) and which of
 * them the stack cannot serve anything without: the fallback when a compose's own file cannot be read
 * ({@code ops.connection.MonitoredStack.expectedServices}).
 */
public final class SupabaseServices {
    /** In the order people think of them: the data path first, then the features, then the tooling. */
    public static final List<String> EXPECTED = List.of(
            "db",
            "kong",
            "auth",
            "rest",
            "realtime",
            "storage",
            "imgproxy",
            "meta",
            "functions",
            "analytics",
            "vector",
            "supavisor",
            "studio");

    /**
     * Without the database or the Kong gateway every API call fails: the stack is down. Auth and PostgREST are
     * essential too, but with them broken the rest still answers, so their loss is reported as degraded and
     * named loudly in the alerts.
     */
    public static final List<String> VITAL = List.of("db", "kong");

    public static final List<String> ESSENTIAL = List.of("db", "kong", "auth", "rest");

    private SupabaseServices() {}
}
