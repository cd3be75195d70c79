package dev.supadokploy.cli.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * db connections against real sessions: PostgREST's authenticator, GoTrue's supabase_auth_admin, and a
 * client that left a transaction open.
 */
@NeedsPostgres
class DbConnectionsCommandTest {
    static final String AUTHENTICATOR_PASSWORD = "authenticator test password";
    static final String AUTH_ADMIN_PASSWORD = "auth admin test password";
    static TestPostgres pg;
    static String db;
    static final List<Connection> sessions = new ArrayList<>();
    static int stuckPid;

    @BeforeAll
    static void openSessions() throws SQLException {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("connections");
        // The fixture's service roles have no passwords; give them some so the test can log in as the services do.
        pg.execute(db, "ALTER ROLE authenticator LOGIN PASSWORD '" + AUTHENTICATOR_PASSWORD + "'");
        pg.execute(db, "ALTER ROLE supabase_auth_admin LOGIN PASSWORD '" + AUTH_ADMIN_PASSWORD + "'");
        sessions.add(login("authenticator", AUTHENTICATOR_PASSWORD, "postgrest"));
        sessions.add(login("authenticator", AUTHENTICATOR_PASSWORD, "postgrest"));
        sessions.add(login("supabase_auth_admin", AUTH_ADMIN_PASSWORD, "gotrue"));
        Properties p = new Properties();
        p.setProperty("user", pg.adminUser());
        if (pg.adminPassword() != null) {
            p.setProperty("password", pg.adminPassword());
        }
        p.setProperty("ApplicationName", "stuck-job");
        Connection stuck = DriverManager.getConnection(jdbcUrl(), p);
        stuck.setAutoCommit(false);
        try (Statement s = stuck.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            stuckPid = rs.getInt(1);
        }
        sessions.add(stuck); // now idle in transaction until the end of the class
    }

    @AfterAll
    static void closeSessions() throws SQLException {
        for (Connection c : sessions) {
            c.close();
        }
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db;
    }

