package dev.supadokploy.cli.validate;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.StackOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.Severity;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "config",
        description = {
            "Audit a Supabase configuration: the compose on Dokploy (--compose-id or --instance) or a local "
                    + ".env (--env-file). API keys (role, signature, algorithm, expiry, the Dokploy role-less key bug), JWT_SECRET, "
                    + "public URLs, POSTGRES_PASSWORD, pooler, SMTP, Studio, analytics tokens, published example secrets and file "
                    + "syntax; on Dokploy also the URLs against the kong domain, https and its certificate, containers restarting, "
                    + "exited or unhealthy, a failed last deploy, and keys saved but not deployed (found by probing the public "
                    + "endpoint with the saved keys; --no-probe skips it). Evidence is redacted: no secret is ever printed.",
            "Exits 5 when an error-severity finding remains (warnings do not fail), so a CI step can gate on it.",
            "--offer-fix prints the fixes as an env patch and changes nothing (secret values redacted unless --reveal).",
            "--fix with --env-file rewrites the file in place (comments and order kept, original saved as FILE.bak, mode "
                    + "0600). --fix on Dokploy shows the change, asks (--yes in scripts), saves the env (comments and order "
                    + "kept), redeploys, waits for healthy containers and checks again; domain settings (HTTPS, certificate) "
                    + "are listed as follow-ups, never changed. Neither changes JWT_SECRET or POSTGRES_PASSWORD, which the "
                    + "database keeps from its first boot, unless --rotate-jwt-secret / --rotate-postgres-password allow it."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy validate config --compose-id mJ3k9xQ2Lw8vTn5sRp1aZ",
            "  supa-dokploy validate config --instance production --offer-fix",
            "  supa-dokploy validate config --instance production --fix --yes",
            "  supa-dokploy validate config --env-file .env --public-url https://supabase.example.com --fix"
        })
