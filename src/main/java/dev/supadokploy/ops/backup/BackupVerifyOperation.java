package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.ArchivedSchema;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.TableSection;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.SchemaDiff;
import dev.supadokploy.pg.diff.SchemaSnapshot;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code backup verify} / {@code verify_backup}: the whole archive read without a database — every segment
 * authenticated, the body decompressed, every table's rows counted against the manifest, the DDL made from the
 * catalog, and the trailer's SHA-256 checked.
 */
public final class BackupVerifyOperation
        extends BaseOperation<BackupVerifyOperation.Input, BackupVerifyOperation.Result> {

    public record Input(
            @Doc(value = "The archive to check: a file, or s3://bucket/prefix/NAME.sdbak", required = true)
            String file,

            @Doc(
                    value =
                            "Passphrase or key of an encrypted archive (else SUPA_DOKPLOY_BACKUP_KEY from the environment)",
                    secret = true,
                    reference = true)
            String decryptionKey,

            @Doc(
                    value =
                            "Also restore into this scratch database (a URL or an instance name; it must hold nothing in the backup's "
                                    + "schemas) and compare: every table's count and checksum, and the restored schema against the archived catalog. "
                                    + "Needs --allow-writes over MCP",
                    reference = true)
            String restoreTo,

            @Doc("For an s3:// archive: a [destinations.NAME] of config.toml, or dokploy:<destinationId>; default: the "
                    + "destination whose bucket is the URL's, else the AWS environment")
            String destination) {
        /** Without a destination (a local archive, or S3 settings chosen by the bucket or the AWS environment). */
        public Input(String file, String decryptionKey, String restoreTo) {
            this(file, decryptionKey, restoreTo, null);
        }
    }

    public record Result(
            @Doc("valid: every check passed (any failure is an error with its BACKUP_* code instead)")
            String verdict,

            @Doc("The backup's id") String backupId,
            @Doc("The archive") String file,
            @Doc("When it was made (UTC)") Instant createdAt,

            @Doc("The database it was made from (no password)")
            String source,

            @Doc("Its server version") String serverVersion,
            @Doc("The release that wrote it") String toolVersion,
            @Doc("zstd, gzip or none") String compression,
            @Doc("Encrypted with AES-256-GCM") boolean encrypted,

            @Doc("Fingerprint of its key, null when not encrypted")
            String keyFingerprint,

            @Doc("Size in bytes") long bytes,

            @Doc("SHA-256 of the file, as its trailer says and as read")
            String sha256,

            @Doc("Segments read and authenticated") long segments,
            @Doc("Schemas in it") List<String> schemas,

            @Doc("Per table: rows, checksum and bytes, as the manifest says and the sections hold")
            List<BackupManifest.Table> tables,

            @Doc("Rows in all tables") long rows,
            @Doc("Sequences whose values it restores") int sequences,

            @Doc("DDL statements a restore into an empty database runs")
            int statements,

            @Doc("Objects those statements create, per type")
            Map<String, DiffPlan.Count> objects,

            @Doc("With restoreTo: the scratch database restored into (no password), else null")
            String restoredTo,

            @Doc("With restoreTo: tables restored whose row count and checksum equal the manifest's, else null")
            Integer tablesVerified,

            @Doc(
                    "With restoreTo: differences the schema diff finds between the archived catalog and the restored database "
                            + "(always 0: any difference fails with BACKUP_SCHEMA_MISMATCH), else null")
            Integer schemaDifferences,

            @Doc("Seconds") double seconds,

            @Doc(
                    "When the verified mark was written beside the archive (NAME.sdbak.verified: the time, SHA-256 and release; "
                            + "backup list shows it and prune keeps the newest verified backup); null when it could not be (an MCP "
                            + "server without --allow-writes)")
            Instant markedAt) {}

    public BackupVerifyOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "verify_backup",
                        List.of("backup", "verify"),
                        "Verify a backup",
                        "Check a backup archive end to end without a database: decrypt and authenticate every segment, decompress, count "
                                + "each table's rows against the manifest, build the DDL from the stored catalog, and check the file's "
                                + "SHA-256 trailer. A damaged, truncated or altered file, a wrong key or an unknown format version each "
                                + "fail with their own BACKUP_* code. restoreTo also restores it into an empty scratch database and "
                                + "compares checksums, counts and the schema (needs --allow-writes).",
                        // idempotent: restoreTo needs an empty scratch database, so a second run restores nothing more
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        if (input.restoreTo() != null && !input.restoreTo().isBlank()) {
            return restoreAndCompare(input, ctx);
        }
        long start = System.nanoTime();
        BackupLocation.Located at = located(input.file(), input.destination(), ctx);
        try (ArchiveStore store = at.store();
                ArchiveReader reader = ArchiveReader.open(
                        store, at.name(), BackupKeys.resolve(input.decryptionKey(), ctx, "decryptionKey"))) {
            RestoreDdl[] ddl = {null};
            StackConfig.Read[] config = {null};
            VaultPart.Reading vault = new VaultPart.Reading();
            ObjectsCheck objects = new ObjectsCheck();
            ArchiveScan.Scanned s = ArchiveScan.scan(reader, new ArchiveScan.Sink() {
                @Override
                public void schema(ArchivedSchema schema) {
                    ddl[0] = RestoreDdl.ofEmpty(schema);
                }

                @Override
                public RowChecksum table(TableSection table, InputStream rows) {
                    ctx.cancellation().throwIfCancelled();
                    return null;
                }

                @Override
                public void part(ArchiveReader.Section section) throws Exception {
                    if (section.type() == ArchiveFormat.CONFIG) {
                        config[0] = StackConfig.read(section);
                    }
                    vault.accept(section);
                    objects.accept(section, OutputStream.nullOutputStream());
                }
            });
            StackConfig.check(config[0], s.manifest());
            vault.check(s.manifest());
            objects.check(s.manifest());
            return result(
                    store.locate(at.name()),
                    s,
                    ddl[0].statements(),
                    ddl[0].plan().summary(),
                    null,
                    null,
                    null,
                    start,
                    mark(at, s, ctx));
        } catch (SupaException e) {
            throw e;
        } catch (Exception e) {
            throw new SupaException(
                    ErrorCode.BACKUP_TAMPERED,
                    "Reading the backup failed: " + e.getMessage(),
                    "The file is damaged; use another copy.",
                    e);
        }
    }

    /**
     * The restore itself (every segment, the trailer, each table's count and checksum, in one transaction), then the
     * restored schema read back and diffed against the archived catalog: nothing may differ.
     */
    private Result restoreAndCompare(Input input, OperationContext ctx) {
        long start = System.nanoTime();
        ConnectionInput scratch = Databases.connection(input.restoreTo(), null, "restore-to");
        BackupRestoreOperation.Restored restored = new BackupRestoreOperation()
                .restore(
                        new BackupRestoreOperation.Input(
                                input.file(),
                                null,
                                scratch,
                                input.decryptionKey(),
                                false,
                                false,
                                false,
                                null,
                                null,
                                null,
                                false,
                                null,
                                input.destination()),
                        ctx);
        ArchivedSchema archived = restored.scanned().schema();
        DiffPlan diff;
        try (Connection conn = ConnectionResolver.open(ConnectionResolver.resolve(scratch, ctx), ctx)) {
            SchemaSnapshot there = BackupRestoreOperation.readCovered(conn, archived.catalog());
            diff = SchemaDiff.compare(
                    archived.catalog(),
                    archived.dependencies(),
                    there.catalog(),
                    there.dependencies(),
                    there.roles(),
                    DiffOptions.DEFAULT);
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Lost the connection to " + restored.result().target() + ": " + PgErrors.firstLine(e.getMessage()),
                    "The backup was restored there; run verify again on an empty database.",
                    e);
        }
        requireSameSchema(diff, restored.result().target());
        BackupRestoreOperation.Result r = restored.result();
        Instant marked;
        BackupLocation.Located at = located(input.file(), input.destination(), ctx);
        try (ArchiveStore store = at.store()) {
            marked = mark(at, restored.scanned(), ctx);
        }
        return result(
                r.file(),
                restored.scanned(),
                r.preDataStatements() + r.postDataStatements(),
                r.objects(),
                r.target(),
                (int) r.tables().stream()
                        .filter(t -> t.status().equals("verified"))
                        .count(),
                0,
                start,
                marked);
    }

    /**
     * The verified mark beside a valid archive, when files may be written (the CLI; an MCP server with
     * --allow-writes): what backup list shows and prune protects.
     */
    private static Instant mark(BackupLocation.Located at, ArchiveScan.Scanned s, OperationContext ctx) {
        if (!ctx.policy().allowWrites()) {
            return null;
        }
        Instant now = ctx.clock().instant();
        BackupDirectory.markVerified(at.store(), at.name(), s.finished().sha256(), now);
        return now;
    }

    /** A restore must rebuild exactly the archived schema. */
    static void requireSameSchema(DiffPlan diff, String target) {
        if (!diff.isEmpty()) {
            String script = diff.script("differences");
            throw new SupaException(
                    ErrorCode.BACKUP_SCHEMA_MISMATCH,
                    "The schema restored into " + target + " differs from the backup's: "
                            + diff.scripted().size() + " statement(s) apart",
                    "The rows are restored and verified, but the target server rebuilds some objects differently (another major "
                            + "version, a missing extension or role?); the details hold the difference as SQL. Report it if the servers match.",
                    Map.of("diff", script),
                    null);
        }
    }

    private static Result result(
            String file,
            ArchiveScan.Scanned s,
            int statements,
            Map<String, DiffPlan.Count> objects,
            String restoredTo,
            Integer tablesVerified,
            Integer schemaDifferences,
            long start,
            Instant markedAt) {
        ArchiveHeader h = s.header();
        return new Result(
                "valid",
                h.backupId(),
                file,
                h.createdAt(),
                h.source(),
                h.sourceServerVersion(),
                h.toolVersion(),
                h.compression(),
                h.encrypted(),
                h.encrypted() ? h.encryption().keyFingerprint() : null,
                s.finished().bytes(),
                s.finished().sha256(),
                s.finished().segments(),
                s.manifest().schemas(),
                s.manifest().tables(),
                s.manifest().rows(),
                s.manifest().sequences().size(),
                statements,
                objects,
                restoredTo,
                tablesVerified,
                schemaDifferences,
                Math.round((System.nanoTime() - start) / 1e6) / 1000.0,
                markedAt);
    }

    /** The archive {@code file} names: a local file or an s3:// object. */
    static BackupLocation.Located located(String file, String destination, OperationContext ctx) {
        if (file == null || file.isBlank()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No backup file given",
                    "Name the archive: supa-dokploy backup verify FILE.");
        }
        return BackupLocation.file(file, destination, ctx);
    }
}
