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

/**
 * A backup location that is a URL this build cannot serve (gs://, https://) is refused, never turned into a local
 * folder; s3:// is served (BackupS3Test runs it against a real S3 server), and without credentials it fails before the
 * database is read.
 */
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
                new String[] {"gs://b/p", "GS://offsite/prod", "https://h/x", "azure://c/p", "file://relative"}) {
            SupaException e = assertThrows(SupaException.class, () -> BackupLocation.local(url), url);
            assertEquals(ErrorCode.BACKUP_LOCATION_UNSUPPORTED, e.code(), url);
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("nothing was written"), e.getMessage());
        }
    }

    @Test
    void s3UrlsAreS3Locations() {
        assertTrue(BackupLocation.isS3("s3://offsite/prod/"));
        assertTrue(BackupLocation.isS3("S3://offsite/prod"));
        assertFalse(BackupLocation.isS3("/var/backups/s3"));
        assertEquals(new BackupLocation.S3Url("offsite", "prod/"), BackupLocation.S3Url.parse("s3://offsite/prod/"));
        assertEquals(new BackupLocation.S3Url("offsite", ""), BackupLocation.S3Url.parse("s3://offsite"));
        for (String bad : new String[] {"s3://", "s3://Upper/x", "s3://b//x", "s3://a/"}) {
            SupaException e = assertThrows(SupaException.class, () -> BackupLocation.S3Url.parse(bad), bad);
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code(), bad);
        }
    }

    /**
     * The reported case: `backup create --output-path s3://offsite/prod/` exited 0 with a local folder named "s3:".
     * Without S3 credentials it now fails before the database is read (the connection names a closed port, which
     * would otherwise fail first with a connection error) and nothing is created; other schemes are refused.
     */
    @Test
    void backupCreateToAnS3UrlWithoutCredentialsFailsBeforeConnectingAndWritesNothing() {
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
        assertEquals(ErrorCode.CONFIGURATION_NOT_FOUND.family().exitCode(), r.exitCode(), r::toString);
        assertTrue(
                r.stderr().contains("CONFIGURATION_NOT_FOUND") && r.stderr().contains("AWS_ACCESS_KEY_ID"), r.stderr());
        assertFalse(Files.exists(cwdFolder), "no local folder named s3:");

        for (String[] args : new String[][] {
            {
                "backup",
                "create",
                "--connection",
                "postgres://postgres@127.0.0.1:1/postgres",
                "--output-path",
                "gs://b/p/"
            },
            {"backup", "list", "gs://offsite/prod/"},
            {"backup", "verify", "https://h/x.sdbak"},
            {"backup", "prune", "gs://offsite/prod/", "--keep-last", "1", "--yes"}
        }) {
            CliRunner.Result other = new CliRunner().run(args);
            assertEquals(ErrorFamily.BACKUP.exitCode(), other.exitCode(), other::toString);
            assertTrue(other.stderr().contains("BACKUP_LOCATION_UNSUPPORTED"), other.stderr());
        }
    }
}
