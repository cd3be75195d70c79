package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.pg.diff.Hazard;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate_diff on two real databases: the script, its summary and hazards, schema selection and connection errors. */
@NeedsPostgres
class MigrateDiffOperationTest {
    static TestPostgres pg;
    static String a;
    static String b;

    @TempDir
    Path dir;

    @BeforeAll
    static void databases() {
        pg = TestPostgres.get();
        a = pg.createSupabaseDatabase("diffop_a");
        b = pg.createSupabaseDatabase("diffop_b");
        pg.execute(a, """
                CREATE SCHEMA shop;
                CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, note text);
                CREATE INDEX orders_total ON shop.orders (total);
                CREATE TABLE auth.audit_extra (id int);
                """);
        pg.execute(b, """
                CREATE SCHEMA shop;
                CREATE TABLE shop.orders (id bigint PRIMARY KEY, total integer NOT NULL, legacy text);
                CREATE TABLE shop.obsolete (id int);
                """);
    }

    static OperationContext context() {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(false, false, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static MigrateDiffOperation.Result diff(
            String source, String target, List<String> schemas, Boolean safeOnly, Boolean online) {
        return new MigrateDiffOperation()
                .run(
                        new MigrateDiffOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(source),
                                        pg.adminUrlWithoutPassword(target),
                                        null,
                                        null),
                                schemas,
                                safeOnly,
                                online),
                        context());
    }

    @Test
    void scriptSummaryAndHazardsOfUserSchemasOnly() {
        MigrateDiffOperation.Result r = diff(a, b, null, null, null);
        assertFalse(r.empty());
        assertFalse(r.schemas().contains("auth"), "Supabase-managed schemas are left out unless named: " + r.schemas());
        assertFalse(r.script().contains("audit_extra"), r.script());
        assertTrue(r.script().contains("BEGIN;") && r.script().contains("COMMIT;"), r.script());
        assertEquals(1, r.summary().get("table").dropped(), r.summary()::toString);
        assertEquals(1, r.summary().get("index").created(), r.summary()::toString);
        MigrateDiffOperation.Counts columns =
                r.summary().get("column"); // note added, legacy dropped, total's type changed
        assertEquals(1, columns.created(), r.summary()::toString);
        assertEquals(1, columns.altered(), r.summary()::toString);
        assertEquals(1, columns.dropped(), r.summary()::toString);
        assertTrue(
                r.hazards().stream()
                        .anyMatch(h -> h.kind().equals(Hazard.DROPS_DATA)
                                && h.objectName().equals("shop.obsolete")
                                && h.statement().contains("DROP TABLE")),
                r.hazards()::toString);
        assertTrue(
                r.hazards().stream().anyMatch(h -> h.objectName().equals("shop.orders.legacy")), r.hazards()::toString);
        assertTrue(r.script().contains("-- HAZARD drops_data"), r.script());
        assertEquals(
                r.statements(),
                r.summary().values().stream()
                        .mapToInt(c -> c.created() + c.altered() + c.dropped())
                        .sum());
        assertTrue(r.omitted().isEmpty());
        assertTrue(r.timing().totalMs() >= r.timing().diffMs() && r.timing().sourceReadMs() > 0, r.timing()::toString);
        assertEquals(
                pg.adminUrlWithoutPassword(a)
                        .replace("postgres://", "")
                        .split("@")[1]
                        .split("/")[1],
                r.source().substring(r.source().lastIndexOf('/') + 1));
    }

    @Test
    void safeOnlyLeavesHazardsOutAndOnlineBuildsIndexesAfterTheCommit() {
        MigrateDiffOperation.Result r = diff(a, b, List.of("shop"), true, true);
        assertFalse(r.omitted().isEmpty());
        assertTrue(r.hazards().stream().allMatch(MigrateDiffOperation.HazardNote::omitted), r.hazards()::toString);
        assertFalse(statements(r.script()).contains("DROP TABLE shop.obsolete"), r.script());
        assertTrue(r.script().contains("--   drops_data: DROP TABLE shop.obsolete;"), r.script());
        assertTrue(r.script().contains("left out (--safe-only)"), r.script());
        assertEquals(r.hazards().size(), r.omitted().size());
        assertEquals(1, r.outsideTransaction(), r.script());
        String afterCommit = r.script().substring(r.script().indexOf("COMMIT;"));
        assertTrue(afterCommit.contains("CREATE INDEX CONCURRENTLY"), r.script());
    }

