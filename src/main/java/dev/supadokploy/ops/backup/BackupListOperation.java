package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.util.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code backup list} / {@code list_backups}: the archives of a directory or S3 prefix, newest first, from their
 * preambles, with their verified marks; with maxAge, a check for cron and monitors.
 */
public final class BackupListOperation extends BaseOperation<BackupListOperation.Input, BackupListOperation.Result> {

    public record Input(
            @Doc(value = "Directory holding the archives (*.sdbak), or s3://bucket/prefix", required = true)
            String directory,

            @Doc(
                    "For an s3:// location: a [destinations.NAME] of config.toml, or dokploy:<destinationId> (an S3 destination "
                            + "defined in Dokploy); default: the destination whose bucket is the URL's, else the AWS environment")
            String destination,

            @Doc(
                    "Fail with BACKUP_STALE when the newest verified backup is older than this (26h, 2d) or there is none: "
                            + "one check for a monitor or a cron job")
            String maxAge) {
        /** The location alone. */
        public Input(String directory) {
            this(directory, null, null);
        }
    }

    /** One archive of the directory, as its preamble describes it. */
    public record Entry(
            @Doc("The file (a path, or an s3:// URL)") String file,

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
            String status,

            @Doc("When backup verify last passed on it (its verified mark), null when never")
            Instant verifiedAt) {}

    public record Result(
            @Doc("The directory") String directory,

            @Doc("Archives, newest first; unreadable ones last, with the reason in status")
            List<Entry> backups,

            @Doc("Their total size in bytes") long totalBytes,

            @Doc("When the newest verified backup was made, null when none is verified")
            Instant newestVerified) {}

    public BackupListOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "list_backups",
                        List.of("backup", "list"),
                        "List backups",
                        "List the backup archives (*.sdbak) of a directory or s3://bucket/prefix, newest first: id, time, source, "
                                + "size, compression, whether encrypted and the key's fingerprint — read from each file's plaintext "
                                + "preamble, no key needed — and when verify_backup last passed on it. On S3 only completed uploads "
                                + "are listed. maxAge fails with BACKUP_STALE when the newest verified backup is older than that.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        Duration maxAge = maxAge(input.maxAge());
        List<Entry> entries;
        try (ArchiveStore store = BackupLocation.directory(input.directory(), input.destination(), ctx)) {
            entries = BackupDirectory.read(store);
        }
        Instant newestVerified = entries.stream()
                .filter(e -> e.verifiedAt() != null && e.createdAt() != null)
                .map(Entry::createdAt)
                .max(Comparator.naturalOrder())
                .orElse(null);
        if (maxAge != null) {
            Instant now = ctx.clock().instant();
            if (newestVerified == null || newestVerified.isBefore(now.minus(maxAge))) {
                throw new SupaException(
                        ErrorCode.BACKUP_STALE,
                        newestVerified == null
                                ? "No verified backup in " + input.directory()
                                        + (entries.isEmpty()
                                                ? " (it holds none)"
                                                : " (" + entries.size() + " unverified)")
                                : "The newest verified backup in " + input.directory() + " was made " + newestVerified
                                        + ", "
                                        + Duration.between(newestVerified, now).toHours() + "h ago (max "
                                        + input.maxAge() + ")",
                        "Check the backup job (backup create, then backup verify on what it wrote).",
                        newestVerified == null
                                ? Map.of("backups", entries.size())
                                : Map.of("newestVerified", newestVerified.toString(), "backups", entries.size()),
                        null);
            }
        }
        return new Result(
                input.directory(),
                entries,
                entries.stream().mapToLong(Entry::bytes).sum(),
                newestVerified);
    }

    private static Duration maxAge(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Duration d = DurationText.parse(text).orElse(null);
        if (d == null || d.isZero()) {
            throw SupaException.invalidInput("maxAge " + text + " is not a duration", "Give it as 26h, 2d or 90m.");
        }
        return Objects.requireNonNull(d);
    }
}
