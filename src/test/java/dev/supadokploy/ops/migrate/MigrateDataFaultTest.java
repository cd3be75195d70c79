package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server backend killed in the middle of a copy (pg_terminate_backend, as a restart or an OOM kill would): the run
 * stops with CONNECTION_LOST naming the side, the part being copied leaves no row behind, the parts already loaded
 * stay recorded, and --resume finishes without copying any of them again.
 */
@NeedsPostgres
class MigrateDataFaultTest {
    static TestPostgres pg;
    static String source;

    @BeforeAll
    static void source() {
        pg = TestPostgres.get();
        source = pg.createDatabase("fault_src");
        pg.execute(source, """
                CREATE TABLE public.big (id bigint PRIMARY KEY, payload text NOT NULL);
                INSERT INTO public.big SELECT g, repeat(md5(g::text), 10) FROM generate_series(1, 100000) g;
                CREATE TABLE public.small (id int PRIMARY KEY, v text);
                INSERT INTO public.small SELECT g, 'v' || g FROM generate_series(1, 100) g;
                ANALYZE;
                """);
    }

    static MigrateDataOperation.Result run(String target, boolean resume) {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(source),
                                        pg.adminUrlWithoutPassword(target),
                                        null,
                                        null),
                                null,
                                null,
                                true,
                                null,
                                null,
                                resume ? Boolean.TRUE : null,
                                1,
                                null,
                                "4MB"),
                        ctx.build());
    }

    static long scalar(String db, String sql) {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // the checkpoint table does not exist yet
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"target", "source"})
    void aBackendKilledMidCopyThenResume(String side) throws Exception {
        String target = pg.createDatabase("fault_" + side);
        // The target's table is created first (so --create-tables does nothing), with a trigger that fires even while
        // triggers are deferred and pauses on every thousandth row: each part then takes long enough to be caught.
        pg.execute(target, """
                CREATE TABLE public.big (id bigint PRIMARY KEY, payload text NOT NULL);
                CREATE FUNCTION public.pace() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.id % 1000 = 0 THEN PERFORM pg_sleep(0.02); END IF; RETURN NEW; END $$;
                CREATE TRIGGER pace BEFORE INSERT ON public.big FOR EACH ROW EXECUTE FUNCTION public.pace();
                ALTER TABLE public.big ENABLE ALWAYS TRIGGER pace;
                """);
        String killedDb = side.equals("target") ? target : source;
        // On the target, the backend busy loading; on the source, the worker's copying connection whatever its state
        // (a key range fits in socket buffers, so its COPY there is often over while the target still loads it).
        String victim = side.equals("target")
                ? "query LIKE 'COPY %FROM STDIN%' AND state = 'active'"
                : "query LIKE 'COPY (SELECT%big%'";
        // Once two parts are loaded and recorded, kill whichever backend is copying on that side.
        CompletableFuture<Boolean> killer = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (scalar(
                                        target,
                                        "SELECT count(*) FROM supa_dokploy.migrate_checkpoint WHERE part LIKE 'part:public.big:%'")
                                >= 2
                        && scalar(
                                        killedDb,
                                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                                                + "AND application_name = 'supa-dokploy' AND " + victim)
                                > 0) {
                    return true;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    return false;
                }
            }
            return false;
        });
        SupaException e = assertThrows(SupaException.class, () -> run(target, false));
        assertTrue(killer.get(60, TimeUnit.SECONDS), "the killer found a copy to kill");
        assertEquals(ErrorCode.CONNECTION_LOST, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains(side), e.getMessage());
        assertTrue(e.suggestion().contains("--resume"), e.suggestion());
        long recordedRows = scalar(
                target, "SELECT sum(rows) FROM supa_dokploy.migrate_checkpoint WHERE part LIKE 'part:public.big%'");
        long recordedParts =
                scalar(target, "SELECT count(*) FROM supa_dokploy.migrate_checkpoint WHERE part LIKE 'part:%'");
        assertTrue(recordedParts >= 2, "parts before the kill stay recorded: " + recordedParts);
        assertEquals(
                recordedRows,
                scalar(target, "SELECT count(*) FROM public.big"),
                "the part being copied when the backend died left no row: the table holds exactly the recorded parts");

        MigrateDataOperation.Result r = run(target, true);
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertEquals(recordedParts, r.partsResumed());
        assertEquals(100000, scalar(target, "SELECT count(*) FROM public.big"));
        assertEquals(100000, scalar(target, "SELECT count(DISTINCT id) FROM public.big"), "no row copied twice");
        assertEquals(
                scalar(source, "SELECT sum(length(payload))::bigint FROM public.big"),
                scalar(target, "SELECT sum(length(payload))::bigint FROM public.big"));
        assertEquals(
                -1,
                scalar(target, "SELECT count(*) FROM supa_dokploy.migrate_checkpoint"),
                "the finished run removed its checkpoint");
    }
}
