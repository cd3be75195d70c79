package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.SupabaseUpstream;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile agent's execute_sql calls against the real MCP server process. On a superuser login every one is refused
 * before anything runs (QUERY_PRIVILEGED_LOGIN), unless the server was started with --allow-privileged-login, when the
 * result names the login that really ran. On a login made by {@code db agent-role create}, PostgreSQL itself blocks
 * each (insufficient privilege 42501, read-only transaction 25006 …) and none leaves a trace: no file written, no slot,
 * no row, the other backend alive. The key attempts run again on a database built from Supabase's upstream SQL, whose
 * {@code postgres} login is no superuser but is still privileged (REPLICATION, BYPASSRLS, CREATEROLE, pg_signal_backend).
 */
@NeedsPostgres
@StartsProcess
class McpSqlRedTeamIT {
    static TestPostgres pg;
    static String db;
    static String agent;
    static String agentPassword;
    static boolean dblink;

    @TempDir
    Path home;

    McpProcess server;

    @BeforeAll
    static void database() throws IOException {
        pg = TestPostgres.get();
        db = pg.createDatabase("redteam");
        pg.execute(
                db,
                "CREATE TABLE public.t (id int PRIMARY KEY, body text); INSERT INTO public.t VALUES (1, 'one');"
                        + "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'redteam_app') THEN CREATE ROLE redteam_app NOLOGIN; END IF; END $$;"
                        + "GRANT USAGE ON SCHEMA public TO redteam_app; GRANT SELECT ON public.t TO redteam_app");
        try {
            pg.execute(db, "CREATE EXTENSION dblink");
            dblink = true;
        } catch (IllegalStateException e) {
            System.err.println(
                    "dblink_exec attempt skipped: the dblink extension is not available here (" + e.getMessage() + ")");
        }
        agent = "redteam_agent_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        CliRunner.Result made = CliRunner.forServer(pg)
                .run(
                        "db",
                        "agent-role",
                        "create",
                        agent,
                        "--connection",
                        pg.adminUrlWithoutPassword(db),
                        "--output",
                        "json");
        assertEquals(0, made.exitCode(), made::toString);
        agentPassword = made.json().get("password").asText();
        // A role the agent may switch to, so that a RESET ROLE has somewhere to return from.
        pg.execute(db, "GRANT redteam_app TO " + agent);
    }

