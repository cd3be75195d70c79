package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.pg.diff.DiffPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code backup verify} / {@code verify_backup}: the whole archive read without a database — every segment
 * authenticated, the body decompressed, every table's rows counted against the manifest, the DDL made from the
 * catalog, and the trailer's SHA-256 checked.
 */
public final class VerifyBackupOperation extends BaseOperation<VerifyBackupOperation.Input, VerifyBackupOperation.Result> {

    public record Input(
            @Doc(value = "The archive to check", required = true) String file,
            @Doc(value = "Passphrase or key of an encrypted archive (else SUPA_DOKPLOY_BACKUP_KEY from the environment)", secret = true,
                    reference = true)
            String decryptionKey) {}

    public record Result(
            @Doc("valid: every check passed (any failure is an error with its BACKUP_* code instead)") String verdict,
            @Doc("The backup's id") String backupId,
            @Doc("The archive") String file,
            @Doc("When it was made (UTC)") Instant createdAt,
            @Doc("The database it was made from (no password)") String source,
            @Doc("Its server version") String serverVersion,
            @Doc("The release that wrote it") String toolVersion,
            @Doc("zstd, gzip or none") String compression,
            @Doc("Encrypted with AES-256-GCM") boolean encrypted,
            @Doc("Fingerprint of its key, null when not encrypted") String keyFingerprint,
            @Doc("Size in bytes") long bytes,
            @Doc("SHA-256 of the file, as its trailer says and as read") String sha256,
            @Doc("Segments read and authenticated") long segments,
            @Doc("Schemas in it") List<String> schemas,
            @Doc("Per table: rows, checksum and bytes, as the manifest says and the sections hold") List<BackupManifest.Table> tables,
            @Doc("Rows in all tables") long rows,
            @Doc("Sequences whose values it restores") int sequences,
            @Doc("DDL statements a restore into an empty database runs") int statements,
            @Doc("Objects those statements create, per type") Map<String, DiffPlan.Count> objects,
            @Doc("Seconds") double seconds) {}

    public VerifyBackupOperation() {
        super(Input.class, Result.class, new OperationInfo("verify_backup", List.of("backup", "verify"), "Verify a backup",
                "Check a backup archive end to end without a database: decrypt and authenticate every segment, decompress, count "
                        + "each table's rows against the manifest, build the DDL from the stored catalog, and check the file's "
                        + "SHA-256 trailer. A damaged, truncated or altered file, a wrong key or an unknown format version each "
                        + "fail with their own BACKUP_* code.",
                true, false, false));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        long start = System.nanoTime();
        Path file = file(input.file());
        try (ArchiveReader reader = ArchiveReader.open(file, BackupKeys.resolve(input.decryptionKey(), ctx, "decryptionKey"))) {
            RestoreDdl[] ddl = {null};
            ArchiveScan.Scanned s = ArchiveScan.scan(reader, new ArchiveScan.Sink() {
                @Override
                public void schema(dev.supadokploy.backup.ArchivedSchema schema) {
                    ddl[0] = RestoreDdl.ofEmpty(schema);
                }

                @Override
                public dev.supadokploy.pg.copy.RowChecksum table(dev.supadokploy.backup.TableSection table, java.io.InputStream rows) {
                    ctx.cancellation().throwIfCancelled();
                    return null;
                }
            });
            ArchiveHeader h = s.header();
            return new Result("valid", h.backupId(), file.toString(), h.createdAt(), h.source(), h.sourceServerVersion(), h.toolVersion(),
                    h.compression(), h.encrypted(), h.encrypted() ? h.encryption().keyFingerprint() : null, s.finished().bytes(),
                    s.finished().sha256(), s.finished().segments(), s.manifest().schemas(), s.manifest().tables(), s.manifest().rows(),
                    s.manifest().sequences().size(), ddl[0].statements(), ddl[0].plan().summary(),
                    Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
        } catch (SupaException e) {
            throw e;
        } catch (Exception e) {
            throw new SupaException(ErrorCode.BACKUP_TAMPERED, "Reading the backup failed: " + e.getMessage(),
                    "The file is damaged; use another copy.", e);
        }
    }

    static Path file(String file) {
        if (file == null || file.isBlank()) {
            throw new SupaException(ErrorCode.VALIDATION_MISSING_INPUT, "No backup file given", "Name the archive: supa-dokploy backup verify FILE.");
        }
        return Path.of(file);
    }
}