public final class ValidateConfigCommand
        extends OperationCommand<ValidateConfigOperation.Input, ValidateConfigOperation.Result> {
    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "A local Supabase .env to check (instead of a Dokploy compose).")
    String envFile;

    @Mixin
    StackOptions stack;

    @Mixin
    DokployOptions dokploy;

    @Option(
            names = {"--public-url", "--domain"},
            paramLabel = "URL",
            description =
                    "With --env-file: where the stack is served, e.g. https://supabase.example.com (a bare domain checks "
                            + "the host only). A Dokploy compose is judged against its kong domain.")
    String publicUrl;

    @Option(
            names = "--fix",
            description =
                    "Apply the fixes, then check again: --env-file rewrites the file (original kept as "
                            + "FILE.bak); a Dokploy compose gets its env saved and is redeployed (asks first; --yes in scripts).")
    Boolean fix;

    @Option(names = "--offer-fix")
    Boolean offerFix;

    @Option(names = "--reveal", description = "With --offer-fix: show the new values of secrets in the patch.")
    Boolean reveal;

    @Option(
            names = "--rotate-jwt-secret",
            description =
                    "With --fix / --offer-fix: replace JWT_SECRET when a finding requires it and sign both keys with the new one "
                            + "(the database keeps the old secret: see the follow-ups).")
    Boolean rotateJwtSecret;

    @Option(
            names = "--rotate-postgres-password",
            description =
                    "With --fix / --offer-fix: replace POSTGRES_PASSWORD when a finding requires it (then ALTER USER inside the database: "
                            + "see the follow-ups).")
    Boolean rotatePostgresPassword;

    @Option(
            names = "--probe",
            negatable = true,
            description = "Dokploy compose: probe the public endpoint with the saved "
                    + "keys to find keys saved but not deployed (default: on; --no-probe skips it).")
    Boolean probe;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description =
                    "With --fix on a Dokploy compose: how long to wait for the redeploy and healthy containers (default 10m).")
    String timeout;

    @Override
    protected Operation<ValidateConfigOperation.Input, ValidateConfigOperation.Result> operation() {
        return new ValidateConfigOperation();
    }

    @Override
    protected ValidateConfigOperation.Input input(CliSession session) {
        return new ValidateConfigOperation.Input(
                envFile,
                dokploy.toInput(),
                stack.composeId(),
                stack.instance(),
                publicUrl,
                fix,
                offerFix,
                reveal,
                rotateJwtSecret,
                rotatePostgresPassword,
                probe,
                timeout);
    }

    /** Errors fail the command (VALIDATION family, exit 5); warnings and info do not. */
    @Override
    protected int exitCode(ValidateConfigOperation.Result result) {
        return result.passed() ? ErrorFamily.OK : ErrorFamily.VALIDATION.exitCode();
    }

    @Override
    protected void renderText(ValidateConfigOperation.Result r, TextOutput out, CliSession session) {
        String served = r.publicUrl() == null ? "" : " (served at " + r.publicUrl() + ")";
        out.heading(
                r.envFile() != null
                        ? r.envFile() + served
                        : "compose " + r.name() + " (" + r.applicationId() + ")" + served);
        if (r.probe() != null) {
            out.line(
                    r.probe().ran()
                            ? "probe of " + r.probe().url() + ": "
                                    + (Boolean.TRUE.equals(r.probe().passed())
                                            ? out.ok("every check passed")
                                            : r.probe().checks().stream()
                                                            .filter(c -> !c.passed())
                                                            .count() + " of "
                                                    + r.probe().checks().size() + " checks failed")
                            : "not probed: " + r.probe().skipped());
        }
        if (r.fix() != null) {
            renderFix(r.fix(), out);
        }
        if (r.offeredFix() != null) {
            renderOffer(r.offeredFix(), out);
        }
        if (r.findings().isEmpty()) {
            out.line(out.ok("No findings."));
        }
        for (Finding f : r.findings()) {
            out.blank();
            String severity = String.format("%-7s", f.severity());
            String colored = f.severity() == Severity.error
                    ? out.bad(severity)
                    : f.severity() == Severity.warning ? out.warn(severity) : severity;
            out.line(colored + " " + f.ruleId()
                    + (f.variables().isEmpty() ? "" : "  " + String.join(", ", f.variables())));
            out.line("        " + f.message());
            out.line("        evidence: " + f.evidence());
            out.line("        fix: " + f.fix().action());
            if (f.fix().command() != null) {
                out.line("             " + f.fix().command());
            }
        }
        out.blank();
        ValidateConfigOperation.Counts c = r.counts();
        String counts = c.errors() + plural(c.errors(), " error") + ", " + c.warnings()
                + plural(c.warnings(), " warning") + ", " + c.info() + " info"
                + (r.fix() != null && (r.fix().written() || r.fix().redeployed()) ? " remaining after --fix" : "");
        out.line(r.passed() ? out.ok("PASSED") + ": " + counts : out.bad("FAILED") + ": " + counts);
    }

    private static void renderFix(ValidateConfigOperation.FixReport fix, TextOutput out) {
        out.blank();
        if (!fix.written() && !fix.redeployed()) {
            out.line("--fix: nothing to change automatically; nothing was changed.");
        } else {
            out.line("--fix changed " + fix.changes().size()
                    + plural(fix.changes().size(), " value") + " and resolved "
                    + fix.resolved().size() + plural(fix.resolved().size(), " finding") + ":");
            out.fields(fix.changes().stream()
                    .map(ch -> TextOutput.field(ch.variable(), ch.action()))
                    .toList());
            if (fix.file() != null) {
                out.fields(List.of(
                        TextOutput.field("written", fix.file() + " (mode 0600)"),
                        TextOutput.field("original", fix.backup())));
            }
            if (fix.redeployed()) {
                out.fields(List.<String[]>of(TextOutput.field(
                        "redeployed",
                        (fix.written() ? "env saved, " : "") + "deployment " + fix.deploymentId()
                                + ", every container healthy")));
            }
        }
        printList("then", fix.followUps(), out);
        printList("not fixed", fix.skipped(), out);
    }

    private static void renderOffer(ValidateConfigOperation.OfferedFix offer, TextOutput out) {
        out.blank();
        if (offer.patch().isEmpty()) {
            out.line("--offer-fix: nothing to change automatically.");
        } else {
            out.line("--offer-fix: the env patch (nothing was changed):");
            for (ValidateConfigOperation.PatchEntry e : offer.patch()) {
                out.line("  " + e.action().toUpperCase() + " " + e.variable() + "=" + e.value());
                out.line("      " + e.reason());
            }
        }
        printList("then", offer.followUps(), out);
        printList("not fixed", offer.skipped(), out);
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