    /** The script without its comment lines. */
    static String statements(String script) {
        return String.join("\n", script.lines().filter(l -> !l.startsWith("--")).toList());
    }

    @Test
    void namedManagedSchemaIsComparedAndAMissingSideIsCreated() {
        MigrateDiffOperation.Result r = diff(a, b, List.of("auth"), null, null);
        assertEquals(List.of("auth"), r.schemas());
        assertTrue(r.script().contains("audit_extra"), r.script());
        assertFalse(r.script().contains("shop."), r.script());

        pg.execute(a, "CREATE SCHEMA only_in_a");
        MigrateDiffOperation.Result created = diff(a, b, List.of("only_in_a"), null, null);
        assertTrue(created.script().contains("CREATE SCHEMA only_in_a"), created.script());
        assertEquals(1, created.summary().get("schema").created());
    }

    @Test
    void identicalDatabasesGiveAnEmptyDiff() {
        MigrateDiffOperation.Result r = diff(a, a, null, null, null);
        assertTrue(r.empty());
        assertEquals(0, r.statements());
        assertTrue(r.summary().isEmpty() && r.hazards().isEmpty());
        assertTrue(r.script().contains("No differences"), r.script());
    }

    @Test
    void aSchemaInNeitherDatabaseIsRejectedNamingTheExistingOnes() {
        SupaException e = assertThrows(SupaException.class, () -> diff(a, b, List.of("Shop"), null, null));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("'Shop'"), e.getMessage());
        assertTrue(e.suggestion().contains("shop") && e.suggestion().contains("case-sensitive"), e.suggestion());
    }

    @Test
    void instancesFromTheConfigurationAndAnUnknownOne() {
        Config config = new Config(
                Path.of("config.toml"),
                null,
                Map.of(
                        "staging", new InstanceConfig("staging", pg.adminUrlWithoutPassword(a), null, null, null, null),
                        "prod", new InstanceConfig("prod", pg.adminUrlWithoutPassword(b), null, null, null, null)));
        TestContext ctx = TestContext.with(Map.of()).config(config);
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        MigrateDiffOperation.Result r = new MigrateDiffOperation()
                .run(
                        new MigrateDiffOperation.Input(
                                new Databases("staging", "prod", null, null), List.of("shop"), null, null),
                        ctx.build());
        assertTrue(r.script().contains("DROP TABLE shop.obsolete"), r.script());

        SupaException e = assertThrows(
                SupaException.class,
                () -> new MigrateDiffOperation()
                        .run(
                                new MigrateDiffOperation.Input(
                                        new Databases("staging", "nope", null, null), null, null, null),
                                ctx.build()));
        assertEquals(ErrorCode.CONFIGURATION_UNKNOWN_INSTANCE, e.code());
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatDoesNotLeakIt() throws Exception {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        Path wrong = Files.writeString(dir.resolve("pw"), "not-the-password\n");
        String login = "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + b;
        SupaException e = assertThrows(
                SupaException.class,
                () -> new MigrateDiffOperation()
                        .run(
                                new MigrateDiffOperation.Input(
                                        new Databases(pg.adminUrlWithoutPassword(a), login, null, "file:" + wrong),
                                        null,
                                        null,
                                        null),
                                context()));
        assertEquals(ErrorCode.CONNECTION_AUTH_FAILED, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
        assertTrue(e.getMessage().contains("(from --target)"), "says which side failed: " + e.getMessage());
        assertTrue(
                e.suggestion().contains("--target-password-file"), "names the target's own option: " + e.suggestion());
    }

    @Test
    void aSourceOrTargetIsRequired() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> new MigrateDiffOperation()
                        .run(
                                new MigrateDiffOperation.Input(new Databases(null, "x", null, null), null, null, null),
                                context()));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
    }
}
