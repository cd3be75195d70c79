package dev.supadokploy.cli.instances;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.migrate.MigrateDiffCommand;
import dev.supadokploy.cli.options.DatabaseOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.instances.InstancesSyncSchemaOperation;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code instances sync-schema}: the plan and its hazards, then what was applied and the drift left. */
@Command(
        name = "sync-schema",
        description =
                "Make the target database's schema equal to the source's: the migrate diff plan applied in one transaction "
                        + "with a lock timeout, recorded in supabase_migrations.schema_migrations, then diffed again. Hazardous changes "
                        + "need --allow-hazards; --dry-run shows the plan.")
public final class InstancesSyncSchemaCommand
        extends OperationCommand<InstancesSyncSchemaOperation.Input, InstancesSyncSchemaOperation.Result> {

    @Mixin
    DatabaseOptions databases;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",",
            description =
                    "Schema to sync; repeatable or comma-separated (default: every user schema except Supabase-managed ones).")
    List<String> schemas;

    @Option(names = "--allow-hazards")
    boolean allowHazards;

    @Option(names = "--dry-run", description = "Show the plan (SQL on stdout, summary on stderr); change nothing.")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION")
    String lockTimeout;

    @Override
    protected Operation<InstancesSyncSchemaOperation.Input, InstancesSyncSchemaOperation.Result> operation() {
        return new InstancesSyncSchemaOperation();
    }

    @Override
    protected InstancesSyncSchemaOperation.Input input(CliSession session) {
        return new InstancesSyncSchemaOperation.Input(databases.toInput(), schemas, allowHazards, dryRun, lockTimeout);
    }

    /** Drift left after applying is a failed sync, for scripts as for promote: the migration family's exit code. */
    @Override
    protected int exitCode(InstancesSyncSchemaOperation.Result r) {
        return !r.dryRun() && !r.inSync() ? ErrorFamily.MIGRATION.exitCode() : ErrorFamily.OK;
    }

    @Override
    protected void renderText(InstancesSyncSchemaOperation.Result r, TextOutput out, CliSession session) {
        if (r.dryRun()) {
            out.line(r.script().stripTrailing());
            if (!session.quiet()) {
                plan(r, new TextOutput(session.environment().stderr(), session.colorEnabled()));
            }
            return;
        }
        plan(r, out);
    }

    static void plan(InstancesSyncSchemaOperation.Result r, TextOutput out) {
        String heading = "Schema sync · " + r.target() + " → like " + r.source() + " · "
                + MigrateDiffCommand.scope(r.schemas(), r.managedTables())
                + String.format(Locale.ROOT, " · %.1f s", r.seconds());
        out.heading(r.dryRun() ? heading + " (dry run: nothing was changed)" : heading);
        if (r.statements() == 0 && r.manualSteps().isEmpty()) {
            out.line(out.ok("No differences: nothing to do."));
            return;
        }
        MigrateDiffCommand.changes(r.summary(), r.hazards(), out);
        r.afterCommit().forEach(s -> out.line("after the COMMIT: " + s));
        if (r.applied()) {
            out.line(out.ok("✓ applied " + r.statements() + " statement(s) as migration " + r.migrationVersion() + " ("
                    + r.migrationName() + ")"));
        } else if (!r.dryRun()) {
            out.line("Nothing applied: no statement removes the differences left.");
        }
        if (!r.dryRun()) {
            if (r.inSync()) {
                out.line(out.ok("✓ no drift: the target's schema matches the source's"));
            } else {
                out.line(out.warn("✗ drift left (" + r.drift().size() + "):"));
                r.drift().forEach(d -> out.line("  " + d));
            }
        }
    }
}
