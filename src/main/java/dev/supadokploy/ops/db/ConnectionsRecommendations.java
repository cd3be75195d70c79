package dev.supadokploy.ops.db;

import static dev.supadokploy.ops.db.DbConnectionsOperation.CRITICAL_PERCENT;
import static dev.supadokploy.ops.db.DbConnectionsOperation.LONG_RUNNING_SECONDS;
import static dev.supadokploy.ops.db.DbConnectionsOperation.POSTGREST;
import static dev.supadokploy.ops.db.DbConnectionsOperation.POSTGREST_DEFAULT_POOL;
import static dev.supadokploy.ops.db.DbConnectionsOperation.SUPAVISOR;
import static dev.supadokploy.ops.db.DbConnectionsOperation.SUPAVISOR_DEFAULT_POOL;
import static dev.supadokploy.ops.db.DbConnectionsOperation.WARNING_PERCENT;
import static dev.supadokploy.ops.db.DbConnectionsOperation.age;

import dev.supadokploy.ops.db.DbConnectionsOperation.Recommendation;
import dev.supadokploy.ops.db.DbConnectionsOperation.ServiceConnections;
import dev.supadokploy.ops.db.DbConnectionsOperation.Session;
import dev.supadokploy.ops.db.DbConnectionsOperation.StateCounts;
import dev.supadokploy.pg.PgIdentifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Concrete advice from a connections snapshot, most severe first. Pure: tested without a server. */
final class ConnectionsRecommendations {
    private ConnectionsRecommendations() {}

    /** What the recommendations are computed from. */
    record Snapshot(
            String login,
            int usable,
            int inUse,
            double usagePercent,
            String idleInTransactionTimeout,
            int idleThresholdSeconds,
            List<ServiceConnections> services,
            StateCounts states,
            List<Session> attention) {}

    static List<Recommendation> of(Snapshot s) {
        List<Recommendation> out = new ArrayList<>();
        usage(s, out);
        idleInTransaction(s, out);
        longRunning(s, out);
        poolDemand(s, out);
        idleShare(s, out);
        hiddenStates(s, out);
        out.sort((a, b) -> Integer.compare(rank(a.severity()), rank(b.severity())));
        return out;
    }

    private static int rank(String severity) {
        return switch (severity) {
            case "critical" -> 0;
            case "warning" -> 1;
            default -> 2;
        };
    }

    private static void usage(Snapshot s, List<Recommendation> out) {
        if (s.usagePercent() < WARNING_PERCENT) {
            return;
        }
        ServiceConnections biggest = s.services().stream()
                .max((a, b) -> Integer.compare(a.total(), b.total()))
                .orElse(null);
        out.add(new Recommendation(
                s.usagePercent() >= CRITICAL_PERCENT ? "critical" : "warning",
                s.inUse() + " of " + s.usable() + " usable connection slots are in use (" + s.usagePercent()
                        + "%); at " + s.usable() + " new connections from ordinary roles are refused"
                        + (biggest == null
                                ? ""
                                : "; the largest holder is " + biggest.service() + " with " + biggest.total()),
                "Lower the pool of the largest holder (PostgREST: PGRST_DB_POOL; Supavisor: POOLER_DEFAULT_POOL_SIZE), "
                        + "send application clients through Supavisor (port 6543) instead of direct connections, "
                        + "or raise max_connections (needs a restart; every connection costs server memory)."));
    }

    private static void idleInTransaction(Snapshot s, List<Recommendation> out) {
        List<Session> stale = s.attention().stream()
                .filter(x -> x.state().startsWith("idle in transaction"))
                .toList();
        if (stale.isEmpty()) {
            return;
        }
        String named = stale.stream()
                .limit(5)
                .map(x -> "pid " + x.pid() + " (" + x.role() + ", "
                        + (x.application().isEmpty() ? "no application_name" : "application '" + x.application() + "'")
                        + ", " + age(x.stateSeconds()) + ")")
                .collect(Collectors.joining("; "));
        Set<String> roles = new LinkedHashSet<>();
        stale.forEach(x -> {
            if (x.role() != null) {
                roles.add(x.role());
            }
        });
        String pids = stale.stream()
                .limit(5)
                .map(x -> "pg_terminate_backend(" + x.pid() + ")")
                .collect(Collectors.joining(", "));
        boolean timeoutOff = "0".equals(s.idleInTransactionTimeout());
        String setting = roles.isEmpty()
                ? "ALTER DATABASE … SET idle_in_transaction_session_timeout = '60s'"
                : roles.stream()
                        .map(r -> "ALTER ROLE " + PgIdentifiers.quote(r)
                                + " SET idle_in_transaction_session_timeout = '60s'")
                        .collect(Collectors.joining("; "));
        double oldest = stale.stream().mapToDouble(Session::stateSeconds).max().orElse(0);
        out.add(new Recommendation(
                oldest >= 300 ? "critical" : "warning",
                stale.size() + " session(s) idle in transaction for " + s.idleThresholdSeconds() + "s or longer: "
                        + named + ". They hold locks and keep VACUUM from removing dead rows until they end",
                "Find the client that left the transaction open (its application_name above) and fix it to commit or roll back; "
                        + "end the sessions now with SELECT " + pids + "; "
                        + (timeoutOff
                                ? "idle_in_transaction_session_timeout is off, so let the server end such sessions: "
                                        + setting + "."
                                : "idle_in_transaction_session_timeout is " + s.idleInTransactionTimeout()
                                        + "; lower it for these roles if that is too long: " + setting + ".")));
    }

