package dev.supadokploy.ops.instances;

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
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.pg.diff.Hazard;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dokploy_sync_schema on real Supabase-shaped staging and production databases. */
@NeedsPostgres
class InstancesSyncSchemaOperationTest {
    static TestPostgres pg;

    /** The schema staging has: production is one release behind. */
    static final String STAGING = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, note text, status text);
            CREATE TABLE shop.customers (id bigint PRIMARY KEY, email text NOT NULL);
            CREATE VIEW shop.open_orders AS SELECT id, total FROM shop.orders WHERE status = 'open';
            CREATE POLICY orders_read ON shop.orders FOR SELECT TO authenticated USING (true);
            GRANT SELECT ON shop.orders TO authenticated;
            """;

    static final String PRODUCTION = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, note text);
            INSERT INTO shop.orders VALUES (1, 10.50, null), (2, 99.00, 'gift');
            """;

    @BeforeAll
    static void server() {
        pg = TestPostgres.get();
    }

    /** A staging and a production database: names [staging, production]. */
    static String[] pair(String prefix, String staging, String production) {
        String s = pg.createSupabaseDatabase(prefix + "_stg");
        String p = pg.createSupabaseDatabase(prefix + "_prd");
        pg.execute(s, staging);
        pg.execute(p, production);
        return new String[] {s, p};
    }

    static OperationContext context(boolean allowWrites) {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(allowWrites, false, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static Databases databases(String[] pair) {
        return Databases.of(pg.adminUrlWithoutPassword(pair[0]), pg.adminUrlWithoutPassword(pair[1]));
    }

    static InstancesSyncSchemaOperation.Result sync(
            String[] pair, Boolean allowHazards, Boolean dryRun, String lockTimeout) {
        return new InstancesSyncSchemaOperation()
                .run(
                        new InstancesSyncSchemaOperation.Input(
                                databases(pair), null, allowHazards, dryRun, lockTimeout),
                        context(true));
    }

    static MigrateDiffOperation.Result diff(String source, String target) {
        return new MigrateDiffOperation()
                .run(
                        new MigrateDiffOperation.Input(
                                Databases.of(pg.adminUrlWithoutPassword(source), pg.adminUrlWithoutPassword(target)),
                                null,
                                null,
                                null),
                        context(false));
    }

    /** Rows of supabase_migrations.schema_migrations as "version|name|statement count", or null when the table is absent. */
    static List<String> migrations(String db) throws Exception {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return null;
                }
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT version, name, cardinality(statements) FROM supabase_migrations.schema_migrations ORDER BY 1")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getInt(3));
                }
            }
            return rows;
        }
    }

    static long count(String db, String sql) throws Exception {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void cleanSyncLeavesNoDriftAndRecordsOneMigration() throws Exception {
        String[] dbs = pair("sync_clean", STAGING, PRODUCTION);
        InstancesSyncSchemaOperation.Result r = sync(dbs, null, null, null);
        assertTrue(r.applied(), r::toString);
        assertTrue(r.inSync(), r.drift()::toString);
        assertTrue(r.drift().isEmpty());
        assertTrue(r.hazards().isEmpty(), r.hazards()::toString);
        assertTrue(r.migrationVersion().matches("\\d{14}"), r.migrationVersion());
        assertEquals("supa_dokploy_sync_" + dbs[0], r.migrationName());
        assertEquals(1, r.summary().get("table").created(), r.summary()::toString);
        assertEquals(1, r.summary().get("column").created(), r.summary()::toString);
        assertEquals(1, r.summary().get("view").created(), r.summary()::toString);
        assertEquals(1, r.summary().get("policy").created(), r.summary()::toString);
        assertTrue(diff(dbs[0], dbs[1]).empty(), "re-diff after the sync");
        assertEquals(
                List.of(r.migrationVersion() + "|" + r.migrationName() + "|" + r.statements()), migrations(dbs[1]));
        assertEquals(2, count(dbs[1], "SELECT count(*) FROM shop.orders"), "rows are kept");
        assertNull(migrations(dbs[0]), "the source is only read");

        InstancesSyncSchemaOperation.Result again = sync(dbs, null, null, null);
        assertFalse(again.applied(), "nothing left to apply");
        assertTrue(again.inSync());
        assertNull(again.migrationVersion());
        assertEquals(1, migrations(dbs[1]).size(), "an empty sync records no migration");
    }

    @Test
    void hazardsAreRefusedWithoutAllowHazardsAndRunWithIt() throws Exception {
        String[] dbs = pair(
                "sync_hazard",
                STAGING,
                PRODUCTION + "CREATE TABLE shop.legacy (id int); INSERT INTO shop.legacy VALUES (1);");
        SupaException e = assertThrows(SupaException.class, () -> sync(dbs, null, null, null));
        assertEquals(ErrorCode.MIGRATION_HAZARDS_NOT_ALLOWED, e.code());
        assertTrue(e.getMessage().contains("drops_data: table shop.legacy"), e.getMessage());
        assertTrue(e.suggestion().contains("--allow-hazards"), e.suggestion());
        assertEquals(1, count(dbs[1], "SELECT count(*) FROM shop.legacy"), "nothing changed");
        assertEquals(
                0, count(dbs[1], "SELECT count(*) FROM pg_tables WHERE tablename = 'customers'"), "nothing changed");
        assertNull(migrations(dbs[1]));

        InstancesSyncSchemaOperation.Result r = sync(dbs, true, null, null);
        assertTrue(r.applied() && r.inSync(), r::toString);
        assertTrue(
                r.hazards().stream()
                        .anyMatch(h -> h.kind().equals(Hazard.DROPS_DATA)
                                && h.objectName().equals("shop.legacy")),
                r.hazards()::toString);
        assertEquals(0, count(dbs[1], "SELECT count(*) FROM pg_tables WHERE tablename = 'legacy'"));
        assertEquals(1, migrations(dbs[1]).size());
    }

    @Test
    void aStatementTheTargetsDataRefusesRollsEverythingBack() throws Exception {
        // staging made note NOT NULL; production holds a row without one. The other changes come first in the plan.
        String staging = STAGING.replace("note text,", "note text NOT NULL,");
        String[] dbs = pair("sync_fail", staging, PRODUCTION);
        String pristine = pg.createSupabaseDatabase("sync_fail_copy");
        pg.execute(pristine, PRODUCTION);
        SupaException e = assertThrows(SupaException.class, () -> sync(dbs, true, null, null));
        assertEquals(ErrorCode.MIGRATION_APPLY_FAILED, e.code(), e::getMessage);
        assertTrue(
                e.getMessage().contains("shop.orders.note") && e.getMessage().contains("rolled back"), e.getMessage());
        assertTrue(String.valueOf(e.details().get("statement")).contains("SET NOT NULL"), e.details()::toString);
        assertTrue(diff(pristine, dbs[1]).empty(), "production's schema is exactly as before");
        assertNull(migrations(dbs[1]), "no migration row, not even the table");
        assertEquals(2, count(dbs[1], "SELECT count(*) FROM shop.orders"));
    }

    @Test
    void dryRunShowsThePlanAndChangesNothing() throws Exception {
        String[] dbs = pair("sync_dry", STAGING, PRODUCTION + "CREATE TABLE shop.legacy (id int);");
        int before = diff(dbs[0], dbs[1]).statements();
        // a dry run needs neither --allow-hazards nor --allow-writes
        InstancesSyncSchemaOperation.Result r = new InstancesSyncSchemaOperation()
                .run(new InstancesSyncSchemaOperation.Input(databases(dbs), null, null, true, null), context(false));
        assertTrue(r.dryRun());
        assertFalse(r.applied());
        assertNull(r.migrationVersion());
        assertEquals(before, r.statements());
        assertFalse(r.inSync());
        assertEquals(before, r.drift().size(), r.drift()::toString);
        assertTrue(
                r.script().contains("CREATE TABLE shop.customers") && r.script().contains("DROP TABLE shop.legacy"),
                r.script());
        assertFalse(r.hazards().isEmpty());
        assertEquals(before, diff(dbs[0], dbs[1]).statements(), "nothing changed");
        assertNull(migrations(dbs[1]));
    }

    @Test
    void aRealSyncOverMcpNeedsAllowWrites() {
        String[] dbs = pair("sync_ro", STAGING, PRODUCTION);
        SupaException e = assertThrows(
                SupaException.class,
                () -> new InstancesSyncSchemaOperation()
                        .run(
                                new InstancesSyncSchemaOperation.Input(databases(dbs), null, null, null, null),
                                context(false)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("--allow-writes"), e.getMessage());
    }

    @Test
    void aLockHeldByALongTransactionFailsFastAndChangesNothing() throws Exception {
        String[] dbs = pair("sync_lock", STAGING, PRODUCTION);
        try (Connection holder = pg.adminConnection(dbs[1]);
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM shop.orders").close(); // ACCESS SHARE until the transaction ends
            long start = System.nanoTime();
            SupaException e = assertThrows(SupaException.class, () -> sync(dbs, null, null, "300ms"));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(ErrorCode.MIGRATION_LOCK_TIMEOUT, e.code(), e::getMessage);
            assertTrue(e.getMessage().contains("300 ms") && e.getMessage().contains("shop.orders"), e.getMessage());
            assertTrue(e.suggestion().contains("--lock-timeout"), e.suggestion());
            assertTrue(seconds < 20, "failed fast: " + seconds);
            holder.rollback();
        }
        assertNull(migrations(dbs[1]));
        assertEquals(0, count(dbs[1], "SELECT count(*) FROM pg_tables WHERE tablename = 'customers'"));
    }

    @Test
    void aBadLockTimeoutIsRejected() {
        SupaException e = assertThrows(SupaException.class, () -> SchemaSync.lockTimeout("soon"));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertEquals(1500, SchemaSync.lockTimeout("1500ms").toMillis());
        assertEquals(SchemaSync.DEFAULT_LOCK_TIMEOUT, SchemaSync.lockTimeout(null));
        assertNotNull(SchemaSync.migrationName("postgres://u@h:5432/my-db"));
        assertEquals("supa_dokploy_sync_my_db", SchemaSync.migrationName("postgres://u@h:5432/my-db"));
        assertEquals("supa_dokploy_sync_staging", SchemaSync.migrationName("staging"));
    }
}