    private static Connection login(String user, String password, String application) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", application);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    static CliRunner cli() {
        return CliRunner.forServer(pg).env("SUPA_DOKPLOY_DATABASE_URL", pg.adminUrlWithoutPassword(db));
    }

    static JsonNode service(JsonNode result, String name) {
        for (JsonNode s : result.get("byService")) {
            if (s.get("service").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + result.get("byService"));
    }

    @Test
    void breakdownBySupabaseServiceAndState() {
        CliRunner.Result r = cli().run("db", "connections", "--output", "json", "--idle-in-transaction-seconds", "0");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = r.json();
        assertTrue(j.get("snapshotMs").asDouble() > 0);
        assertEquals(
                j.get("maxConnections").asInt() - j.get("reservedConnections").asInt(),
                j.get("usableConnections").asInt());
        assertTrue(j.get("inUse").asInt() >= 5, "four test sessions and the monitor's own: " + j);
        assertEquals(
                j.get("usableConnections").asInt() - j.get("inUse").asInt(),
                j.get("available").asInt());
        assertTrue(j.get("allStatesVisible").asBoolean());

        JsonNode postgrest = service(j, "PostgREST");
        assertEquals(2, postgrest.get("total").asInt());
        assertEquals(2, postgrest.get("idle").asInt());
        assertEquals("authenticator", postgrest.get("roles").get(0).asText());
        assertEquals(1, service(j, "Auth (GoTrue)").get("total").asInt());
        JsonNode stuck = service(j, "stuck-job");
        assertEquals(1, stuck.get("idleInTransaction").asInt());
        assertEquals(1, service(j, "supa-dokploy (this session)").get("active").asInt());

        JsonNode states = j.get("byState");
        assertTrue(states.get("idleInTransaction").asInt() >= 1);
        assertTrue(states.get("idle").asInt() >= 3);
        assertNotNull(states.get("oldestIdleInTransactionSeconds"));
        assertEquals(0, states.get("unknown").asInt());
    }

    @Test
    void idleInTransactionIsNamedWithAConcreteFix() {
        CliRunner.Result r = cli().run("db", "connections", "--output", "json", "--idle-in-transaction-seconds", "0");
        JsonNode j = r.json();
        assertTrue(
                StreamSupport.stream(j.get("attention").spliterator(), false)
                        .anyMatch(s -> s.get("pid").asInt() == stuckPid
                                && s.get("state").asText().equals("idle in transaction")),
                j::toString);
        JsonNode rec = StreamSupport.stream(j.get("recommendations").spliterator(), false)
                .filter(x -> x.get("finding").asText().contains("idle in transaction"))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no idle-in-transaction recommendation: " + j.get("recommendations")));
        assertEquals("warning", rec.get("severity").asText());
        assertTrue(rec.get("finding").asText().contains("pid " + stuckPid), rec::toString);
        assertTrue(rec.get("finding").asText().contains("stuck-job"), rec::toString);
        assertTrue(rec.get("action").asText().contains("pg_terminate_backend(" + stuckPid + ")"), rec::toString);
        assertTrue(rec.get("action").asText().contains("idle_in_transaction_session_timeout"), rec::toString);
    }

    @Test
    void theThresholdKeepsFreshTransactionsQuiet() {
        CliRunner.Result r =
                cli().run("db", "connections", "--output", "json", "--idle-in-transaction-seconds", "3600");
        JsonNode j = r.json();
        assertEquals(0, j.get("attention").size(), j::toString);
        assertFalse(j.get("recommendations").toString().contains("idle in transaction for"), j::toString);
        assertTrue(j.get("byState").get("idleInTransaction").asInt() >= 1, "still counted");
    }

    @Test
    void aLoginWithoutPgReadAllStatsSeesServicesButNotStates() {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        CliRunner.Result r = new CliRunner()
                .env("PGPASSWORD", TestPostgres.LOGIN_PASSWORD)
                .run(
                        "db",
                        "connections",
                        "--output",
                        "json",
                        "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = r.json();
        assertFalse(j.get("allStatesVisible").asBoolean());
        assertTrue(j.get("byState").get("unknown").asInt() >= 4, j::toString);
        assertEquals(2, service(j, "PostgREST").get("unknown").asInt(), "role and application_name stay visible");
        assertTrue(
                j.get("recommendations").toString().contains("GRANT pg_read_all_stats TO " + TestPostgres.LOGIN_ROLE),
                j::toString);
    }

    @Test
    void textOutputForPeople() {
        CliRunner.Result r = cli().run("db", "connections", "--idle-in-transaction-seconds", "0");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.startsWith("Connections on postgres://"), r::toString);
        assertTrue(out.contains("By service"), r::toString);
        assertTrue(out.contains("PostgREST"), r::toString);
        assertTrue(out.contains("Needing attention"), r::toString);
        assertTrue(out.contains("WARNING"), r::toString);
        assertTrue(out.contains("pg_terminate_backend(" + stuckPid + ")"), r::toString);
    }

    @Test
    void watchPrintsOneJsonDocumentPerLine() {
        long started = System.nanoTime();
        CliRunner.Result r = cli().run("db", "connections", "--output", "json", "--watch", "1", "--count", "2");
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        for (String line : lines) {
            JsonNode j = read(line);
            assertTrue(j.get("inUse").asInt() >= 5);
        }
        assertTrue(ms >= 900, "waited for the interval: " + ms + " ms");
    }

    @Test
    void watchWithoutATerminalAppendsSnapshots() {
        CliRunner.Result r = cli().run("db", "connections", "--watch", "1", "--count", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2, r.stdout().split("Connections on ", -1).length - 1, r::toString);
        assertFalse(r.stdout().contains("\033["), "no screen control codes when not on a terminal");
    }

    @Test
    void watchOptionsAreChecked() {
        assertEquals(5, cli().run("db", "connections", "--count", "2").exitCode());
        assertEquals(5, cli().run("db", "connections", "--watch", "0").exitCode());
        assertEquals(5, cli().run("db", "connections", "--output", "csv").exitCode());
        assertEquals(
                5,
                cli().run("db", "connections", "--idle-in-transaction-seconds", "-1")
                        .exitCode());
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON document: " + line, e);
        }
    }
}