    @AfterAll
    static void dropAgent() {
        CliRunner.forServer(pg)
                .run("db", "agent-role", "drop", agent, "--connection", pg.adminUrlWithoutPassword(db), "--yes");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The server with instance "agent" (the agent login, its password from the server's environment) in config.toml. */
    private McpTestClient start(String agentUrl, String password, String... args) throws IOException {
        Path config = home.resolve("config").resolve("supa-dokploy").resolve("config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(
                config,
                "[instances.agent]\ndatabase_url = \"" + agentUrl + "\"\ndatabase_password = \"env:AGENT_PW\"\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("AGENT_PW", password);
        server = McpProcess.start(env, args);
        server.client().initialize();
        return server.client();
    }

    private McpTestClient startAgent(String... args) throws IOException {
        return start("postgres://" + agent + "@" + pg.host() + ":" + pg.port() + "/" + db, agentPassword, args);
    }

    private static JsonNode sql(McpTestClient client, Map<String, Object> args) {
        return client.callTool("execute_sql", args);
    }

    private static Map<String, Object> asAgent(String query) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("instance", "agent");
        args.put("query", query);
        return args;
    }

    private static JsonNode ok(JsonNode result) {
        assertFalse(result.get("isError").asBoolean(), result::toString);
        return result.get("structuredContent");
    }

    private static String code(JsonNode result) {
        return McpResults.error(result).get("code").asText();
    }

    private static String sqlState(JsonNode result) {
        JsonNode details = McpResults.error(result).get("details");
        return details == null || details.get("sqlState") == null
                ? null
                : details.get("sqlState").asText();
    }

    /** One attempt: the query, and the SQLSTATEs by which PostgreSQL may refuse it. */
    record Attempt(String name, String query, Set<String> states) {}

    private static final String PROGRAM_FILE = "/tmp/supa-dokploy-redteam-program";
    private static final String COPY_FILE = "/tmp/supa-dokploy-redteam-copy";
    private static final String LO_FILE = "/tmp/supa-dokploy-redteam-lo";
    private static final Set<String> PRIVILEGE = Set.of("42501");
    private static final Set<String> READ_ONLY = Set.of("25006");

    private static List<Attempt> attempts(int bystanderPid) {
        List<Attempt> a = new ArrayList<>(List.of(
                new Attempt("shell", "copy (select 1) to program 'id > " + PROGRAM_FILE + "'", PRIVILEGE),
                new Attempt("file write", "copy public.t to '" + COPY_FILE + "'", PRIVILEGE),
                new Attempt("lo_export", "select lo_export(1, '" + LO_FILE + "')", PRIVILEGE),
                new Attempt("lo_import", "select lo_import('/etc/passwd')", PRIVILEGE),
                new Attempt("file read", "select pg_read_file('/etc/passwd')", PRIVILEGE),
                new Attempt("password hashes", "select rolname, rolpassword from pg_authid", PRIVILEGE),
                new Attempt(
                        "replication slot",
                        "select pg_create_logical_replication_slot('redteam_slot', 'test_decoding')",
                        PRIVILEGE),
                new Attempt("signal", "select pg_terminate_backend(" + bystanderPid + ")", PRIVILEGE),
                new Attempt("reload", "select pg_reload_conf()", PRIVILEGE),
                new Attempt("stats reset", "select pg_stat_reset()", PRIVILEGE),
                new Attempt("checkpoint", "checkpoint", PRIVILEGE),
                new Attempt("lock", "lock table public.t in access exclusive mode", PRIVILEGE),
                new Attempt("set role", "set role postgres; select 1", PRIVILEGE),
                new Attempt("insert", "insert into public.t values (2, 'two')", READ_ONLY),
                new Attempt(
                        "read write",
                        "set transaction read write; insert into public.t values (3, 'three')",
                        Set.of("25001", "25006")),
                new Attempt(
                        "default off",
                        "set default_transaction_read_only = off; insert into public.t values (4, 'four')",
                        READ_ONLY)));
        if (dblink) {
            // Non-superusers must authenticate the remote connection by password; none is given, so it never connects.
            a.add(new Attempt(
                    "dblink_exec",
                    "select dblink_exec('host=" + pg.host() + " port=" + pg.port() + " dbname=" + db
                            + " user=postgres', 'insert into public.t values (5, ''five'')')",
                    Set.of("2F003", "08001", "42501")));
        }
        return a;
    }

    /** Nothing any attempt could have left behind is there. */
    private static void assertNoTrace(Connection admin, Connection bystander) throws SQLException {
        for (String f : List.of(PROGRAM_FILE, COPY_FILE, LO_FILE)) {
            assertFalse(Files.exists(Path.of(f)), f + " was written");
        }
        assertEquals(List.of("1"), column(admin, "SELECT id FROM public.t ORDER BY id"), "no row was inserted");
        assertEquals(
                List.of(),
                column(admin, "SELECT slot_name FROM pg_replication_slots WHERE slot_name = 'redteam_slot'"));
        assertEquals(List.of("1"), column(bystander, "SELECT 1"), "the other backend is alive");
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(column(c, "SELECT pg_backend_pid()").get(0));
    }

    @Test
    void superuserLoginIsRefusedBeforeAnythingRuns() throws Exception {
        try (Connection admin = pg.adminConnection(db);
                Connection bystander = pg.adminConnection(db)) {
            McpTestClient client = startAgent();
            for (Attempt attempt : attempts(pid(bystander))) {
                Map<String, Object> args =
                        new LinkedHashMap<>(Map.of("connectionString", pg.adminUrl(db), "query", attempt.query()));
                JsonNode r = sql(client, args);
                assertEquals("QUERY_PRIVILEGED_LOGIN", code(r), attempt.name() + ": " + r);
                JsonNode report = McpResults.error(r);
                assertTrue(report.get("message").asText().contains("SUPERUSER"), report::toString);
                assertTrue(report.get("suggestion").asText().contains("db agent-role create"), report::toString);
                assertTrue(report.get("suggestion").asText().contains("--allow-privileged-login"), report::toString);
            }
            JsonNode insert = sql(
                    client,
                    Map.of("connectionString", pg.adminUrl(db), "query", "insert into public.t values (9, 'x')"));
            assertEquals("QUERY_PRIVILEGED_LOGIN", code(insert));
            assertNoTrace(admin, bystander);
            server.close();

            // With the flag the server runs it, and says which login and role really ran.
            client = startAgent("--allow-privileged-login");
            JsonNode who = ok(sql(
                    client,
                    Map.of(
                            "connectionString",
                            pg.adminUrl(db),
                            "role",
                            "redteam_app",
                            "query",
                            "reset role; select current_user, session_user")));
            assertEquals(pg.adminUser(), who.get("rows").get(0).get(0).asText(), who::toString);
            assertEquals(pg.adminUser(), who.get("role").asText(), "the role that ran, not the one asked for: " + who);
            assertEquals(pg.adminUser(), who.get("login").asText(), who::toString);
        }
    }

    @Test
    void agentLoginIsConfinedByPostgresItself() throws Exception {
        try (Connection admin = pg.adminConnection(db);
                Connection bystander = pg.adminConnection(db)) {
            McpTestClient client = startAgent();
            List<String> blocked = new ArrayList<>();
            for (Attempt attempt : attempts(pid(bystander))) {
                JsonNode r = sql(client, asAgent(attempt.query()));
                String state = sqlState(r);
                assertTrue(
                        attempt.states().contains(state),
                        attempt.name() + ": expected SQLSTATE " + attempt.states() + ", got " + r);
                blocked.add(attempt.name() + " → " + code(r) + " " + state);
            }
            System.err.println("blocked by PostgreSQL on the agent login:\n  " + String.join("\n  ", blocked));
            assertNoTrace(admin, bystander);

            JsonNode commit = sql(client, asAgent("commit; insert into public.t values (6, 'six')"));
            assertEquals("VALIDATION_INVALID_INPUT", code(commit), commit::toString);
            assertTrue(McpResults.error(commit).get("message").asText().contains("COMMIT"), commit::toString);

            // RESET ROLE returns to the agent login, never above it, and the result says so.
            Map<String, Object> reset = asAgent("reset role; select current_user, session_user");
            reset.put("role", "redteam_app");
            JsonNode r = ok(sql(client, reset));
            assertEquals(
                    List.of(agent, agent),
                    List.of(
                            r.get("rows").get(0).get(0).asText(),
                            r.get("rows").get(0).get(1).asText()));
            assertEquals(agent, r.get("role").asText(), r::toString);
            assertEquals(agent, r.get("login").asText(), r::toString);
            Map<String, Object> asApp = asAgent("select current_user");
            asApp.put("role", "redteam_app");
            assertEquals("redteam_app", ok(sql(client, asApp)).get("role").asText());
            // The agent login itself is not privileged, so no flag is needed; reads work.
            assertEquals(
                    "one",
                    ok(sql(client, asAgent("select body from public.t")))
                            .get("rows")
                            .get(0)
                            .get(0)
                            .asText());
        }
    }

    @Test
    void agentResultsAreCappedInBytesAndQueriesTimedOut() throws Exception {
        McpTestClient client = startAgent("--statement-timeout", "2s");
        // 100 000 rows of 1 000 characters: about 100 MB as JSON without a cap.
        Map<String, Object> huge = asAgent("select repeat('x', 1000) from generate_series(1, 100000)");
        huge.put("maxRows", 0);
        JsonNode capped = ok(sql(client, huge));
        assertTrue(capped.get("truncated").asBoolean(), "capped");
        assertEquals("bytes", capped.get("truncatedBy").asText());
        assertEquals(1L << 20, capped.get("maxBytes").asLong());
        assertTrue(Json.write(capped.get("rows")).length() <= 1 << 20, "rows within the cap");
        assertTrue(
                capped.get("rowCount").asInt() > 900 && capped.get("rowCount").asInt() < 1100,
                capped.get("rowCount")::toString);
        huge.put("maxBytes", 50_000_000);
        assertEquals(
                1L << 20,
                ok(sql(client, huge)).get("maxBytes").asLong(),
                "an agent cannot ask for more than the server's cap");
        Map<String, Object> smaller = asAgent("select repeat('x', 1000) from generate_series(1, 100)");
        smaller.put("maxBytes", 10_000);
        JsonNode less = ok(sql(client, smaller));
        assertEquals("bytes", less.get("truncatedBy").asText());
        assertTrue(less.get("rowCount").asInt() < 10, less::toString);
        Map<String, Object> rows = asAgent("select g from generate_series(1, 50) g");
        rows.put("maxRows", 5);
        assertEquals("rows", ok(sql(client, rows)).get("truncatedBy").asText());

        long start = System.nanoTime();
        JsonNode slept = sql(client, asAgent("select pg_sleep(100)"));
        assertEquals("QUERY_TIMEOUT", code(slept), slept::toString);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 20_000, "stopped by the server's 2s statement_timeout");
        JsonNode settings = ok(
                sql(
                        client,
                        asAgent(
                                "select current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout')")));
        assertEquals("5s", settings.get("rows").get(0).get(0).asText(), settings::toString);
        assertEquals("1min", settings.get("rows").get(0).get(1).asText(), settings::toString);
    }

    @ParameterizedTest(name = "Supabase upstream on PostgreSQL {0}")
    @ValueSource(ints = {15, 17})
    void stackPostgresLoginIsPrivilegedAndItsAgentLoginIsConfined(int major) throws Exception {
        SupabaseUpstream up = SupabaseUpstream.of(major);
        String app = up.createApp("redteam_up");
        String name = "redteam_up_agent_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        // Made by the stack's own postgres login (CREATEROLE, no superuser), as an operator would.
        CliRunner.Result made = up.cli()
                .run(
                        "db",
                        "agent-role",
                        "create",
                        name,
                        "--connection",
                        up.loginUrlWithoutPassword(app),
                        "--output",
                        "json");
        assertEquals(0, made.exitCode(), made::toString);
        String password = made.json().get("password").asText();
        try (Connection login = up.login(app);
                Connection bystander = up.login(app)) {
            int before = Integer.parseInt(
                    column(login, "SELECT count(*) FROM public.profiles").get(0));
            McpTestClient client = start(
                    "postgres://" + name + "@" + up.server().host() + ":"
                            + up.server().port() + "/" + app,
                    password);
            JsonNode refused = sql(client, Map.of("connectionString", up.loginUrl(app), "query", "select 1"));
            assertEquals("QUERY_PRIVILEGED_LOGIN", code(refused), refused::toString);
            assertTrue(McpResults.error(refused).get("message").asText().contains("REPLICATION"), refused::toString);

            int bystanderPid = pid(bystander);
            Map<String, Set<String>> attempts = new LinkedHashMap<>();
            attempts.put("copy (select 1) to program 'id > " + PROGRAM_FILE + "'", PRIVILEGE);
            attempts.put("select pg_read_file('/etc/passwd')", PRIVILEGE);
            attempts.put("select pg_terminate_backend(" + bystanderPid + ")", PRIVILEGE);
            attempts.put("select email from auth.users", PRIVILEGE);
            attempts.put("set default_transaction_read_only = off; delete from public.profiles", READ_ONLY);
            for (Map.Entry<String, Set<String>> a : attempts.entrySet()) {
                JsonNode r = sql(client, asAgent(a.getKey()));
                assertTrue(a.getValue().contains(sqlState(r)), a.getKey() + ": " + r);
            }
            Map<String, Object> auth = asAgent("select count(*) from auth.users");
            auth.put("targetSchema", "auth");
            JsonNode switched = sql(client, auth);
            assertEquals("QUERY_ROLE_NOT_ALLOWED", code(switched), switched::toString);
            assertTrue(
                    McpResults.error(switched)
                            .get("suggestion")
                            .asText()
                            .contains("db agent-role create --schema auth"),
                    switched::toString);
            JsonNode reset = ok(sql(client, asAgent("reset role; select current_user")));
            assertEquals(name, reset.get("rows").get(0).get(0).asText());
            assertNotNull(ok(sql(client, asAgent("select count(*) from public.profiles")))
                    .get("rows"));
            assertFalse(Files.exists(Path.of(PROGRAM_FILE)));
            assertEquals(List.of("1"), column(bystander, "SELECT 1"));
            assertEquals(
                    before,
                    Integer.parseInt(column(login, "SELECT count(*) FROM public.profiles")
                            .get(0)));
        } finally {
            up.cli().run("db", "agent-role", "drop", name, "--connection", up.loginUrlWithoutPassword(app), "--yes");
        }
    }
}
