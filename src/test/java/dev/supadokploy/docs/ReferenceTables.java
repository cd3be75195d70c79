package dev.supadokploy.docs;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.supabase.rules.RuleInfo;
import dev.supadokploy.supabase.rules.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference tables in docs/ and the root {@code --help} footer, rendered from the code that holds their facts, so
 * they cannot drift from it: exit codes from {@link ErrorFamily}/{@link ErrorCode}, MCP tools from
 * {@link OperationCatalog}, validate rules from {@link Rules#catalog()}. {@link GeneratedDocsTest} compares them with
 * the committed files and rewrites them under {@code -Dsupadokploy.updateDocs=true}.
 */
final class ReferenceTables {
    /** An exit code that is not a family's: success, usage, verdicts and signals (ErrorFamily's int constants). */
    record OtherExit(int code, String label, String meaning) {}

    /** Every int constant of ErrorFamily must be here: GeneratedDocsTest checks it by reflection. */
    static final List<OtherExit> OTHER_EXITS = List.of(
            new OtherExit(ErrorFamily.OK, "ok", "success"),
            new OtherExit(ErrorFamily.USAGE, "usage", "usage error: unknown option, missing argument, bad value"),
            new OtherExit(
                    ErrorFamily.STACK_DEGRADED,
                    "stack degraded (monitor health)",
                    "`monitor health`: the stack is degraded (a service missing, restarting, unhealthy or starting, or "
                            + "the last deploy failed)"),
            new OtherExit(
                    ErrorFamily.STACK_DOWN,
                    "stack down",
                    "`monitor health`: the stack is down (no containers, or `db` or `kong` not running)"),
            new OtherExit(
                    ErrorFamily.DANGLING_REFERENCES,
                    "dangling references (migrate data)",
                    "`migrate data`: rows copied whole, but their foreign keys point at rows the target lacks "
                            + "(`dangling_references`)"),
            new OtherExit(
                    ErrorFamily.INTERRUPTED,
                    "interrupted",
                    "interrupted (Ctrl-C); a query running on the server is cancelled too"),
            new OtherExit(
                    ErrorFamily.BROKEN_PIPE,
                    "stdout closed",
                    "stdout was closed by its reader (`… \\| head`); the work stopped quietly"));

    private ReferenceTables() {}

    /** docs/output-and-exit-codes.md: one row per exit code, a family's row listing its error codes. */
    static String exitCodes() {
        record Row(int code, String meaning) {}
        List<Row> rows = new ArrayList<>();
        OTHER_EXITS.forEach(o -> rows.add(new Row(o.code(), o.meaning())));
        for (ErrorFamily family : ErrorFamily.values()) {
            String codes = Arrays.stream(ErrorCode.values())
                    .filter(c -> c.family() == family)
                    .map(c -> "`" + c.name() + "`")
                    .collect(Collectors.joining(", "));
            rows.add(new Row(
                    family.exitCode(),
                    "`" + family.name() + "_*`: " + family.meaning() + (codes.isEmpty() ? "" : " — " + codes)));
        }
        rows.sort(Comparator.comparingInt(Row::code));
        StringBuilder out = new StringBuilder("| code | meaning |\n|---|---|\n");
        rows.forEach(r -> out.append("| ")
                .append(r.code())
                .append(" | ")
                .append(r.meaning())
                .append(" |\n"));
        return out.toString();
    }

    /** docs/mcp.md: each tool, the command it is, and its MCP hints. */
    static String mcpTools() {
        StringBuilder out = new StringBuilder(
                "| MCP tool | command | read-only | destructive | idempotent | untrusted output |\n|---|---|---|---|---|---|\n");
        for (var op : OperationCatalog.all()) {
            OperationInfo info = op.info();
            out.append("| `")
                    .append(info.toolName())
                    .append("` | `")
                    .append(info.commandLine())
                    .append("` | ")
                    .append(yes(info.readOnly()))
                    .append(" | ")
                    .append(yes(info.destructive()))
                    .append(" | ")
                    .append(yes(info.idempotent()))
                    .append(" | ")
                    .append(yes(info.untrustedOutput()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** docs/commands/validate.md: one row per rule id (RuleCatalogTest reads the rows too). */
    static String validateRules() {
        StringBuilder out = new StringBuilder("| rule id | severity | what it checks | fix |\n|---|---|---|---|\n");
        for (RuleInfo info : Rules.catalog()) {
            out.append("| `")
                    .append(info.id())
                    .append("` | ")
                    .append(info.severity())
                    .append(" | ")
                    .append(cell(info.summary()))
                    .append(" | ")
                    .append(cell(info.fixSummary()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Every exit code with its one-word label, in order: "0 ok, 1 failed, …" (the footer and the man pages). */
    static List<String> exitLabels() {
        record Item(int code, String text) {}
        List<Item> all = new ArrayList<>();
        OTHER_EXITS.forEach(o -> all.add(new Item(o.code(), o.code() + " " + o.label())));
        for (ErrorFamily family : ErrorFamily.values()) {
            all.add(new Item(family.exitCode(), family.exitCode() + " " + family.label()));
        }
        all.sort(Comparator.comparingInt(Item::code));
        return all.stream().map(Item::text).toList();
    }

    /** RootCommand's footer lines: the exit labels wrapped for an 80-column terminal, then where the rest is. */
    static List<String> footer() {
        List<String> items = exitLabels();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < items.size(); i++) {
            String item = " " + items.get(i) + (i == items.size() - 1 ? "." : ",");
            if (line.length() + item.length() > 72) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            }
            line.append(item);
        }
        lines.add(line.toString());
        lines.add(SEE_EXIT_CODES);
        return lines;
    }

    static final String SEE_EXIT_CODES = "  Every error code: docs/output-and-exit-codes.md.";

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    /** Markdown table cell: pipes escaped, so a summary cannot split its row. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
