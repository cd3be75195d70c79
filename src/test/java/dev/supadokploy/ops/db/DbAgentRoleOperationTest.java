package dev.supadokploy.ops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.pg.AgentRole;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * db agent-role create / drop on real servers: as the bootstrap superuser on PostgreSQL 15 and 17, and as the stack's
 * postgres login (CREATEROLE, no superuser) on databases built from Supabase's upstream SQL.
 */
@NeedsPostgres
class DbAgentRoleOperationTest {

    private static TestPostgres server(int major) {
        return major == 15 ? TestPostgres.pg15() : TestPostgres.get();
    }

    private static String uniqueName() {
        return "agent_t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    private static OperationContext adminContext(TestPostgres pg) {
        TestContext c = TestContext.with(Map.of()).policy(new Policy(true, true, false, true, true));
        if (pg.adminPassword() != null) {
            c.env("PGPASSWORD", pg.adminPassword());
        }
        return c.build();
    }

    private static DbAgentRoleCreateOperation.Input create(
            String url, String name, List<String> schemas, Boolean rotate) {
        return new DbAgentRoleCreateOperation.Input(
                ConnectionInput.url(url), name, schemas, null, null, rotate, null, null);
    }

    private static Connection login(String host, int port, String db, String user, String password)
            throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, user, password);
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

    @ParameterizedTest(name = "PostgreSQL {0}, superuser")
    @ValueSource(ints = {15, 17})
    void createRerunRotateAndDropAsSuperuser(int major) throws Exception {
        TestPostgres pg = server(major);
        String db = pg.createDatabase("agent_role");
        pg.execute(
                db,
                "CREATE TABLE public.notes (id int PRIMARY KEY, body text); INSERT INTO public.notes VALUES (1, 'hello');"
                        + "CREATE SCHEMA private; CREATE TABLE private.secrets (s text); INSERT INTO private.secrets VALUES ('x')");
        String name = uniqueName();
        OperationContext ctx = adminContext(pg);
        String url = pg.adminUrlWithoutPassword(db);

        DbAgentRoleCreateOperation.Result made =
                new DbAgentRoleCreateOperation().run(create(url, name, null, null), ctx);
        assertTrue(made.created());
        assertTrue(made.passwordSet());
        assertEquals(List.of("public"), made.schemas());
        assertEquals(pg.adminUser(), made.ranAs());
        assertTrue(
                made.configHint()
                        .contains("database_url = \"postgres://" + name + "@" + pg.host() + ":" + pg.port() + "/" + db
                                + "\""),
                made.configHint());
        assertTrue(
                made.configHint().contains("database_password = \"env:" + name.toUpperCase() + "_PASSWORD\""),
                made.configHint());
        String password = made.password();
        assertTrue(password.length() >= 32 && !password.contains("redacted"), "revealed at the CLI: " + password);

        try (Connection admin = pg.adminConnection(db)) {
            assertEquals(
                    List.of("f|f|f|f|f|t"),
                    column(
                            admin,
                            "SELECT concat_ws('|', rolsuper, rolcreatedb, rolcreaterole, rolreplication, "
                                    + "rolbypassrls, rolcanlogin) FROM pg_roles WHERE rolname = '" + name + "'"));
            List<String> settings = column(
                    admin,
                    "SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
                            + "WHERE r.rolname = '" + name + "' ORDER BY 1");
            assertEquals(
                    List.of(
                            "default_transaction_read_only=on",
                            "idle_in_transaction_session_timeout=60000",
                            "lock_timeout=5000",
                            "statement_timeout=30000"),
                    settings);
            assertTrue(column(
                            admin,
                            "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = '" + name + "'")
                    .get(0)
                    .startsWith(AgentRole.MARKER));
            assertEquals(
                    List.of(),
                    column(
                            admin,
                            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
                                    + "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '" + name + "'"),
                    "member of no role");
        }
        try (Connection agent = login(pg.host(), pg.port(), db, name, password)) {
            assertEquals(List.of("hello"), column(agent, "SELECT body FROM public.notes"));
            assertEquals(List.of("on"), column(agent, "SHOW default_transaction_read_only"));
            SQLException write = assertThrows(
                    SQLException.class, () -> column(agent, "INSERT INTO public.notes VALUES (2, 'x') RETURNING id"));
            assertEquals("25006", write.getSQLState(), write.getMessage());
            // The login may turn its own default off: the grants, not the setting, are what keep it from writing.
            try (Statement s = agent.createStatement()) {
                s.execute("SET default_transaction_read_only = off");
            }
            SQLException denied = assertThrows(
                    SQLException.class, () -> column(agent, "INSERT INTO public.notes VALUES (3, 'x') RETURNING id"));
            assertEquals(
                    "42501",
                    denied.getSQLState(),
                    "no INSERT privilege even in a read-write transaction: " + denied.getMessage());
            SQLException other = assertThrows(SQLException.class, () -> column(agent, "SELECT s FROM private.secrets"));
            assertEquals("42501", other.getSQLState(), "schema not granted: " + other.getMessage());
        }

        // A rerun brings it up to date and keeps the password; it can add schemas.
        DbAgentRoleCreateOperation.Result again =
                new DbAgentRoleCreateOperation().run(create(url, name, List.of("public", "private"), null), ctx);
        assertFalse(again.created());
        assertFalse(again.passwordSet());
        assertNull(again.password());
        try (Connection agent = login(pg.host(), pg.port(), db, name, password)) {
            assertEquals(List.of("x"), column(agent, "SELECT s FROM private.secrets"));
        }
        // Rotation: the new password works, the old one no longer does.
        DbAgentRoleCreateOperation.Result rotated =
                new DbAgentRoleCreateOperation().run(create(url, name, null, true), ctx);
        assertTrue(rotated.passwordSet());
        assertFalse(rotated.password().equals(password));
        try (Connection agent = login(pg.host(), pg.port(), db, name, rotated.password())) {
            assertEquals(List.of(name), column(agent, "SELECT current_user"));
        }
        if (pg.passwordAuth()) {
            SQLException old = assertThrows(
                    SQLException.class,
                    () -> login(pg.host(), pg.port(), db, name, password).close());
            assertEquals("28P01", old.getSQLState(), old.getMessage());
        }

        DbAgentRoleDropOperation.Result dropped = new DbAgentRoleDropOperation()
                .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), name, null), ctx);
        assertTrue(dropped.dropped());
        assertTrue(dropped.madeByCreate());
        try (Connection admin = pg.adminConnection(db)) {
            assertEquals(List.of(), column(admin, "SELECT rolname FROM pg_roles WHERE rolname = '" + name + "'"));
        }
        assertFalse(new DbAgentRoleDropOperation()
                .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), name, null), ctx)
                .dropped());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {17})
    void rolesItDidNotMakeAreLeftAlone(int major) {
        TestPostgres pg = server(major);
        String db = pg.createDatabase("agent_role_foreign");
        String name = uniqueName();
        pg.execute("postgres", "CREATE ROLE " + name + " LOGIN");
        OperationContext ctx = adminContext(pg);
        String url = pg.adminUrlWithoutPassword(db);
        SupaException create = assertThrows(
                SupaException.class, () -> new DbAgentRoleCreateOperation().run(create(url, name, null, null), ctx));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, create.code());
        assertTrue(create.getMessage().contains("not made by db agent-role create"), create.getMessage());
        SupaException drop = assertThrows(
                SupaException.class,
                () -> new DbAgentRoleDropOperation()
                        .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), name, null), ctx));
        assertTrue(drop.suggestion().contains("--force"), drop.suggestion());
        assertTrue(new DbAgentRoleDropOperation()
                .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), name, true), ctx)
                .dropped());
        SupaException superuser = assertThrows(
                SupaException.class,
                () -> new DbAgentRoleDropOperation()
                        .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), pg.adminUser(), true), ctx));
        assertTrue(superuser.getMessage().contains("superuser"), superuser.getMessage());
        // Over MCP (revealSecrets false) the generated password is redacted unless the call asks for it.
        OperationContext mcp = TestContext.with(
                        pg.adminPassword() == null ? Map.of() : Map.of("PGPASSWORD", pg.adminPassword()))
                .policy(new Policy(true, true, false, false, false))
                .build();
        String hidden = uniqueName();
        DbAgentRoleCreateOperation.Result redacted =
                new DbAgentRoleCreateOperation().run(create(url, hidden, null, null), mcp);
        assertTrue(redacted.password().contains("redacted"), redacted.password());
        assertTrue(redacted.warnings().stream().anyMatch(w -> w.contains("reveal")), redacted.warnings()::toString);
        DbAgentRoleCreateOperation.Result shown = new DbAgentRoleCreateOperation()
                .run(
                        new DbAgentRoleCreateOperation.Input(
                                ConnectionInput.url(url), hidden, null, null, null, true, null, true),
                        mcp);
        assertFalse(shown.password().contains("redacted"), "reveal: true shows it");
        new DbAgentRoleDropOperation()
                .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), hidden, null), ctx);
        SupaException reserved = assertThrows(
                SupaException.class,
                () -> new DbAgentRoleCreateOperation().run(create(url, "pg_agent", null, null), ctx));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, reserved.code());
    }

    @org.junit.jupiter.api.Test
    void cliPrintsTheConfigTableAndDropAsksFirst() {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("agent_role_cli");
        String name = uniqueName();
        String url = pg.adminUrlWithoutPassword(db);
        dev.supadokploy.testing.CliRunner cli = dev.supadokploy.testing.CliRunner.forServer(pg);
        dev.supadokploy.testing.CliRunner.Result made =
                cli.run("db", "agent-role", "create", name, "--connection", url, "--future-tables");
        assertEquals(0, made.exitCode(), made::toString);
        assertTrue(made.stdout().contains("Created login " + name), made::toString);
        assertTrue(made.stdout().contains("[instances." + name.replace('_', '-') + "]"), made::toString);
        assertTrue(made.stdout().contains("(and tables created later)"), made::toString);
        dev.supadokploy.testing.CliRunner.Result unconfirmed =
                cli.run("db", "agent-role", "drop", name, "--connection", url);
        assertEquals(5, unconfirmed.exitCode(), unconfirmed::toString);
        assertTrue(unconfirmed.stderr().contains("VALIDATION_CONFIRMATION_REQUIRED"), unconfirmed::toString);
        dev.supadokploy.testing.CliRunner.Result dropped =
                cli.run("db", "agent-role", "drop", name, "--connection", url, "--yes");
        assertEquals(0, dropped.exitCode(), dropped::toString);
        assertTrue(dropped.stdout().contains("Dropped login " + name), dropped::toString);
    }

    @ParameterizedTest(name = "PostgreSQL {0}, Supabase upstream, as postgres")
    @ValueSource(ints = {15, 17})
    void stackPostgresLoginCreatesAndDrops(int major) throws Exception {
        SupabaseUpstream up = SupabaseUpstream.of(major);
        String db = up.createApp("agent_role_up");
        String name = uniqueName();
        OperationContext ctx = SupabaseUpstream.context();
        String url = up.loginUrlWithoutPassword(db);
        DbAgentRoleCreateOperation.Result made =
                new DbAgentRoleCreateOperation().run(create(url, name, List.of("public"), null), ctx);
        assertEquals(SupabaseUpstream.LOGIN, made.ranAs());
        assertNotNull(made.password());
        try (Connection agent = login(up.server().host(), up.server().port(), db, name, made.password())) {
            List<String> profiles = column(agent, "SELECT count(*) FROM public.profiles");
            assertEquals(1, profiles.size());
            SQLException authDenied =
                    assertThrows(SQLException.class, () -> column(agent, "SELECT count(*) FROM auth.users"));
            assertEquals("42501", authDenied.getSQLState(), authDenied.getMessage());
        }
        assertTrue(new DbAgentRoleDropOperation()
                .run(new DbAgentRoleDropOperation.Input(ConnectionInput.url(url), name, null), ctx)
                .dropped());
        try (Connection c = up.login(db)) {
            assertEquals(List.of(), column(c, "SELECT rolname FROM pg_roles WHERE rolname = '" + name + "'"));
        }
    }
}
