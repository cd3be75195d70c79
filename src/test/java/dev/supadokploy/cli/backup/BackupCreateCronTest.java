package dev.supadokploy.cli.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup create} as cron runs it: with --quiet nothing at all on success (cron mails any output), and on
 * failure only the one error line on stderr, with the backup family's exit code.
 */
@NeedsPostgres
class BackupCreateCronTest {
    @TempDir
    Path dir;

    @Test
    void quietPrintsNothingOnSuccessAndOnlyTheErrorOnFailure() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("bkcron");
        pg.execute(db, """
                CREATE TABLE public.a (id int PRIMARY KEY);
                INSERT INTO public.a SELECT generate_series(1, 300);
                """);
        CliRunner.Result ok = CliRunner.forServer(pg)
                .run("backup", "create", "--quiet", "--connection", pg.adminUrlWithoutPassword(db), "-o", dir + "/");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertEquals("", ok.stdout(), ok::toString);
        assertEquals("", ok.stderr(), ok::toString);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".sdbak")).count(), "the archive was written");
        }

        CliRunner.Result failed = CliRunner.forServer(pg)
                .run(
                        "-q",
                        "backup",
                        "create",
                        "--connection",
                        pg.adminUrlWithoutPassword(db),
                        "-o",
                        dir + "/",
                        "--vault");
        assertEquals(ErrorFamily.BACKUP.exitCode(), failed.exitCode(), failed::toString);
        assertEquals("", failed.stdout(), failed::toString);
        assertEquals(1, failed.stderr().strip().lines().count(), failed::toString);
        assertTrue(
                failed.stderr().startsWith("error: ") && failed.stderr().contains("[BACKUP_NEEDS_ENCRYPTION]"),
                failed::toString);

        // --output json still prints the result: asked for explicitly, for a script that reads it
        CliRunner.Result json = CliRunner.forServer(pg)
                .run(
                        "-q",
                        "backup",
                        "create",
                        "--connection",
                        pg.adminUrlWithoutPassword(db),
                        "-o",
                        dir.resolve("json") + "/",
                        "--output",
                        "json");
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(300, json.json().get("rows").asLong());
        assertEquals("", json.stderr(), json::toString);
    }
}
