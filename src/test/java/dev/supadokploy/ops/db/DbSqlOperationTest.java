package dev.supadokploy.ops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** execute_sql as an agent sees it: the MCP server's default policy forbids writes. */
@NeedsPostgres
class DbSqlOperationTest {
    static TestPostgres pg;
    static String db;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("sqlop");
        pg.execute(db, "CREATE TABLE public.agent_notes (body text)");
    }

    static OperationContext context(boolean allowWrites) {
        Map<String, String> env = new HashMap<>();
        if (pg.adminPassword() != null) {
            env.put("PGPASSWORD", pg.adminPassword());
        }
        return new OperationContext(
                Config.empty(),
                env,
                new SecretResolver(env, () -> new ByteArrayInputStream(new byte[0]), w -> {}),
                new Policy(allowWrites, false, false),
                Interaction.NONE,
                Progress.NONE,
                new Cancellation(),
                Clock.systemUTC(),
                w -> {});
    }

    static DbSqlOperation.Input input(String query, List<String> params, Boolean readOnly) {
        return new DbSqlOperation.Input(
                ConnectionInput.url(pg.adminUrlWithoutPassword(db)),
                query,
                params,
                null,
                null,
                readOnly,
                null,
                null,
                null);
    }

    static long notes() {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM public.agent_notes")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void timeoutsAreReadLikeEveryOtherDuration() {
        assertEquals(java.time.Duration.ofMillis(200), DbSqlOperation.parseTimeout("200ms"));
        assertEquals(java.time.Duration.ofSeconds(90), DbSqlOperation.parseTimeout("1.5m"));
        assertEquals(java.time.Duration.ZERO, DbSqlOperation.parseTimeout("0s"), "0 means no limit");
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(SupaException.class, () -> DbSqlOperation.parseTimeout("0.0001s"))
                        .code(),
                "not silently 'no limit'");
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(SupaException.class, () -> DbSqlOperation.parseTimeout("30 days"))
                        .code());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(SupaException.class, () -> DbSqlOperation.parseTimeout("30d"))
                        .code(),
                "beyond PostgreSQL's limit");
    }

    @Test
    void cancellingStopsTheQueryOnTheServerAndRollsBack() throws Exception {
        OperationContext ctx = context(true);
        java.util.concurrent.CompletableFuture<Object> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new DbSqlOperation()
                        .run(
                                input(
                                        "INSERT INTO public.agent_notes VALUES ('cancelled'); SELECT pg_sleep(60)",
                                        List.of(),
                                        false),
                                ctx);
            } catch (SupaException e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (sleepingBackends() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, sleepingBackends(), "the query is running on the server");
        long before = notes();
        long cancelledAt = System.nanoTime();
        ctx.cancellation().cancel();
        Object outcome = run.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - cancelledAt) / 1_000_000 < 10_000, "stopped long before pg_sleep(60) ends");
        SupaException e = (SupaException) outcome;
        assertEquals(ErrorCode.INTERRUPTED, e.code(), e::getMessage);
        assertEquals(130, e.exitCode());
        assertEquals(0, sleepingBackends(), "nothing left running on the server");
        assertEquals(before, notes(), "the insert before it was rolled back");
    }

    static long sleepingBackends() {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(60)%'"
                                + " AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentWithoutAllowWritesCannotWriteEvenWhenAskingForReadWrite() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> new DbSqlOperation()
                        .run(
                                input("INSERT INTO public.agent_notes VALUES ('from an agent')", null, false),
                                context(false)));
        assertEquals(ErrorCode.QUERY_READ_ONLY, e.code());
        assertTrue(e.suggestion().contains("--allow-writes"), e.suggestion());
        assertEquals(0, notes());
    }

    @Test
    void anAgentCanRead() {
        DbSqlOperation.Result r =
                new DbSqlOperation().run(input("SELECT count(*) FROM public.todos", null, null), context(false));
        assertTrue(r.readOnly());
        assertEquals(3, r.rows().get(0).get(0).asInt());
    }

    @Test
    void anAgentWithAllowWritesCanWrite() {
        DbSqlOperation.Result r = new DbSqlOperation()
                .run(input("INSERT INTO public.agent_notes VALUES ($1)", List.of("allowed"), null), context(true));
        assertFalse(r.readOnly());
        assertEquals("update", r.kind());
        assertEquals(1, r.rowCount());
        assertEquals(1, notes());
        pg.execute(db, "DELETE FROM public.agent_notes");
    }

    @Test
    void aJsonNullParameterIsSqlNull() {
        DbSqlOperation.Result r = new DbSqlOperation()
                .run(input("SELECT $1::text IS NULL, $2::int IS NULL", Arrays.asList(null, "5"), null), context(false));
        assertTrue(r.rows().get(0).get(0).asBoolean());
        assertFalse(r.rows().get(0).get(1).asBoolean());
    }

    @Test
    void infoMarksRowDataUntrustedAndWritesAsNotReadOnly() {
        DbSqlOperation op = new DbSqlOperation();
        assertEquals("execute_sql", op.info().toolName());
        assertEquals(List.of("db", "sql"), op.info().commandPath());
        assertTrue(op.info().untrustedOutput());
        assertFalse(op.info().readOnly());
        assertFalse(op.info().destructive());
        assertTrue(InputField.of(DbSqlOperation.Input.class).stream()
                .anyMatch(f -> f.name().equals("query") && f.required()));
        assertTrue(new DbConnectionsOperation().info().readOnly());
        assertEquals("monitor_connections", new DbConnectionsOperation().info().toolName());
    }

    @Test
    void inputNamesDoNotCollideWithTheConnectionInputs() {
        List<String> names = InputField.of(DbSqlOperation.Input.class).stream()
                .map(InputField::name)
                .toList();
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    }

    @Test
    void schemaRoles() {
        assertEquals(
                new DbSqlOperation.RoleChoice("supabase_auth_admin", false), DbSqlOperation.chooseRole("auth", null));
        assertEquals(
                new DbSqlOperation.RoleChoice("supabase_storage_admin", false),
                DbSqlOperation.chooseRole("Storage", null));
        assertEquals(
                new DbSqlOperation.RoleChoice("supabase_realtime_admin", true),
                DbSqlOperation.chooseRole("realtime", null));
        assertNull(DbSqlOperation.chooseRole("public", null).name());
        assertNull(DbSqlOperation.chooseRole(null, null).name());
        assertEquals(new DbSqlOperation.RoleChoice("anon", false), DbSqlOperation.chooseRole("auth", "anon"));
    }

    @Test
    void timeouts() {
        assertEquals(Duration.ofMillis(500), DbSqlOperation.parseTimeout("500ms"));
        assertEquals(Duration.ofSeconds(30), DbSqlOperation.parseTimeout("30s"));
        assertEquals(Duration.ofMinutes(2), DbSqlOperation.parseTimeout("2m"));
        assertEquals(Duration.ofMinutes(2), DbSqlOperation.parseTimeout("2min"));
        assertEquals(Duration.ofHours(1), DbSqlOperation.parseTimeout("1h"));
        assertEquals(Duration.ofSeconds(15), DbSqlOperation.parseTimeout("15"));
        assertEquals(Duration.ofMillis(1500), DbSqlOperation.parseTimeout("1.5s"));
        assertEquals(Duration.ZERO, DbSqlOperation.parseTimeout("0"));
        assertNull(DbSqlOperation.parseTimeout(null));
        for (String bad : List.of("soon", "-1s", "5 days", "1e3", "0.1ms", "999h")) {
            assertThrows(SupaException.class, () -> DbSqlOperation.parseTimeout(bad), bad);
        }
    }
}