    private static void longRunning(Snapshot s, List<Recommendation> out) {
        List<Session> running =
                s.attention().stream().filter(x -> x.state().equals("active")).toList();
        if (running.isEmpty()) {
            return;
        }
        String named = running.stream()
                .limit(5)
                .map(x -> "pid " + x.pid() + " (" + x.role() + ", " + x.service() + ", " + age(x.stateSeconds()) + ")")
                .collect(Collectors.joining("; "));
        out.add(new Recommendation(
                "warning",
                running.size() + " quer" + (running.size() == 1 ? "y has" : "ies have") + " been running for "
                        + LONG_RUNNING_SECONDS / 60 + " minutes or longer: " + named,
                "Look at them in pg_stat_activity; cancel one with SELECT pg_cancel_backend(pid); cap the role's queries with "
                        + "ALTER ROLE … SET statement_timeout = '60s'."));
    }

    /**
     * Pools grow on demand up to their configured size, which the database cannot see. Estimate what
     * they could take: the larger of what each service holds now and its documented default pool size
     * where one is known (PostgREST, Supavisor). Auth, Storage and Realtime count as what they hold now.
     */
    private static void poolDemand(Snapshot s, List<Recommendation> out) {
        int estimate = 0;
        List<String> parts = new ArrayList<>();
        for (ServiceConnections c : s.services()) {
            int could = switch (c.service()) {
                case POSTGREST -> Math.max(c.total(), POSTGREST_DEFAULT_POOL);
                case SUPAVISOR -> Math.max(c.total(), SUPAVISOR_DEFAULT_POOL);
                default -> c.total();
            };
            estimate += could;
            if (could > c.total()) {
                parts.add(c.service() + " " + c.total() + " now, up to " + could + " at its default pool size");
            }
        }
        if (estimate <= s.usable() || parts.isEmpty()) {
            return;
        }
        out.add(new Recommendation(
                "warning",
                "The pools could need about " + estimate + " connections, more than the " + s.usable()
                        + " usable slots ("
                        + String.join("; ", parts) + "). This is an estimate from the connections observed now and "
                        + "the documented defaults; the real pool sizes are in the stack's .env",
                "Make the pool sizes add up to less than " + s.usable()
                        + ": PGRST_DB_POOL (PostgREST), GOTRUE_DB_MAX_POOL_SIZE "
                        + "(Auth), POOLER_DEFAULT_POOL_SIZE (Supavisor), or raise max_connections."));
    }

    private static void idleShare(Snapshot s, List<Recommendation> out) {
        int idle = s.states().idle();
        if (s.usagePercent() < 50 || idle * 2 < s.inUse()) {
            return;
        }
        out.add(new Recommendation(
                "info",
                idle + " of the " + s.inUse() + " connections are idle: pools keep them open while they wait for work",
                "If slots are short, shrink the pools or let them close idle connections sooner "
                        + "(PostgREST: PGRST_DB_POOL_MAX_IDLETIME)."));
    }

    private static void hiddenStates(Snapshot s, List<Recommendation> out) {
        int hidden = s.states().unknown();
        if (hidden == 0) {
            return;
        }
        out.add(new Recommendation(
                "info",
                "The state of " + hidden + " session(s) of other roles is hidden from " + s.login()
                        + ", so idle-in-transaction and long-running sessions among them cannot be reported",
                "Run as a superuser or a member of pg_read_all_stats: GRANT pg_read_all_stats TO "
                        + (s.login() == null ? "<login>" : PgIdentifiers.quote(s.login())) + ";"));
    }
}
