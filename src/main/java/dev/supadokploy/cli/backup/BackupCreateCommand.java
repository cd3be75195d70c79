package dev.supadokploy.cli.backup;

import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.cli.options.KeyOptions;
import dev.supadokploy.cli.options.StorageOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupCreateOperation;
import dev.supadokploy.ops.backup.BackupCreateOperation.Result;
import dev.supadokploy.util.ByteSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A progress bar on a terminal (a line per table otherwise), then the archive's id, file, size, SHA-256 and tables. */
@Command(
        name = "create",
        description =
                "Write one archive of a database: schema from the catalog (no pg_dump), rows as COPY streams, row counts and "
                        + "checksums from one snapshot; zstd by default, AES-256-GCM with --encrypt.")
public final class BackupCreateCommand extends OperationCommand<BackupCreateOperation.Input, Result> {

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-o", "--output-path"},
            paramLabel = "PATH")
    String outputPath;

    @Option(
            names = "--compress",
            paramLabel = "ALGO",
            arity = "0..1",
            fallbackValue = "zstd",
            description = "zstd (the default, also without --compress), gzip or none.")
    String compress;

    @Option(
            names = "--encrypt",
            description = "Encrypt with AES-256-GCM (key: --encryption-key, else $SUPA_DOKPLOY_BACKUP_KEY).")
    boolean encrypt;

    @Option(
            names = "--encryption-key",
            paramLabel = "REF",
            description =
                    "Passphrase (12+ characters) or 32-byte key as env:NAME, file:PATH or - (stdin); never the value itself.")
    String encryptionKey;

    @Option(names = "--encryption-key-file", paramLabel = "FILE", description = "Same as --encryption-key file:FILE.")
    Path encryptionKeyFile;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",")
    List<String> schemas;

    @Option(names = "--tables", paramLabel = "PATTERN", split = ",")
    List<String> tables;

    @Option(names = "--include-auth")
    boolean includeAuth;

    // three states each: --objects requires the part, --no-objects leaves it out, neither backs it up when reachable
    @Option(names = "--objects", negatable = true)
    Boolean objects;

    @Option(names = "--vault", negatable = true)
    Boolean vault;

    @Option(names = "--stack-config", negatable = true)
    Boolean stackConfig;

    @Option(names = "--destination", paramLabel = "NAME|dokploy:ID")
    String destination;

    @Mixin
    StorageOptions storage;

    @Override
    protected Operation<BackupCreateOperation.Input, Result> operation() {
        return new BackupCreateOperation();
    }

    @Override
    protected BackupCreateOperation.Input input(CliSession session) {
        return new BackupCreateOperation.Input(
                connection.toInput(session),
                outputPath,
                compress,
                encrypt,
                KeyOptions.toInput("--encryption-key", encryptionKey, encryptionKeyFile),
                schemas,
                tables,
                includeAuth,
                objects,
                vault,
                stackConfig,
                storage.toInput(),
                destination);
    }

    @Override
    protected Result execute(BackupCreateOperation.Input input, CliSession session) {
        return executeWithProgress(input, session, "Backing up");
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        if (session.quiet()) {
            // cron mails whatever a job prints: --quiet is silent on success (the archive is the result; --output
            // json still prints it), and a failure is the one error line on stderr with the backup family's exit code
            return;
        }
        out.heading("Backup " + r.backupId() + " · " + r.source() + " · PostgreSQL " + r.serverVersion()
                + String.format(Locale.ROOT, " · %.1f s", r.seconds()));
        List<List<String>> rows = new ArrayList<>();
        for (BackupManifest.Table t : r.tables()) {
            rows.add(List.of(
                    t.table(), String.format(Locale.ROOT, "%,d", t.rows()), ByteSize.pretty(t.bytes()), t.checksum()));
        }
        out.table(List.of("TABLE", "ROWS", "DATA", "CHECKSUM"), rows);
        out.fields(List.of(
                TextOutput.field("file", r.file()),
                TextOutput.field("size", ByteSize.pretty(r.bytes())),
                TextOutput.field("sha256", r.sha256()),
                TextOutput.field("compression", r.compression()),
                TextOutput.field("encryption", r.encrypted() ? "AES-256-GCM, key " + r.keyFingerprint() : "none"),
                TextOutput.field("schemas", String.join(", ", r.schemas()))));
        renderParts(r.parts(), out);
        out.line(out.ok(String.format(Locale.ROOT, "%,d rows in %d table(s) backed up.", r.rows(), r.tableCount())));
    }

    /** One line per instance part (objects, vault, config): what it holds, or why it was skipped. */
    static void renderParts(List<BackupCreateOperation.Part> parts, TextOutput out) {
        for (var part : parts) {
            out.line(part.part() + ": "
                    + (part.status() == BackupCreateOperation.PartStatus.included
                            ? String.format(Locale.ROOT, "%,d item(s), %s", part.items(), ByteSize.pretty(part.bytes()))
                            : "skipped")
                    + (part.note() == null ? "" : " (" + part.note() + ")"));
        }
    }
}
