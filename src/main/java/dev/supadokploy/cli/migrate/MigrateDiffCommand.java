package dev.supadokploy.cli.migrate;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DatabaseOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Text output puts the script alone on stdout, so {@code migrate diff … > migration.sql} gives a file psql runs, and the
 * summary and hazards on stderr. The exit code is 0 whether or not the databases differ (like pg-schema-diff; scripts
 * read {@code empty} from {@code --output json}).
 */
@Command(
        name = "diff",
        description =
                "Print the SQL that makes the target database's schema equal to the source's (script on stdout, summary "
                        + "and hazards on stderr). Reads both catalogs read-only. Exit code 0 whether or not they differ.")
public final class MigrateDiffCommand
        extends OperationCommand<MigrateDiffOperation.Input, MigrateDiffOperation.Result> {

    @Mixin
    DatabaseOptions databases;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",",
            description =
                    "Schema to compare; repeatable or comma-separated (default: every user schema except Supabase-managed "
                            + "ones, which are compared only when named).")
    List<String> schemas;

    @Option(names = "--safe-only", description = "Leave hazardous statements out of the script (listed on stderr).")
    boolean safeOnly;

    @Option(names = "--online")
    boolean online;

    @Override
    protected Operation<MigrateDiffOperation.Input, MigrateDiffOperation.Result> operation() {
        return new MigrateDiffOperation();
    }

    @Override
    protected MigrateDiffOperation.Input input(CliSession session) {
        return new MigrateDiffOperation.Input(databases.toInput(), schemas, safeOnly, online);
    }

    @Override
    protected void renderText(MigrateDiffOperation.Result r, TextOutput out, CliSession session) {
        out.line(r.script().stripTrailing());
        if (!session.quiet()) {
            summary(r, new TextOutput(session.environment().stderr(), session.colorEnabled()));
        }
    }

    /** "schemas public, app" and, when there are any, the managed tables whose application parts were compared. */
    public static String scope(List<String> schemas, List<String> managedTables) {
        return "schemas " + (schemas.isEmpty() ? "(none)" : String.join(", ", schemas))
                + (managedTables.isEmpty()
                        ? ""
                        : " · the application's triggers, policies and grants on " + String.join(", ", managedTables));
    }

    static void summary(MigrateDiffOperation.Result r, TextOutput err) {
        err.heading(
                "Schema diff · " + r.target() + " → like " + r.source() + " · " + scope(r.schemas(), r.managedTables())
                        + String.format(Locale.ROOT, " · %.0f ms", r.timing().totalMs()));
        if (r.empty()) {
            err.line(err.ok("No differences."));
            return;
        }
        changes(r.summary(), r.hazards(), err);
        err.line(r.statements() + " statement(s)"
                + (r.outsideTransaction() > 0 ? ", " + r.outsideTransaction() + " after the COMMIT" : "")
                + (r.omitted().isEmpty() ? "" : "; " + r.omitted().size() + " hazardous left out (--safe-only)")
                + (r.cycle() ? "; dependency cycle: review the order" : "") + ".");
    }

    /**
     * A plan's statements per object type as a table, then its hazards a line each: how migrate diff, instances
     * sync-schema and promote show a schema change.
     */
    public static void changes(
            Map<String, MigrateDiffOperation.Counts> summary,
            List<MigrateDiffOperation.HazardNote> hazards,
            TextOutput out) {
        List<List<String>> rows = new ArrayList<>();
        summary.forEach(
                (type, c) -> rows.add(List.of(type, count(c.created()), count(c.altered()), count(c.dropped()))));
        if (!rows.isEmpty()) {
            out.table(List.of("OBJECT", "CREATE", "ALTER", "DROP"), rows);
        }
        for (MigrateDiffOperation.HazardNote h : hazards) {
            out.line(out.warn("! " + h.kind() + (h.omitted() ? " (left out)" : "")) + " " + h.objectType() + " "
                    + h.objectName() + ": " + h.reason());
        }
    }

    private static String count(int n) {
        return n == 0 ? "-" : String.valueOf(n);
    }
}
