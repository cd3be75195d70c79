package dev.supadokploy.cli.backup;

import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.KeyOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupVerifyOperation;
import dev.supadokploy.ops.backup.BackupVerifyOperation.Result;
import dev.supadokploy.util.ByteSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Exit 0 when the archive is intact; 9 (BACKUP_*) with the reason when not. */
@Command(
        name = "verify",
        description =
                "Check an archive end to end without a database: every segment authenticated, rows counted against the "
                        + "manifest, the DDL built, the SHA-256 trailer; --restore-to also restores it into a scratch database and compares. "
                        + "Exit 0 when intact, 9 when not.")
public final class BackupVerifyCommand extends OperationCommand<BackupVerifyOperation.Input, Result> {

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The archive: a file, or s3://bucket/prefix/NAME.sdbak.")
    String file;

    @Option(
            names = "--decryption-key",
            paramLabel = "REF",
            description =
                    "Passphrase or key of an encrypted archive as env:NAME, file:PATH or - (stdin) (default: $SUPA_DOKPLOY_BACKUP_KEY).")
    String decryptionKey;

    @Option(names = "--decryption-key-file", paramLabel = "FILE", description = "Same as --decryption-key file:FILE.")
    Path decryptionKeyFile;

    @Option(
            names = "--restore-to",
            paramLabel = "URL|INSTANCE",
            description =
                    "Also restore into this scratch database (it must hold nothing in the backup's schemas; password from "
                            + "PGPASSWORD or the instance) and compare counts, checksums and the schema.")
    String restoreTo;

    @Option(names = "--destination", paramLabel = "NAME|dokploy:ID")
    String destination;

    @Override
    protected Operation<BackupVerifyOperation.Input, Result> operation() {
        return new BackupVerifyOperation();
    }

    @Override
    protected BackupVerifyOperation.Input input(CliSession session) {
        return new BackupVerifyOperation.Input(
                file, KeyOptions.toInput("--decryption-key", decryptionKey, decryptionKeyFile), restoreTo, destination);
    }

    @Override
    protected Result execute(BackupVerifyOperation.Input input, CliSession session) {
        if (input.restoreTo() == null) {
            return super.execute(input, session);
        }
        return executeWithProgress(input, session, "Restoring");
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading("Backup " + r.backupId() + " · made " + r.createdAt() + " from " + r.source() + " (PostgreSQL "
                + r.serverVersion() + ")");
        List<List<String>> rows = new ArrayList<>();
        for (BackupManifest.Table t : r.tables()) {
            rows.add(List.of(t.table(), String.format(Locale.ROOT, "%,d", t.rows()), t.checksum()));
        }
        out.table(List.of("TABLE", "ROWS", "CHECKSUM"), rows);
        out.fields(List.of(
                TextOutput.field("file", r.file() + " (" + ByteSize.pretty(r.bytes()) + ")"),
                TextOutput.field("sha256", r.sha256()),
                TextOutput.field("compression", r.compression()),
                TextOutput.field("encryption", r.encrypted() ? "AES-256-GCM, key " + r.keyFingerprint() : "none"),
                TextOutput.field("segments", r.segments()),
                TextOutput.field("DDL statements", r.statements()),
                TextOutput.field(
                        "verified mark",
                        r.markedAt() == null ? "not written (no file writes allowed)" : "written " + r.markedAt())));
        out.line(out.ok(String.format(
                Locale.ROOT,
                "valid: %,d rows in %d table(s), every segment and the trailer intact.",
                r.rows(),
                r.tables().size())));
        if (r.restoredTo() != null) {
            out.line(out.ok(String.format(
                    Locale.ROOT,
                    "restored into %s: %d table(s) with counts and checksums equal to the backup's, "
                            + "and the schema equal to the archived one.",
                    r.restoredTo(),
                    r.tablesVerified())));
        }
    }
}
