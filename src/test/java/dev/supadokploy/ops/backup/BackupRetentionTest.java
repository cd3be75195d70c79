package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveWriter;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.testing.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup list and prune over archives with known times: newest first, retention per source, deletion only when confirmed. */
class BackupRetentionTest {
    @TempDir
    Path dir;

    private void archive(String name, String source, String time) {
        ArchiveHeader h = new ArchiveHeader(
                ArchiveFormat.VERSION, name, Instant.parse(time), "test", source, "db", "17.6", "zstd", "text", null);
        try (ArchiveWriter w = ArchiveWriter.create(dir.resolve(name + ArchiveFormat.EXTENSION), h, null)) {
            w.section(ArchiveFormat.SCHEMA, Map.of(), new byte[] {'{', '}'});
            w.finish();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(List<String> files) {
        return files.stream()
                .map(f -> Path.of(f).getFileName().toString().replace(ArchiveFormat.EXTENSION, ""))
                .toList();
    }

    @Test
    void listsNewestFirstAndPrunesByRetentionPerSource() throws IOException {
        archive("a1", "prod", "2025-03-10T02:00:00Z");
        archive("a2", "prod", "2025-03-10T14:00:00Z"); // same day as a1, newer
        archive("a3", "prod", "2025-03-11T02:00:00Z");
        archive("a4", "prod", "2025-03-03T02:00:00Z"); // the week before
        archive("a5", "prod", "2025-02-20T02:00:00Z"); // older still
        archive("s1", "staging", "2025-01-01T02:00:00Z");
        Files.writeString(dir.resolve("junk" + ArchiveFormat.EXTENSION), "not an archive");

        BackupListOperation.Result list = new BackupListOperation()
                .run(
                        new BackupListOperation.Input(dir.toString()),
                        TestContext.with(Map.of()).build());
        assertEquals(
                List.of("a3", "a2", "a1", "a4", "a5", "s1", "junk"),
                names(list.backups().stream().map(e -> e.file()).toList()));
        assertEquals("BACKUP_NOT_AN_ARCHIVE", list.backups().get(6).status());

        BackupPruneOperation.Input keep = new BackupPruneOperation.Input(dir.toString(), 1, 2, 2);
        BackupPruneOperation.Result plan =
                new BackupPruneOperation().run(keep, TestContext.with(Map.of()).build());
        assertFalse(plan.deleted());
        // last 1: a3; daily 2: a3 (11th), a2 (10th); weekly 2: a3 (week 11), a4 (week 10); staging: s1 by every rule
        assertEquals(List.of("a1", "a5"), names(plan.removed()));
        assertTrue(Files.exists(dir.resolve("a1" + ArchiveFormat.EXTENSION)), "a plan deletes nothing");

        BackupPruneOperation.Result done = new BackupPruneOperation()
                .run(
                        keep,
                        TestContext.with(Map.of())
                                .policy(new Policy(true, true, false, true))
                                .build());
        assertTrue(done.deleted());
        assertFalse(Files.exists(dir.resolve("a1" + ArchiveFormat.EXTENSION)));
        assertTrue(Files.exists(dir.resolve("junk" + ArchiveFormat.EXTENSION)), "unreadable files are never deleted");
        assertEquals(
                ErrorCode.VALIDATION_MISSING_INPUT,
                assertThrows(
                                SupaException.class,
                                () -> new BackupPruneOperation()
                                        .run(
                                                new BackupPruneOperation.Input(dir.toString(), null, null, null),
                                                TestContext.with(Map.of()).build()))
                        .code());
    }
}
