package dev.supadokploy.ops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.db.ConnectionsRecommendations.Snapshot;
import dev.supadokploy.ops.db.DbConnectionsOperation.Recommendation;
import dev.supadokploy.ops.db.DbConnectionsOperation.ServiceConnections;
import dev.supadokploy.ops.db.DbConnectionsOperation.Session;
import dev.supadokploy.ops.db.DbConnectionsOperation.StateCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advice, from snapshots too big or too broken to set up on a test server. */
class ConnectionsRecommendationsTest {

    static ServiceConnections service(String name, int total, int idle) {
        return new ServiceConnections(name, total, total - idle, idle, 0, 0, List.of("r"), List.of());
    }

    static Snapshot snapshot(
            int usable, List<ServiceConnections> services, StateCounts states, List<Session> attention) {
        int inUse = services.stream().mapToInt(ServiceConnections::total).sum();
        double percent = Math.round(inUse * 1000.0 / usable) / 10.0;
        return new Snapshot("postgres", usable, inUse, percent, "0", 60, services, states, attention);
    }

    static StateCounts states(int active, int idle) {
        return new StateCounts(active, idle, 0, 0, 0, 0, null);
    }

    static Recommendation find(List<Recommendation> recs, String text) {
        return recs.stream()
                .filter(r -> r.finding().contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recommendation with '" + text + "' in " + recs));
    }

    @Test
    void healthyUsageHasNoAdvice() {
        assertEquals(
                List.of(),
                ConnectionsRecommendations.of(
                        snapshot(97, List.of(service("PostgREST", 10, 2)), states(8, 2), List.of())));
    }

    @Test
    void nearTheLimitIsAWarningAndOverNinetyPercentCritical() {
        List<Recommendation> warn = ConnectionsRecommendations.of(snapshot(
                100, List.of(service("PostgREST", 60, 0), service("worker", 22, 0)), states(82, 0), List.of()));
        Recommendation w = find(warn, "usable connection slots are in use");
        assertEquals("warning", w.severity());
        assertTrue(w.finding().contains("82 of 100"), w.finding());
        assertTrue(w.finding().contains("largest holder is PostgREST with 60"), w.finding());
        assertTrue(w.action().contains("PGRST_DB_POOL"), w.action());
        List<Recommendation> crit =
                ConnectionsRecommendations.of(snapshot(100, List.of(service("x", 95, 0)), states(95, 0), List.of()));
        assertEquals("critical", find(crit, "usable connection slots").severity());
        assertEquals("critical", crit.get(0).severity(), "most severe first");
    }

    @Test
    void poolsThatCouldOutgrowTheSlotsAreFlaggedAsAnEstimate() {
        // 17 usable slots: PostgREST holds 3 now but may grow to its default 10, Supavisor to 20.
        List<Recommendation> recs = ConnectionsRecommendations.of(snapshot(
                17,
                List.of(service("PostgREST", 3, 3), service("Supavisor", 2, 2), service("Auth (GoTrue)", 2, 2)),
                states(0, 7),
                List.of()));
        Recommendation r = find(recs, "The pools could need about 32 connections");
        assertTrue(r.finding().contains("estimate"), r.finding());
        assertTrue(r.action().contains("PGRST_DB_POOL") && r.action().contains("POOLER_DEFAULT_POOL_SIZE"), r.action());
    }

    @Test
    void mostlyIdleConnectionsAtHighUsage() {
        List<Recommendation> recs = ConnectionsRecommendations.of(
                snapshot(20, List.of(service("PostgREST", 10, 9)), states(1, 9), List.of()));
        assertEquals("info", find(recs, "9 of the 10 connections are idle").severity());
    }

    @Test
    void longIdleInTransactionIsCriticalAndNamesTheSession() {
        Session stuck = new Session(4242, "authenticator", "postgrest", "PostgREST", "idle in transaction", 900, 905.0);
        List<Recommendation> recs = ConnectionsRecommendations.of(snapshot(
                97, List.of(service("PostgREST", 1, 0)), new StateCounts(0, 0, 1, 0, 0, 0, 900.0), List.of(stuck)));
        Recommendation r = find(recs, "idle in transaction");
        assertEquals("critical", r.severity());
        assertTrue(r.finding().contains("pid 4242 (authenticator, application 'postgrest', 15m 0s)"), r.finding());
        assertTrue(r.action().contains("pg_terminate_backend(4242)"), r.action());
        assertTrue(r.action().contains("ALTER ROLE authenticator SET idle_in_transaction_session_timeout"), r.action());
    }

    @Test
    void longRunningQueries() {
        Session slow = new Session(7, "postgres", "psql", "psql", "active", 1200, 1200.0);
        List<Recommendation> recs = ConnectionsRecommendations.of(
                snapshot(97, List.of(service("psql", 1, 0)), states(1, 0), List.of(slow)));
        Recommendation r = find(recs, "running for 5 minutes or longer");
        assertTrue(r.finding().contains("pid 7"), r.finding());
        assertTrue(r.action().contains("pg_cancel_backend"), r.action());
    }

    @Test
    void hiddenStatesAskForPgReadAllStats() {
        List<Recommendation> recs = ConnectionsRecommendations.of(new Snapshot(
                "app_user",
                97,
                5,
                5.2,
                "0",
                60,
                List.of(service("PostgREST", 5, 0)),
                new StateCounts(1, 0, 0, 0, 0, 4, null),
                List.of()));
        assertTrue(find(recs, "hidden from app_user").action().contains("GRANT pg_read_all_stats TO app_user"));
    }

    @Test
    void ages() {
        assertEquals("45s", DbConnectionsOperation.age(45.2));
        assertEquals("3m 20s", DbConnectionsOperation.age(200));
        assertEquals("2h 5m", DbConnectionsOperation.age(7500));
    }
}
