package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code backup create} runs to one location never overlap: the second is refused at once with BACKUP_LOCKED,
 * naming the first's pid, and the first finishes; the lock is gone after any end, a failure or a killed process.
 */
@NeedsPostgres
class BackupLockTest {
    @TempDir
    Path dir;

    static OperationContext context(TestPostgres pg, Progress progress) {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.progress(progress).build();
    }

    static BackupCreateOperation.Input input(String url, Path dir) {
        return new BackupCreateOperation.Input(
                ConnectionInput.url(url), dir + "/", null, null, null, null, null, null, null, null, null);
    }

    static String database(TestPostgres pg) {
        String db = pg.createDatabase("bklock");
        pg.execute(db, """
                CREATE TABLE public.a (id int PRIMARY KEY, v text);
                INSERT INTO public.a SELECT g, 'v' || g FROM generate_series(1, 1000) g;
                """);
        return db;
    }

    @Test
    void aSecondCreateWhileTheFirstRunsIsRefusedAndTheFirstFinishes() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.adminUrlWithoutPassword(database(pg));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Progress holding = new Progress() {
            @Override
            public void report(String step, long done, long total) {}

            @Override
            public void milestone(String line) {
                // the first run, holding the lock mid-backup, waits here until the second was refused
                inside.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<BackupCreateOperation.Result> first = CompletableFuture.supplyAsync(
                () -> new BackupCreateOperation().run(input(url, dir), context(pg, holding)));
        assertTrue(inside.await(60, TimeUnit.SECONDS), "the first run reached its tables");
        SupaException refused;
        try {
            refused = assertThrows(
                    SupaException.class,
                    () -> new BackupCreateOperation().run(input(url, dir), context(pg, Progress.NONE)));
        } finally {
            release.countDown();
        }
        assertEquals(ErrorCode.BACKUP_LOCKED, refused.code(), refused::getMessage);
        assertTrue(
                refused.getMessage()
                        .contains("Another backup create of " + dir + "/ is running (pid "
                                + ProcessHandle.current().pid() + " since "),
                refused::getMessage);
        BackupCreateOperation.Result done = first.get(60, TimeUnit.SECONDS);
        assertEquals(1000, done.rows());
        assertEquals(List.of(Path.of(done.file())), archives(dir), "one archive: the second run wrote nothing");
        // and the lock is free again: the next run goes through
        assertNotNull(new BackupCreateOperation().run(input(url, dir.resolve("next")), context(pg, Progress.NONE)));
        assertTrue(lockIsFree(dir), "released after the run");
    }

    @Test
    void theLockIsGoneAfterAFailure() throws Exception {
        TestPostgres pg = TestPostgres.get();
        // a database that does not exist: the run fails after it took the lock
        SupaException failed = assertThrows(
                SupaException.class,
                () -> new BackupCreateOperation()
                        .run(
                                input(pg.adminUrlWithoutPassword("no_such_database_bklock"), dir),
                                context(pg, Progress.NONE)));
        assertTrue(failed.code() != ErrorCode.BACKUP_LOCKED, failed::getMessage);
        assertTrue(Files.exists(dir.resolve(BackupLock.FILE)), "the run had taken the lock");
        assertTrue(lockIsFree(dir), "no lock held after the failure");
        assertEquals("", Files.readString(dir.resolve(BackupLock.FILE)), "and the file no longer names a holder");
        String url = pg.adminUrlWithoutPassword(database(pg));
        assertEquals(
                1000,
                new BackupCreateOperation()
                        .run(input(url, dir), context(pg, Progress.NONE))
                        .rows());
    }

    /**
     * The real case: another process (a cron run that outlasted its interval) holds the lock. Refused with its pid;
     * once that process is killed (no chance to clean up), the OS has released the lock and a run goes through.
     */
    @Test
    void anotherProcessHoldingTheLockRefusesTheRunUntilItEnds() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.adminUrlWithoutPassword(database(pg));
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine(), "the other process took the lock");
            SupaException refused = assertThrows(
                    SupaException.class,
                    () -> new BackupCreateOperation().run(input(url, dir), context(pg, Progress.NONE)));
            assertEquals(ErrorCode.BACKUP_LOCKED, refused.code(), refused::getMessage);
            assertTrue(refused.getMessage().contains("(pid " + holder.pid() + " since "), refused::getMessage);
            assertEquals(List.of(), archives(dir));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(
                1000,
                new BackupCreateOperation()
                        .run(input(url, dir), context(pg, Progress.NONE))
                        .rows());
    }

    /** Run in a child JVM: takes the lock of the directory in args[0], says "held", and keeps it until killed. */
    static final class LockHolder {
        public static void main(String[] args) throws Exception {
            BackupLock lock = BackupLock.ofDirectory(
                    Path.of(args[0]), args[0], TestContext.with(Map.of()).build());
            System.out.println("held");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }

    /** Tries the lock file's OS lock from here: free when no process (this one included) holds it. */
    private static boolean lockIsFree(Path dir) throws Exception {
        try (FileChannel ch = FileChannel.open(dir.resolve(BackupLock.FILE), StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        }
    }

    private static List<Path> archives(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sdbak"))
                    .toList();
        }
    }
}
