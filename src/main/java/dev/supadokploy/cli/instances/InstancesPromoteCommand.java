package dev.supadokploy.cli.instances;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.OutputFormat;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.migrate.MigrateDiffCommand;
import dev.supadokploy.cli.options.DatabaseOptions;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.KeyOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.instances.InstancesPromoteOperation;
import dev.supadokploy.ops.instances.InstancesPromoteOperation.Result;
import dev.supadokploy.ops.instances.InstancesPromoteOperation.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code instances promote}: the step list with ✓/✗ and times — on stdout for a result, on stderr before the error line
 * when a step failed — then the backup, the migration and, when something is left, the restore command.
 */
@Command(
        name = "promote",
        description =
                "Promote the source's schema (staging) to the target (production): pre-flight checks, a verified backup of "
                        + "the target, the schema sync with a lock timeout, and a final diff; each step with its time. Hazardous changes "
                        + "need --allow-hazards; --dry-run runs the pre-flight and shows the plan.")
public final class InstancesPromoteCommand extends OperationCommand<InstancesPromoteOperation.Input, Result> {

    @Mixin
    DatabaseOptions databases;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",",
            description =
                    "Schema to promote; repeatable or comma-separated (default: every user schema except Supabase-managed ones).")
    List<String> schemas;

    @Option(
            names = {"--create-backup", "--backup"},
            negatable = true,
            description = "Back up the target first, verified (the default); --no-backup skips it.")
    Boolean createBackup;

    @Option(names = "--backup-path", paramLabel = "PATH")
    String backupPath;

    @Option(
            names = "--encryption-key",
            paramLabel = "REF",
            description =
                    "Encrypt the backup with this key: env:NAME, file:PATH or - (stdin) (default: $SUPA_DOKPLOY_BACKUP_KEY when set).")
    String encryptionKey;

    @Option(names = "--encryption-key-file", paramLabel = "FILE", description = "Same as --encryption-key file:FILE.")
    Path encryptionKeyFile;

    @Option(names = "--allow-hazards")
    boolean allowHazards;

    @Option(names = "--dry-run")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION")
    String lockTimeout;

    @Option(names = "--with-config")
    boolean withConfig;

    @Mixin
    DokployOptions dokploy;

    @Option(
            names = "--source-compose-id",
            paramLabel = "COMPOSE_ID",
            description =
                    "--with-config: Dokploy composeId of the source's stack (default: the source instance's dokploy_compose_id).")
    String sourceComposeId;

    @Option(
            names = "--target-compose-id",
            paramLabel = "COMPOSE_ID",
            description =
                    "--with-config: Dokploy composeId of the target's stack (default: the target instance's dokploy_compose_id).")
    String targetComposeId;

    /** The first names of the two options above, hidden but kept so existing scripts work (see StackOptions). */
    @Option(names = "--source-application-id", paramLabel = "COMPOSE_ID", hidden = true)
    void sourceApplicationId(String id) {
        sourceComposeId = id;
    }

    @Option(names = "--target-application-id", paramLabel = "COMPOSE_ID", hidden = true)
    void targetApplicationId(String id) {
        targetComposeId = id;
    }

    @Override
    protected Operation<InstancesPromoteOperation.Input, Result> operation() {
        return new InstancesPromoteOperation();
    }

    @Override
    protected InstancesPromoteOperation.Input input(CliSession session) {
        return new InstancesPromoteOperation.Input(
                databases.toInput(),
                schemas,
                createBackup,
                backupPath,
                KeyOptions.toInput("--encryption-key", encryptionKey, encryptionKeyFile),
                allowHazards,
                dryRun,
                lockTimeout,
                withConfig,
                dokploy.toInput(),
                sourceComposeId,
                targetComposeId);
    }

    @Override
    protected Result execute(InstancesPromoteOperation.Input input, CliSession session) {
        try {
            return super.execute(input, session);
        } catch (SupaException e) {
            if (session.format() != OutputFormat.json && e.details().get("steps") instanceof List<?> steps) {
                TextOutput err = new TextOutput(session.environment().stderr(), session.colorEnabled());
                for (Object s : steps) {
                    if (s instanceof Step step) {
                        err.line(line(step, err));
                    }
                }
            }
            throw e;
        }
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading(
                switch (r.status()) {
                    case promoted -> out.ok("Promoted " + r.source() + " → " + r.target());
                    case dry_run ->
                        "Promotion plan " + r.source() + " → " + r.target() + " (dry run: nothing was changed)";
                    case drift -> out.bad("Promoted with drift left " + r.source() + " → " + r.target());
                });
        r.steps().forEach(s -> out.line(line(s, out)));
        if (r.backupId() != null) {
            out.line("backup     " + r.backupId() + "  " + r.backupFile());
        }
        r.images().forEach(i -> out.line("image      " + i));
        if (!r.settings().isEmpty()) {
            out.line("settings   " + String.join(", ", r.settings()));
        }
        if (!r.keptSettings().isEmpty()) {
            out.line("kept       " + String.join(", ", r.keptSettings())
                    + " (secrets and instance names stay the target's)");
        }
        if (r.migrationVersion() != null) {
            out.line("migration  " + r.migrationVersion() + " (" + r.statements()
                    + " statement(s) in supabase_migrations.schema_migrations)");
        }
        MigrateDiffCommand.changes(r.summary(), r.hazards(), out);
        if (!r.drift().isEmpty() && r.status() != InstancesPromoteOperation.Status.dry_run) {
            out.line(out.warn("drift left (" + r.drift().size() + "):"));
            r.drift().forEach(d -> out.line("  " + d));
            if (r.restoreCommand() != null) {
                out.line("To restore the backup taken before: " + r.restoreCommand());
            }
        }
        out.line(String.format(Locale.ROOT, "%.1f s", r.seconds()));
    }

    static String line(Step s, TextOutput out) {
        String mark = switch (s.status()) {
            case InstancesPromoteOperation.OK -> out.ok("✓");
            case InstancesPromoteOperation.FAILED -> out.bad("✗");
            default -> "-";
        };
        return String.format(
                Locale.ROOT, "%s %-9s %6.1f s  %s", mark, s.name(), s.seconds(), s.detail() == null ? "" : s.detail());
    }

    @Override
    protected int exitCode(Result r) {
        return r.status() == InstancesPromoteOperation.Status.drift ? ErrorFamily.MIGRATION.exitCode() : 0;
    }
}
