package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.Inputs;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cross_instance_migrate between two real databases: every tricky type arrives intact (checked independently of the
 * tool's own checksums), sequences follow, and each refusal and failure leaves the target as it was or resumable.
 */
@NeedsPostgres
class MigrateDataOperationTest {
    static final List<String> TABLES = List.of(
            "public.customers", "public.orders", "public.notes", "\"Mixed Schema\".\"Ünïcode tåble\"", "public.events");
    static TestPostgres pg;
    static String source;

    @BeforeAll
    static void source() {
        pg = TestPostgres.get();
        source = pg.createDatabase("data_src");
        pg.execute(source, TestPostgres.resource("/migrate/schema.sql"));
        pg.execute(source, TestPostgres.resource("/migrate/data.sql"));
        pg.execute(source, "ANALYZE");
    }

    static String emptyTarget(String prefix) {
        String db = pg.createDatabase(prefix);
        pg.execute(db, TestPostgres.resource("/migrate/schema.sql"));
        return db;
    }

    static OperationContext context(boolean yes) {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, yes, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static MigrateDataOperation.Input input(String target, List<String> tables) {
        return new MigrateDataOperation.Input(
                new Databases(pg.adminUrlWithoutPassword(source), pg.adminUrlWithoutPassword(target), null, null),
                tables,
                null,
                null,
                null,
                null,
                null,
                2,
                null,
                null);
    }

    /** {@code in}'s databases and tables with {@code values} (the other inputs not given). */
    static MigrateDataOperation.Input input(MigrateDataOperation.Input in, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.putIfAbsent("databases", in.databases());
        all.putIfAbsent("tables", in.tables());
        all.values().removeIf(Objects::isNull);
        return Inputs.of(MigrateDataOperation.Input.class, all);
    }

    static MigrateDataOperation.Result migrate(MigrateDataOperation.Input input) {
        return new MigrateDataOperation().run(input, context(true));
    }

    /** Row count and an md5 over the sorted text of every row: an independent check of what the tool's checksums say. */
    static String content(String db, String table) {
        return content(pg, db, table);
    }

    static String content(TestPostgres server, String db, String table) {
        try (Connection c = server.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM "
                                + table + " t")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long scalar(String db, String sql) {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertSameRows(String target) {
        for (String table : TABLES) {
            assertEquals(content(source, table), content(target, table), table);
        }
    }

    @Test
    void copiesEveryTypeIntactAndProvesIt() {
        String target = emptyTarget("data_all");
        MigrateDataOperation.Result r = migrate(input(target, null));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertSameRows(target);
        assertEquals(
                List.of(
                        "\"Mixed Schema\".\"Ünïcode tåble\"",
                        "public.customers",
                        "public.events",
                        "public.notes",
                        "public.orders"),
                r.tables().stream()
                        .map(MigrateDataOperation.TableResult::table)
                        .map(MigrateDataOperationTest::quoted)
                        .toList(),
                "partitions travel with their partitioned table");
        MigrateDataOperation.TableResult customers = r.tables().stream()
                .filter(t -> t.table().equals("public.customers"))
                .findFirst()
                .orElseThrow();
        assertEquals(2001, customers.rows());
        assertEquals(2001L, customers.sourceRows());
        assertEquals(customers.sourceChecksum(), customers.targetChecksum());
        assertEquals("text", customers.format(), "a composite and an enum array embed type OIDs in binary COPY: text");
        assertEquals(
                "binary",
                r.tables().stream()
                        .filter(t -> t.table().equals("public.orders"))
                        .findFirst()
                        .orElseThrow()
                        .format(),
                "same server, same built-in types: binary");
        assertEquals(5000 + 2001 + 300 + 50 + 3000, r.rowsMigrated());
        // Identity and serial sequences follow the source: new rows get fresh keys.
        assertEquals(
                scalar(source, "SELECT max(id) FROM public.orders") + 1,
                scalar(
                        target,
                        "INSERT INTO public.orders (customer, total) VALUES ('00000000-0000-4000-8000-000000000001', 1) RETURNING id"));
        assertEquals(301, scalar(target, "INSERT INTO public.notes (body) VALUES ('x') RETURNING id"));
        assertTrue(r.sequences().size() >= 2, r.sequences()::toString);
        assertEquals(
                0,
                scalar(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'supa_dokploy'"),
                "a completed run leaves no checkpoint behind");
        assertTrue(r.sharedSnapshot());
        assertTrue(r.triggersDeferred(), "the test server's admin may set session_replication_role");
    }

    static String quoted(String name) {
        return name.contains(" ") || !name.equals(name.toLowerCase())
                ? name.replaceAll("^([^.]+)\\.(.+)$", "\"$1\".\"$2\"")
                : name;
    }

    @Test
    void textFormatWhenTypesDifferAndKeyRangesForLargeTables() {
        String target = emptyTarget("data_text");
        pg.execute(target, "ALTER TABLE public.notes ALTER COLUMN body TYPE varchar(100)");
        MigrateDataOperation.Input in = input(target, List.of("public.notes", "public.orders", "public.customers"));
        MigrateDataOperation.Result r = migrate(new MigrateDataOperation.Input(
                in.databases(), in.tables(), null, null, null, null, null, 3, null, "16kB"));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        MigrateDataOperation.TableResult notes = r.tables().stream()
                .filter(t -> t.table().equals("public.notes"))
                .findFirst()
                .orElseThrow();
        assertEquals("text", notes.format());
        MigrateDataOperation.TableResult orders = r.tables().stream()
                .filter(t -> t.table().equals("public.orders"))
                .findFirst()
                .orElseThrow();
        assertTrue(orders.parts() > 1, "orders is larger than 16kB: copied in key ranges, " + orders);
        MigrateDataOperation.TableResult customers = r.tables().stream()
                .filter(t -> t.table().equals("public.customers"))
                .findFirst()
                .orElseThrow();
        assertTrue(customers.parts() > 1, "uuid keys split too: " + customers);
        for (String t : List.of("public.notes", "public.orders", "public.customers")) {
            assertEquals(content(source, t), content(target, t), t);
        }
    }

    @Test
    void missingTablesAreRefusedOrCreated() {
        String target = pg.createDatabase("data_missing");
        SupaException e = assertThrows(SupaException.class, () -> migrate(input(target, null)));
        assertEquals(ErrorCode.MIGRATION_TABLES_MISSING, e.code());
        assertTrue(e.getMessage().contains("public.customers"), e.getMessage());
        assertEquals(
                0,
                scalar(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'supa_dokploy'"),
                "nothing was written");
        pg.execute(
                target,
                "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy'); CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);"
                        + "CREATE TYPE public.pair AS (a integer, b text);");
        MigrateDataOperation.Input in = input(target, null);
        MigrateDataOperation.Result r = migrate(
                new MigrateDataOperation.Input(in.databases(), null, null, true, null, null, null, 2, null, null));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertTrue(
                r.createdTables().contains("public.orders") && r.createdTables().contains("public.events_2024"),
                r.createdTables()::toString);
        assertSameRows(target);
        assertEquals(
                1,
                scalar(target, "SELECT count(*) FROM pg_constraint WHERE conname = 'orders_customer_fkey'"),
                "created with their constraints");
    }

    static MigrateDataOperation.Input creating(String target, List<String> tables) {
        return new MigrateDataOperation.Input(
                new Databases(pg.adminUrlWithoutPassword(source), pg.adminUrlWithoutPassword(target), null, null),
                tables,
                null,
                true,
                null,
                null,
                null,
                2,
                null,
                null);
    }

    /** Into an empty database, a table with an enum, an enum array, a domain and a composite column: they are made first. */
    @Test
    void createTablesMakesTheTypesTheTablesNeed() throws SQLException {
        String target = pg.createDatabase("data_closure");
        MigrateDataOperation.Result r = migrate(creating(target, List.of("public.customers")));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertEquals(List.of("public.customers"), r.createdTables());
        assertEquals(
                java.util.Set.of("type public.mood", "domain public.positive", "type public.pair"),
                java.util.Set.copyOf(r.createdObjects()),
                r.createdObjects()::toString);
        assertEquals(content(source, "public.customers"), content(target, "public.customers"));
        assertEquals(
                0,
                scalar(target, "SELECT count(*) FROM pg_class WHERE relname = 'orders'"),
                "only what was asked for, and what it needs");
        try (Connection a = pg.adminConnection(source);
                Connection b = pg.adminConnection(target)) {
            List<String> created = dev.supadokploy.testing.Acls.of(b, "public");
            java.util.Set<String> objects = new java.util.TreeSet<>(
                    created.stream().map(l -> l.substring(0, l.indexOf(": "))).toList());
            assertTrue(
                    objects.containsAll(
                            List.of("relation public.customers", "type public.mood", "type public.positive")),
                    objects::toString);
            assertEquals(
                    dev.supadokploy.testing.Acls.of(a, "public").stream()
                            .filter(l -> objects.contains(l.substring(0, l.indexOf(": "))))
                            .toList(),
                    created,
                    "the created objects hold the source's privileges");
        }
    }

    /** A column of an extension's type: the extension is made, in its schema made as the source has it. */
    @Test
    void createTablesMakesTheExtensionsTheTablesUse() throws SQLException {
        String from = pg.createDatabase("data_ext_src");
        pg.execute(
                from,
                "CREATE SCHEMA ext; GRANT USAGE ON SCHEMA ext TO PUBLIC; CREATE EXTENSION citext WITH SCHEMA ext; "
                        + "CREATE TABLE public.members (id int PRIMARY KEY, email ext.citext NOT NULL UNIQUE); "
                        + "INSERT INTO public.members VALUES (1, 'Ann@Example.com'), (2, 'bob@example.com');");
        String target = pg.createDatabase("data_ext_dst");
        MigrateDataOperation.Result r = migrate(new MigrateDataOperation.Input(
                new Databases(pg.adminUrlWithoutPassword(from), pg.adminUrlWithoutPassword(target), null, null),
                List.of("public.members"),
                null,
                true,
                null,
                null,
                null,
                1,
                null,
                null));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertEquals(List.of("schema ext", "extension citext"), r.createdObjects());
        assertEquals(content(from, "public.members"), content(target, "public.members"));
        assertEquals(
                1,
                scalar(target, "SELECT count(*) FROM public.members WHERE email OPERATOR(ext.=) 'ann@example.com'"),
                "compared as citext");
        try (Connection a = pg.adminConnection(from);
                Connection b = pg.adminConnection(target)) {
            dev.supadokploy.testing.Acls.assertSame(a, b, "the extension's schema", "ext");
        }
    }

    @Test
    void createTablesRefusesAForeignKeyIntoATableNeitherCopiedNorThere() {
        String target = pg.createDatabase("data_closure_fk");
        SupaException e = assertThrows(SupaException.class, () -> migrate(creating(target, List.of("public.orders"))));
        assertEquals(ErrorCode.MIGRATION_TABLES_MISSING, e.code(), e::getMessage);
        assertTrue(
                e.getMessage().contains("public.customers")
                        && e.getMessage().contains("public.orders.orders_customer_fkey"),
                e.getMessage());
        assertTrue(e.suggestion().contains("--tables"), e.suggestion());
        assertEquals(
                0,
                scalar(target, "SELECT count(*) FROM pg_class WHERE relname IN ('orders', 'customers')"),
                "nothing was created");

        MigrateDataOperation.Result both = migrate(creating(target, List.of("public.orders", "public.customers")));
        assertEquals(MigrateDataOperation.Verdict.verified, both.verdict(), both::toString);
        assertEquals(List.of("public.customers", "public.orders"), both.createdTables());
    }

    @Test
    void nonEmptyTargetIsRefusedThenTruncatedOrAppended() {
        String target = emptyTarget("data_nonempty");
        pg.execute(target, "INSERT INTO public.notes (id, body) VALUES (1000, 'already here')");
        MigrateDataOperation.Input in = input(target, List.of("public.notes"));
        SupaException e = assertThrows(SupaException.class, () -> migrate(in));
        assertEquals(ErrorCode.MIGRATION_TARGET_NOT_EMPTY, e.code());
        assertTrue(e.getMessage().contains("public.notes"), e.getMessage());
        assertEquals(1, scalar(target, "SELECT count(*) FROM public.notes"), "refused before touching anything");

        SupaException unconfirmed = assertThrows(
                SupaException.class,
                () -> new MigrateDataOperation().run(input(in, Map.of("truncate", true, "jobs", 1)), context(false)));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, unconfirmed.code());
        assertEquals(1, scalar(target, "SELECT count(*) FROM public.notes"));

        MigrateDataOperation.Result appended = migrate(input(in, Map.of("append", true, "jobs", 1)));
        assertEquals(
                MigrateDataOperation.Verdict.verified,
                appended.verdict(),
                "only the rows this run inserted are checksummed: " + appended);
        assertEquals(301, scalar(target, "SELECT count(*) FROM public.notes"));

        MigrateDataOperation.Result truncated = migrate(input(in, Map.of("truncate", true, "jobs", 1)));
        assertEquals(List.of("public.notes"), truncated.truncatedTables());
        assertEquals(content(source, "public.notes"), content(target, "public.notes"));
    }

    @Test
    void aConstraintViolationStopsTheRunAndResumeFinishesIt() {
        String target = emptyTarget("data_violation");
        pg.execute(target, "ALTER TABLE public.notes ADD CONSTRAINT short_body CHECK (body <> 'note 250')");
        MigrateDataOperation.Input in = input(target, null);
        SupaException e = assertThrows(SupaException.class, () -> migrate(input(in, Map.of("jobs", 1))));
        assertEquals(ErrorCode.MIGRATION_COPY_FAILED, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains("public.notes") && e.getMessage().contains("short_body"), e.getMessage());
        assertTrue(e.suggestion().contains("--resume"), e.suggestion());
        assertEquals(0, scalar(target, "SELECT count(*) FROM public.notes"), "the failed table was rolled back whole");
        long loadedBefore =
                scalar(target, "SELECT count(*) FROM supa_dokploy.migrate_checkpoint WHERE part LIKE 'part:%'");
        assertTrue(loadedBefore > 0, "tables before it in the order were loaded and recorded");

        SupaException again = assertThrows(SupaException.class, () -> migrate(in));
        assertEquals(
                ErrorCode.MIGRATION_TARGET_NOT_EMPTY,
                again.code(),
                "a second run without --resume is refused: " + again.getMessage());

        pg.execute(target, "ALTER TABLE public.notes DROP CONSTRAINT short_body");
        MigrateDataOperation.Result r = migrate(input(in, Map.of("resume", true, "jobs", 2)));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertEquals(loadedBefore, r.partsResumed());
        assertSameRows(target);
    }

    @Test
    void aChecksumMismatchIsReportedWithItsTable() {
        String target = emptyTarget("data_mismatch");
        // A trigger that fires even for replication-role sessions rewrites what arrives.
        pg.execute(target, """
                CREATE FUNCTION public.shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := upper(NEW.body); RETURN NEW; END $$;
                CREATE TRIGGER shout BEFORE INSERT ON public.notes FOR EACH ROW EXECUTE FUNCTION public.shout();
                ALTER TABLE public.notes ENABLE ALWAYS TRIGGER shout;
                """);
        MigrateDataOperation.Result r = migrate(input(target, List.of("public.notes", "public.customers")));
        assertEquals(MigrateDataOperation.Verdict.mismatch, r.verdict());
        assertEquals(1, r.mismatches().size(), r.mismatches()::toString);
        assertEquals("public.notes", r.mismatches().get(0).table());
        assertEquals(300, r.mismatches().get(0).targetRows());
        assertFalse(r.mismatches()
                .get(0)
                .sourceChecksum()
                .equals(r.mismatches().get(0).targetChecksum()));
        assertEquals(8, MigrateDataOperation.exitCode(r));
        assertEquals(
                MigrateDataOperation.Integrity.verified,
                r.tables().stream()
                        .filter(t -> t.table().equals("public.customers"))
                        .findFirst()
                        .orElseThrow()
                        .integrity());
    }

    @Test
    void managedSchemasOnlyWhenNamed() {
        String src = pg.createSupabaseDatabase("data_supa_src");
        String dst = pg.createSupabaseDatabase("data_supa_dst");
        pg.execute(
                src,
                "INSERT INTO auth.users (id, email) VALUES (gen_random_uuid(), 'a@example.com'), (gen_random_uuid(), 'b@example.com')");
        MigrateDataOperation.Input users = new MigrateDataOperation.Input(
                new Databases(pg.adminUrlWithoutPassword(src), pg.adminUrlWithoutPassword(dst), null, null),
                List.of("auth.users"),
                null,
                null,
                null,
                null,
                null,
                1,
                null,
                null);
        assertEquals(
                ErrorCode.MIGRATION_TARGET_NOT_EMPTY,
                assertThrows(SupaException.class, () -> new MigrateDataOperation().run(users, context(true)))
                        .code(),
                "the fixture's users are there");
        pg.execute(dst, "TRUNCATE auth.users CASCADE");
        MigrateDataOperation.Result r = new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(src), pg.adminUrlWithoutPassword(dst), null, null),
                                List.of("auth.users"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                1,
                                null,
                                null),
                        context(true));
        assertEquals(
                List.of("auth.users"),
                r.tables().stream().map(MigrateDataOperation.TableResult::table).toList());
        assertEquals(scalar(src, "SELECT count(*) FROM auth.users"), scalar(dst, "SELECT count(*) FROM auth.users"));
        assertEquals(content(src, "auth.users"), content(dst, "auth.users"));
        SupaException none = assertThrows(
                SupaException.class,
                () -> new MigrateDataOperation()
                        .run(
                                new MigrateDataOperation.Input(
                                        new Databases(
                                                pg.adminUrlWithoutPassword(src),
                                                pg.adminUrlWithoutPassword(dst),
                                                null,
                                                null),
                                        List.of("*.users"),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        1,
                                        null,
                                        null),
                                context(true)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, none.code(), "a glob over schemas does not reach into auth");
    }

    @Test
    void agentsNeedAllowWrites() {
        String target = emptyTarget("data_policy");
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(false, true, false, false));
        SupaException e = assertThrows(
                SupaException.class, () -> new MigrateDataOperation().run(input(target, null), ctx.build()));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("--allow-writes"), e.getMessage());
    }

    @Test
    void badOptionsAreClearErrors() {
        String target = emptyTarget("data_options");
        MigrateDataOperation.Input in = input(target, null);
        List<MigrateDataOperation.Input> bad = new ArrayList<>();
        bad.add(input(in, Map.of("truncate", true, "append", true, "jobs", 1)));
        bad.add(input(in, Map.of("jobs", 0)));
        bad.add(input(in, Map.of("jobs", 1, "splitSize", "lots")));
        bad.add(input(in, Map.of("tables", List.of("public.nope"), "jobs", 1)));
        for (MigrateDataOperation.Input b : bad) {
            SupaException e = assertThrows(SupaException.class, () -> migrate(b));
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code(), e.getMessage());
            assertNotNull(e.suggestion());
        }
        assertEquals(0, scalar(target, "SELECT count(*) FROM public.notes"));
    }

    @Test
    void aReadOnlyLoginIsEnoughOnTheSourceAndAWrongPasswordWritesNothing() {
        String target = emptyTarget("data_readonly");
        pg.execute(
                source,
                "GRANT USAGE ON SCHEMA public, \"Mixed Schema\" TO " + TestPostgres.LOGIN_ROLE + "; "
                        + "GRANT SELECT ON ALL TABLES IN SCHEMA public, \"Mixed Schema\" TO " + TestPostgres.LOGIN_ROLE
                        + "; "
                        + "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + TestPostgres.LOGIN_ROLE);
        String readOnlySource =
                "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + source;
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        MigrateDataOperation.Result r = new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        readOnlySource,
                                        pg.adminUrlWithoutPassword(target),
                                        TestPostgres.LOGIN_PASSWORD,
                                        null),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                2,
                                null,
                                null),
                        ctx.build());
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertSameRows(target);

        String other = emptyTarget("data_wrongpw");
        SupaException e = assertThrows(
                SupaException.class,
                () -> new MigrateDataOperation()
                        .run(
                                new MigrateDataOperation.Input(
                                        new Databases(
                                                pg.adminUrlWithoutPassword(source),
                                                "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":"
                                                        + pg.port() + "/" + other,
                                                null,
                                                "wrong password"),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        1,
                                        null,
                                        null),
                                ctx.build()));
        assertEquals(ErrorCode.CONNECTION_AUTH_FAILED, e.code(), e::getMessage);
        assertFalse(e.getMessage().contains("wrong password"), "the password is not echoed");
        assertEquals(0, scalar(other, "SELECT count(*) FROM public.notes"));
    }

    @Test
    void withoutReplicationRoleTablesLoadInForeignKeyOrder() {
        String target = emptyTarget("data_fkorder");
        String role = TestPostgres.LOGIN_ROLE;
        pg.execute(
                target,
                "GRANT CREATE ON DATABASE " + target + " TO " + role
                        + "; GRANT USAGE ON SCHEMA public, \"Mixed Schema\" TO " + role
                        + "; GRANT ALL ON ALL TABLES IN SCHEMA public, \"Mixed Schema\" TO " + role
                        + "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
        String asLogin = "postgres://" + role + "@" + pg.host() + ":" + pg.port() + "/" + target;
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        MigrateDataOperation.Result r = new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(source), asLogin, null, TestPostgres.LOGIN_PASSWORD),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                4,
                                null,
                                null),
                        ctx.build());
        assertFalse(r.triggersDeferred(), "an ordinary role cannot set session_replication_role");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("foreign-key order")), r.warnings()::toString);
        assertEquals(
                MigrateDataOperation.Verdict.verified,
                r.verdict(),
                "orders (which references customers) loaded after customers: " + r);
        assertSameRows(target);
    }

    /**
     * Ctrl-C (or MCP's notifications/cancelled) during the copy: the workers stop, the parts in flight roll back, no copy
     * thread outlives the run, and --resume finishes what is left.
     */
    @Test
    void cancelledMidCopyStopsItsThreadsAndResumes() {
        String target = emptyTarget("data_cancel");
        Cancellation cancellation = new Cancellation();
        Progress cancelOnFirstTable = new Progress() {
            @Override
            public void report(String step, long done, long total) {}

            @Override
            public void milestone(String line) {
                cancellation.cancel();
            }
        };
        TestContext ctx = TestContext.with(Map.of())
                .policy(new Policy(true, true, false, true))
                .progress(cancelOnFirstTable)
                .cancellation(cancellation);
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        SupaException e = assertThrows(
                SupaException.class, () -> new MigrateDataOperation().run(input(target, null), ctx.build()));
        assertEquals(ErrorCode.INTERRUPTED, e.code(), e::getMessage);
        assertTrue(e.suggestion().contains("--resume"), e.suggestion());
        List<String> copiers = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.matches("supa-dokploy-copy-\\d+"))
                .toList();
        assertEquals(List.of(), copiers, "every copy worker has ended when the run returns");

        MigrateDataOperation.Input again = input(target, null);
        MigrateDataOperation.Result r = migrate(new MigrateDataOperation.Input(
                again.databases(),
                again.tables(),
                again.exclude(),
                again.createTables(),
                again.truncate(),
                again.append(),
                true,
                again.jobs(),
                again.verifyIntegrity(),
                again.splitSize()));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertTrue(r.partsResumed() >= 1, "the table copied before the cancel is kept: " + r);
        assertSameRows(target);
    }
}
