package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A backup location that is a URL this build cannot serve is refused, never turned into a local folder. */
class BackupLocationTest {
    @Test
    void localPathsAndFileUrlsAreLocal() {
        assertEquals(Path.of("/var/backups/prod"), BackupLocation.local("/var/backups/prod"));
        assertEquals(Path.of("backups"), BackupLocation.local("backups"));
        assertEquals(Path.of("daily:2026"), BackupLocation.local("daily:2026"), "a colon alone makes no URL");
        assertEquals(Path.of("/var/backups"), BackupLocation.local("file:///var/backups"));
    }

    @Test
    void otherUrlsAreRefusedWithTheirScheme() {
        for (String url :
                new String[] {"s3://offsite/prod/", "S3://offsite/prod", "gs://b/p", "https://h/x", "file://relative"
                }) {
            SupaException e = assertThrows(SupaException.class, () -> BackupLocation.local(url), url);
            assertEquals(ErrorCode.BACKUP_LOCATION_UNSUPPORTED, e.code(), url);
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("nothing was written"), e.getMessage());
        }
    }

    /**
     * The reported case: `backup create --output-path s3://offsite/prod/` exited 0 with a local folder named "s3:".
     * It fails in the backup family before the database is read (the connection names a closed port, which would
     * otherwise fail first with a connection error), and nothing is created.
     */
    @Test
    void backupCreateToAnS3UrlFailsBeforeConnectingAndWritesNothing() {
        Path cwdFolder = Path.of("s3:");
        assertFalse(Files.exists(cwdFolder), "a folder named s3: from an older run is in the way");
        CliRunner.Result r = new CliRunner()
                .run(
                        "backup",
                        "create",
                        "--connection",
                        "postgres://postgres@127.0.0.1:1/postgres",
                        "--output-path",
                        "s3://offsite/prod/");
        assertEquals(ErrorFamily.BACKUP.exitCode(), r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("BACKUP_LOCATION_UNSUPPORTED"), r.stderr());
        assertFalse(Files.exists(cwdFolder), "no local folder named s3:");

        for (String[] args : new String[][] {
            {"backup", "list", "s3://offsite/prod/"},
            {"backup", "verify", "s3://offsite/prod/x.sdbak"},
            {"backup", "prune", "s3://offsite/prod/", "--keep-last", "1", "--yes"}
        }) {
            CliRunner.Result other = new CliRunner().run(args);
            assertEquals(ErrorFamily.BACKUP.exitCode(), other.exitCode(), other::toString);
            assertTrue(other.stderr().contains("BACKUP_LOCATION_UNSUPPORTED"), other.stderr());
        }
    }
}
