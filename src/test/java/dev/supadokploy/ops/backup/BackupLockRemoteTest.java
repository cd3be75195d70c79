package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.testing.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of a location that is not a local directory lives in the state directory, one file per location. */
class BackupLockRemoteTest {
    @TempDir
    Path state;

    @Test
    void runsToOneRemoteLocationExcludeEachOtherAndOthersDoNot() throws Exception {
        OperationContext ctx =
                TestContext.with(Map.of("XDG_STATE_HOME", state.toString())).build();
        try (BackupLock held = BackupLock.ofRemote("s3://offsite/prod/", ctx);
                BackupLock other = BackupLock.ofRemote("s3://offsite/staging/", ctx)) {
            SupaException e = assertThrows(SupaException.class, () -> BackupLock.ofRemote("s3://offsite/prod/", ctx));
            assertEquals(ErrorCode.BACKUP_LOCKED, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith("Another backup create of s3://offsite/prod/ is running (pid "
                                    + ProcessHandle.current().pid()),
                    e::getMessage);
            try (Stream<Path> files = Files.list(state.resolve("supa-dokploy/backup-locks"))) {
                assertEquals(2, files.count(), "one lock file per location");
            }
        }
        BackupLock.ofRemote("s3://offsite/prod/", ctx).close(); // released with the others
    }
}
