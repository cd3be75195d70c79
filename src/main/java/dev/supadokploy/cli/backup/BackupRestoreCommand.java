package dev.supadokploy.cli.backup;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.KeyOptions;
import dev.supadokploy.cli.options.StorageOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupRestoreOperation;
import dev.supadokploy.ops.backup.BackupRestoreOperation.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The tables restored (or that would be) and the objects created; --dry-run with --output text also prints the DDL. */
@Command(
        name = "restore",
        description =
                "Restore an archive into an empty database (or over existing objects with --clean) in one transaction: "
                        + "DDL, rows, counts and checksums checked against the manifest, then indexes, constraints, policies and grants. Any "
                        + "failure rolls back. --dry-run checks everything and shows what would be created.")
public final class BackupRestoreCommand extends OperationCommand<BackupRestoreOperation.Input, Result> {

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The archive, or with --directory a backup id (or a unique prefix "
                    + "of it, as backup list shows it).")
    String file;

    @Option(names = "--directory", paramLabel = "DIR|s3://BUCKET/PREFIX")
    String directory;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--decryption-key",
            paramLabel = "REF",
            description =
                    "Passphrase or key of an encrypted archive as env:NAME, file:PATH or - (stdin) (default: $SUPA_DOKPLOY_BACKUP_KEY).")
    String decryptionKey;

    @Option(names = "--decryption-key-file", paramLabel = "FILE", description = "Same as --decryption-key file:FILE.")
    Path decryptionKeyFile;

    @Option(names = "--dry-run")
    boolean dryRun;

    // three states: --objects requires them, --no-objects leaves them out, neither restores them when Storage is
    // reachable
    @Option(names = "--objects", negatable = true)
    Boolean objects;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--clean",
            description = "Restore over existing objects: drop the backup's objects the target holds (and what "
                    + "depends on them in its schemas) first, in the same transaction. Asks first; --yes in scripts.")
    boolean clean;

    @Option(names = "--with-config")
    boolean withConfig;

    @Option(
            names = "--compose-id",
            paramLabel = "COMPOSE_ID",
            description = "With --with-config: the Dokploy composeId to put the config onto (default: the "
                    + "dokploy_compose_id of --instance).")
    String composeId;

    /** The MCP argument's name (applicationId), hidden as in the other commands taking a compose id. */
    @Option(names = "--application-id", paramLabel = "COMPOSE_ID", hidden = true)
    void applicationId(String id) {
        composeId = id;
    }

    @Mixin
    DokployOptions dokploy;

    // three states: --vault requires the backup's secrets restored, --no-vault leaves them out, neither restores them
    // when both the backup and the target have a vault
    @Option(names = "--vault", negatable = true)
    Boolean vault;

    @Option(names = "--destination", paramLabel = "NAME|dokploy:ID")
    String destination;

    @Override
    protected Operation<BackupRestoreOperation.Input, Result> operation() {
        return new BackupRestoreOperation();
    }

    @Override
    protected BackupRestoreOperation.Input input(CliSession session) {
        return new BackupRestoreOperation.Input(
                file,
                directory,
                connection.toInput(session),
                KeyOptions.toInput("--decryption-key", decryptionKey, decryptionKeyFile),
                dryRun,
                clean,
                withConfig,
                composeId,
                dokploy.toInput(),
                vault,
                objects,
                storage.toInput(),
                destination);
    }

    @Override
    protected Result execute(BackupRestoreOperation.Input input, CliSession session) {
        return executeWithProgress(input, session, "Restoring");
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading((r.dryRun() ? "Dry run · backup " : "Restored backup ") + r.backupId() + " (made " + r.createdAt()
                + " from " + r.source() + ")" + (r.target() == null ? "" : " → " + r.target())
                + String.format(Locale.ROOT, " · %.1f s", r.seconds()));
        if (r.statements() != null) {
            r.statements().forEach(s -> out.line(s));
            out.blank();
        }
        List<List<String>> rows = new ArrayList<>();
        for (BackupRestoreOperation.TableResult t : r.tables()) {
            rows.add(List.of(
                    t.table(),
                    String.format(Locale.ROOT, "%,d", t.rows()),
                    t.checksum(),
                    t.status().equals("verified") ? out.ok("verified") : t.status()));
        }
        out.table(List.of("TABLE", "ROWS", "CHECKSUM", "STATUS"), rows);
        List<String> objects = new ArrayList<>();
        for (Map.Entry<String, dev.supadokploy.pg.diff.DiffPlan.Count> e :
                r.objects().entrySet()) {
            objects.add(e.getValue().created() + " " + e.getKey());
        }
        if (!r.dropped().isEmpty()) {
            out.line((r.dryRun() ? "Would drop first: " : "Dropped first: ") + String.join(", ", r.dropped()));
        }
        if (r.vault() != null) {
            // names and counts only: a secret's value is never printed
            out.line("vault: " + r.vault().status() + ", " + r.vault().secrets() + " secret(s)"
                    + (r.vault().replaced().isEmpty()
                            ? ""
                            : ", replacing " + String.join(", ", r.vault().replaced()))
                    + (r.vault().note() == null ? "" : " (" + r.vault().note() + ")"));
            for (BackupRestoreOperation.VaultSecret v : r.vault().ids()) {
                out.line("  " + (v.name() == null ? "(unnamed)" : v.name()) + ": " + v.backupId()
                        + (v.newId() == null ? "" : " -> " + v.newId()));
            }
        }
        out.fields(List.of(
                TextOutput.field("objects", String.join(", ", objects)),
                TextOutput.field(
                        "DDL", r.preDataStatements() + " before the rows, " + r.postDataStatements() + " after"),
                TextOutput.field("sequences", r.sequences())));
        if (r.config() != null) {
            renderConfig(r.config(), r.dryRun(), out);
        }
        BackupCreateCommand.renderParts(r.parts(), out);
        out.line(
                r.dryRun()
                        ? String.format(
                                Locale.ROOT,
                                "Would restore %,d rows in %d table(s); nothing was changed.",
                                r.rows(),
                                r.tables().size())
                        : out.ok(String.format(
                                Locale.ROOT,
                                "%,d rows in %d table(s) restored; counts and checksums equal the backup's.",
                                r.rows(),
                                r.tables().size())));
    }

    /** Env keys by name only: the values are the stack's secrets. */
    private static void renderConfig(BackupRestoreOperation.ConfigResult c, boolean dryRun, TextOutput out) {
        out.line((dryRun ? "Stack config that would go onto " : "Stack config put onto ") + c.name() + " ("
                + c.applicationId() + "), from " + c.sourceApplicationId() + ":");
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field(
                "env",
                c.envAdded().size() + " added, " + c.envChanged().size() + " changed, "
                        + c.envRemoved().size()
                        + " removed" + names(" changed: ", c.envChanged()) + names(" added: ", c.envAdded())
                        + names(" removed: ", c.envRemoved())));
        fields.add(TextOutput.field("compose file", c.composeFileChanged() ? "replaced" : "unchanged"));
        fields.add(TextOutput.field(
                "domains",
                "created " + list(c.domainsCreated()) + ", updated " + list(c.domainsUpdated()) + ", kept "
                        + list(c.domainsKept())));
        fields.add(TextOutput.field(
                "mounts",
                "created " + list(c.mountsCreated()) + ", updated " + list(c.mountsUpdated()) + ", kept "
                        + list(c.mountsKept())));
        if (c.deploymentId() != null) {
            fields.add(TextOutput.field("redeploy", c.deploymentId() + ", " + c.health()));
        }
        out.fields(fields);
        c.domainsSkipped().forEach(d -> out.line(out.warn("domain skipped: " + d)));
        c.notes().forEach(out::line);
    }

    private static String names(String label, List<String> names) {
        return names.isEmpty() ? "" : ";" + label + String.join(", ", names);
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }
}
