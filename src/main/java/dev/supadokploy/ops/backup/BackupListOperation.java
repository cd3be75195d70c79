package dev.supadokploy.ops.backup;

import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import java.time.Instant;
import java.util.List;

/** {@code backup list} / {@code list_backups}: the archives of a directory, newest first, from their preambles. */
public final class BackupListOperation extends BaseOperation<BackupListOperation.Input, BackupListOperation.Result> {

    public record Input(
            @Doc(value = "Directory holding the archives (*.sdbak)", required = true)
            String directory) {}

    /** One archive of the directory, as its preamble describes it. */
    public record Entry(
            @Doc("The file") String file,

            @Doc("The backup's id, null when the preamble is unreadable")
            String backupId,

            @Doc("When it was made (UTC)") Instant createdAt,
            @Doc("The database it was made from") String source,
            @Doc("Source server version") String serverVersion,
            @Doc("Size in bytes") long bytes,
            @Doc("zstd, gzip or none") String compression,
            @Doc("Encrypted") boolean encrypted,

            @Doc("Fingerprint of its key, null when not encrypted")
            String keyFingerprint,

            @Doc("ok, or the BACKUP_* code of what is wrong with its preamble (verify checks the whole file)")
            String status) {}

    public record Result(
            @Doc("The directory") String directory,

            @Doc("Archives, newest first; unreadable ones last, with the reason in status")
            List<Entry> backups,

            @Doc("Their total size in bytes") long totalBytes) {}

    public BackupListOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "list_backups",
                        List.of("backup", "list"),
                        "List backups",
                        "List the backup archives (*.sdbak) of a directory, newest first: id, time, source, size, compression, whether "
                                + "encrypted and the key's fingerprint — read from each file's plaintext preamble, no key needed. "
                                + "verify_backup checks a file whole.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        List<Entry> entries = BackupDirectory.read(input.directory());
        return new Result(
                input.directory(),
                entries,
                entries.stream().mapToLong(Entry::bytes).sum());
    }
}
