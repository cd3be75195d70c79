package dev.supadokploy.cli.validate;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.Severity;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config",
        description = {"Audit a Supabase .env: API keys (role, signature, algorithm, expiry, the Dokploy role-less key bug), "
                + "JWT_SECRET, public URLs, POSTGRES_PASSWORD, pooler, SMTP, Studio, analytics tokens, published example "
                + "secrets and file syntax. Evidence is redacted: no secret is ever printed.",
                "Exits 5 when an error-severity finding remains (warnings do not fail), so a CI step can gate on it.",
                "--fix rewrites the file in place (comments and order kept, original saved as FILE.bak, mode 0600) and "
                        + "checks again. It never changes JWT_SECRET or POSTGRES_PASSWORD, which the database keeps from its "
                        + "first boot, unless --rotate-jwt-secret / --rotate-postgres-password allow it."})
public final class ConfigCommand extends OperationCommand<ValidateConfigOperation.Input, ValidateConfigOperation.Result> {
    @Option(names = "--env-file", paramLabel = "FILE", description = "The Supabase .env to check.")
    String envFile;

    @Option(names = {"--public-url", "--domain"}, paramLabel = "URL",
            description = "Where the stack is served, e.g. https://supabase.example.com (a bare domain checks the host only).")
    String publicUrl;

    @Option(names = "--fix", description = "Write a corrected file in place (original kept as FILE.bak), then check again.")
    Boolean fix;

    @Option(names = "--rotate-jwt-secret",
            description = "With --fix: replace JWT_SECRET when a finding requires it and sign both keys with the new one "
                    + "(the database keeps the old secret: see the follow-ups).")
    Boolean rotateJwtSecret;

    @Option(names = "--rotate-postgres-password",
            description = "With --fix: replace POSTGRES_PASSWORD when a finding requires it (then ALTER USER inside the database: "
                    + "see the follow-ups).")
    Boolean rotatePostgresPassword;

    @Override
    protected Operation<ValidateConfigOperation.Input, ValidateConfigOperation.Result> operation() {
        return new ValidateConfigOperation();
    }

    @Override
    protected ValidateConfigOperation.Input input(CliSession session) {
        return new ValidateConfigOperation.Input(envFile, publicUrl, fix, rotateJwtSecret, rotatePostgresPassword);
    }

    /** Errors fail the command (VALIDATION family, exit 5); warnings and info do not. */
    @Override
    protected int exitCode(ValidateConfigOperation.Result result) {
        return result.passed() ? ErrorFamily.OK : ErrorFamily.VALIDATION.exitCode();
    }

    @Override
    protected void renderText(ValidateConfigOperation.Result r, TextOutput out, CliSession session) {
        out.heading(r.envFile() + (r.publicUrl() == null ? "" : " (served at " + r.publicUrl() + ")"));
        if (r.fix() != null) {
            renderFix(r.fix(), out);
        }
        if (r.findings().isEmpty()) {
            out.line(out.ok("No findings."));
        }
        for (Finding f : r.findings()) {
            out.blank();
            String severity = String.format("%-7s", f.severity());
            String colored = f.severity() == Severity.error ? out.bad(severity) : f.severity() == Severity.warning ? out.warn(severity) : severity;
            out.line(colored + " " + f.ruleId() + (f.variables().isEmpty() ? "" : "  " + String.join(", ", f.variables())));
            out.line("        " + f.message());
            out.line("        evidence: " + f.evidence());
            out.line("        fix: " + f.fix().action());
            if (f.fix().command() != null) {
                out.line("             " + f.fix().command());
            }
        }
        out.blank();
        ValidateConfigOperation.Counts c = r.counts();
        String counts = c.errors() + plural(c.errors(), " error") + ", " + c.warnings() + plural(c.warnings(), " warning") + ", "
                + c.info() + " info" + (r.fix() != null && r.fix().written() ? " remaining after --fix" : "");
        out.line(r.passed() ? out.ok("PASSED") + ": " + counts : out.bad("FAILED") + ": " + counts);
    }

    private static void renderFix(ValidateConfigOperation.FixReport fix, TextOutput out) {
        out.blank();
        if (!fix.written()) {
            out.line("--fix: nothing to change automatically; the file was left as it was.");
        } else {
            out.line("--fix changed " + fix.changes().size() + plural(fix.changes().size(), " value") + " and resolved "
                    + fix.resolved().size() + plural(fix.resolved().size(), " finding") + ":");
            out.fields(fix.changes().stream().map(ch -> TextOutput.field(ch.variable(), ch.action())).toList());
            out.fields(List.of(TextOutput.field("written", fix.file() + " (mode 0600)"),
                    TextOutput.field("original", fix.backup())));
        }
        printList("then", fix.followUps(), out);
        printList("not fixed", fix.skipped(), out);
    }

    private static void printList(String title, List<String> items, TextOutput out) {
        if (items.isEmpty()) {
            return;
        }
        out.line(title + ":");
        items.forEach(item -> out.line("  - " + item));
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}
