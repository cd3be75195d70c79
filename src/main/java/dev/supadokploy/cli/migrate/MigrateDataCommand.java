package dev.supadokploy.cli.migrate;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DatabaseOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.migrate.MigrateDataOperation;
import dev.supadokploy.ops.migrate.MigrateDataOperation.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A progress bar on a terminal (a line per table otherwise), then a table per copied table and the verdict. Exit 0
 * when every checksum matches (or verification was off), 8 when some differ, 13 when rows point at keys the target
 * lacks; failures exit with their error's code.
 */
@Command(
        name = "data",
        description =
                "Copy table rows from the source database to the target through COPY streams, in parallel, from one "
                        + "read-only snapshot; each table is checksummed on both servers, and foreign keys the load did not check are "
                        + "checked after it. Interrupted? Run it again with --resume. "
                        + "Exit 0 when checksums match, 8 when some differ, 13 when rows point at keys the target lacks.")
public final class MigrateDataCommand extends OperationCommand<MigrateDataOperation.Input, Result> {

    @Mixin
    DatabaseOptions databases;

    @Option(
            names = "--tables",
            paramLabel = "PATTERN",
            split = ",",
            description =
                    "Tables to copy: schema.table or globs (public.*, public.order_*); repeatable or comma-separated. Default: "
                            + "every table of every user schema; Supabase-managed schemas only when named (auth.users, auth.*).")
    List<String> tables;

    @Option(
            names = "--exclude",
            paramLabel = "PATTERN",
            split = ",",
            description = "Tables to leave out, same forms as --tables.")
    List<String> exclude;

    @Option(names = "--create-tables")
    boolean createTables;

    @Option(
            names = "--truncate",
            description = "Empty target tables that hold rows before loading (asks first; --yes in scripts).")
    boolean truncate;

    @Option(names = "--append")
    boolean append;

    @Option(names = "--resume")
    boolean resume;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N")
    Integer jobs;

    @Option(
            names = "--verify-integrity",
            negatable = true,
            paramLabel = "",
            description =
                    "Row counts and checksums computed on both servers for every table and key range (default on; "
                            + "--no-verify-integrity skips them).")
    Boolean verifyIntegrity;

    @Option(names = "--split-size", paramLabel = "SIZE")
    String splitSize;

    @Override
    protected Operation<MigrateDataOperation.Input, Result> operation() {
        return new MigrateDataOperation();
    }

    @Override
    protected MigrateDataOperation.Input input(CliSession session) {
        return new MigrateDataOperation.Input(
                databases.toInput(),
                tables,
                exclude,
                createTables,
                truncate,
                append,
                resume,
                jobs,
                verifyIntegrity,
                splitSize);
    }

    @Override
    protected Result execute(MigrateDataOperation.Input input, CliSession session) {
        return executeWithProgress(input, session, "Copying");
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading("Data migration · " + r.source() + " → " + r.target()
                + String.format(Locale.ROOT, " · %.1f s · %d job(s)", r.seconds(), r.jobs()));
        List<List<String>> rows = new ArrayList<>();
        for (MigrateDataOperation.TableResult t : r.tables()) {
            rows.add(List.of(
                    t.table(),
                    String.format(Locale.ROOT, "%,d", t.rows()),
                    t.format(),
                    String.valueOf(t.parts()),
                    switch (t.integrity()) {
                        case verified -> out.ok("ok " + t.targetChecksum());
                        case mismatch -> out.bad("MISMATCH");
                        default -> "-";
                    },
                    String.format(Locale.ROOT, "%.2f s", t.seconds())));
        }
        out.table(List.of("TABLE", "ROWS", "FORMAT", "PARTS", "CHECKSUM", "TIME"), rows);
        for (MigrateDataOperation.Mismatch m : r.mismatches()) {
            out.line(out.bad("! " + m.table() + (m.range() == null ? "" : " " + m.range()) + ": source "
                    + m.sourceRows() + " rows " + m.sourceChecksum() + ", target " + m.targetRows() + " rows "
                    + m.targetChecksum()));
        }
        for (MigrateDataOperation.DanglingReference d : r.danglingReferences()) {
            out.line(out.bad("! " + d.table() + " " + d.constraint() + ": "
                    + String.format(Locale.ROOT, "%,d", d.rows()) + " row(s) point at keys " + d.referencedTable()
                    + " lacks, e.g. " + String.join(", ", d.samples())));
            out.line("  " + d.remedy());
        }
        if (!r.createdTables().isEmpty()) {
            out.line("Created: " + String.join(", ", r.createdTables()));
        }
        if (!r.createdObjects().isEmpty()) {
            out.line("Created for them: " + String.join(", ", r.createdObjects()));
        }
        if (!r.truncatedTables().isEmpty()) {
            out.line("Emptied first: " + String.join(", ", r.truncatedTables()));
        }
        if (!r.sequences().isEmpty()) {
            out.line("Sequences set: " + r.sequences().size() + " ("
                    + r.sequences().stream()
                            .limit(5)
                            .map(s -> s.sequence() + " = " + s.value())
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("")
                    + (r.sequences().size() > 5 ? ", …" : "") + ")");
        }
        String verdict = switch (r.verdict()) {
            case verified -> out.ok("verified: every table's rows and checksums match");
            case mismatch ->
                out.bad("MISMATCH: " + r.mismatches().size() + " part(s) differ between source and target");
            case dangling_references ->
                out.bad("DANGLING REFERENCES: " + r.danglingReferences().size()
                        + " foreign key(s) point at rows the target lacks");
            default ->
                out.warn(
                        r.tables().stream().allMatch(t -> t.integrity() == MigrateDataOperation.Integrity.verified)
                                ? "not verified (a foreign key could not be checked)"
                                : "not verified (--no-verify-integrity)");
        };
        out.line(String.format(
                Locale.ROOT,
                "%,d rows in %d table(s)%s%s; %s.",
                r.rowsMigrated(),
                r.tablesProcessed(),
                r.partsResumed() > 0 ? ", " + r.partsResumed() + " part(s) resumed" : "",
                r.foreignKeysChecked() > 0 ? ", " + r.foreignKeysChecked() + " foreign key(s) checked" : "",
                verdict));
        r.warnings().forEach(session::warn);
    }

    @Override
    protected int exitCode(Result result) {
        return MigrateDataOperation.exitCode(result);
    }
}
