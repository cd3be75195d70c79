package dev.supadokploy.ops.monitor;

import java.util.List;
import java.util.Set;

/**
 * The services of Dokploy's Supabase template ({@code blueprints/supabase/docker-compose.yml}) and which of them
 * the stack cannot serve anything without.
 */
final class SupabaseServices {
    /** In the order people think of them: the data path first, then the features, then the tooling. */
    static final List<String> EXPECTED = List.of("db", "kong", "auth", "rest", "realtime", "storage", "imgproxy", "meta",
            "functions", "analytics", "vector", "supavisor", "studio");

    /**
     * Without the database or the Kong gateway every API call fails: the stack is down. Auth and PostgREST are
     * essential too, but with them broken the rest still answers, so their loss is reported as degraded and
     * named loudly in the alerts.
     */
    static final Set<String> VITAL = Set.of("db", "kong");

    static final Set<String> ESSENTIAL = Set.of("db", "kong", "auth", "rest");

    private SupabaseServices() {}
}
