package dev.supadokploy.cli.keys;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.StackOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.keys.KeysRegenerateOperation;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.NewKey;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.ProbeCheck;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.Result;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.Step;
import dev.supadokploy.supabase.rules.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "regenerate",
        description = {
            "Repair the ANON_KEY / SERVICE_ROLE_KEY of a Supabase stack on Dokploy: report what is wrong, sign new "
                    + "keys with the stack's JWT_SECRET, save the env (only the key lines change), redeploy, wait for healthy "
                    + "containers and check the public URL with the new keys.",
            "Every client holding the old keys stops working: asks first on a terminal, needs --yes in scripts. "
                    + "--dry-run shows the plan and changes nothing. The previous env is saved to a 0600 file under "
                    + "$XDG_STATE_HOME/supa-dokploy/env-backups/."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy keys regenerate --compose-id mJ3k9xQ2Lw8vTn5sRp1aZ --dry-run",
            "  supa-dokploy keys regenerate --instance production --yes",
            "  supa-dokploy keys regenerate --instance staging --rotate-jwt-secret --yes --output json"
        })
public final class KeysRegenerateCommand extends OperationCommand<KeysRegenerateOperation.Input, Result> {
    @Mixin
    DokployOptions dokploy;

    @Mixin
    StackOptions stack;

    @Option(
            names = "--rotate-jwt-secret",
            description = "Also replace JWT_SECRET (kept by default: the database holds it); "
                    + "the result lists what must change in the database.")
    Boolean rotateJwtSecret;

    @Option(names = "--expires-in", paramLabel = "DURATION")
    String expiresIn;

    @Option(names = "--dry-run")
    Boolean dryRun;

    @Option(names = "--wait-timeout", paramLabel = "DURATION")
    String waitTimeout;

    @Option(names = "--reveal")
    Boolean reveal;

    @Override
    protected Operation<KeysRegenerateOperation.Input, Result> operation() {
        return new KeysRegenerateOperation();
    }

    @Override
    protected KeysRegenerateOperation.Input input(CliSession session) {
        return new KeysRegenerateOperation.Input(
                dokploy.toInput(),
                stack.composeId(),
                stack.instance(),
                rotateJwtSecret,
                expiresIn,
                dryRun,
                waitTimeout,
                reveal);
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading((r.dryRun() ? "Plan (dry run, nothing changed): " : "Keys regenerated: ") + r.name() + " ("
                + r.applicationId() + ")");
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field("JWT_SECRET", r.jwtSecretKept() ? "kept" : "replaced"));
        fields.add(TextOutput.field(r.dryRun() ? "would change" : "changed", String.join(", ", r.envChanged())));
        fields.add(TextOutput.field("asymmetric keys", r.asymmetricKeys()));
        if (r.backup() != null) {
            fields.add(TextOutput.field("old env", r.backup() + " (mode 0600)"));
        }
        if (r.deploymentId() != null) {
            fields.add(TextOutput.field("deployment", r.deploymentId() + ", stack " + r.health()));
        }
        if (r.publicUrl() != null) {
            fields.add(TextOutput.field("checked at", r.publicUrl()));
        }
        out.fields(fields);

        out.blank();
        out.heading("Before");
        if (r.before().isEmpty()) {
            out.line("  No problem found with the keys: regenerated on request.");
        }
        for (Finding f : r.before()) {
            out.line("  " + f.severity() + " " + f.ruleId() + ": " + f.message());
        }

        out.blank();
        out.heading("New keys");
        List<List<String>> rows = new ArrayList<>();
        for (NewKey k : r.after()) {
            rows.add(List.of(
                    k.variable(),
                    dash(k.role()),
                    dash(k.issuer()),
                    k.expiresAt() == null ? "-" : k.expiresAt().toString(),
                    k.fingerprint()));
        }
        out.table(List.of("VARIABLE", "ROLE", "ISS", "EXPIRES", "FINGERPRINT"), rows);
        if (!r.probe().isEmpty()) {
            out.blank();
            out.heading("Checks with the new keys");
            for (ProbeCheck c : r.probe()) {
                out.line("  " + (c.passed() ? out.ok("ok  ") : out.bad("FAIL")) + " " + c.name() + " (" + c.detail()
                        + ")");
            }
        }
        out.blank();
        out.heading("Steps");
        for (Step s : r.steps()) {
            out.line("  " + s.name() + ": " + s.status() + ", " + s.millis() + " ms — " + s.detail());
        }
        if (!r.followUps().isEmpty()) {
            out.blank();
            out.heading("Next");
            r.followUps().forEach(f -> out.line("  - " + f));
        }
        boolean revealed =
                r.values().keySet().stream().anyMatch(n -> !r.redacted().contains(n));
        if (revealed) {
            out.blank();
            out.heading("Values"
                    + (r.redacted().isEmpty()
                            ? ""
                            : " (redacted: " + String.join(", ", r.redacted()) + "; --reveal shows them)"));
            for (Map.Entry<String, String> e : r.values().entrySet()) {
                out.line(e.getKey() + "=" + e.getValue());
            }
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
