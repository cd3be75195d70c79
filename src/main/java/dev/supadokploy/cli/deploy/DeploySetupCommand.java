package dev.supadokploy.cli.deploy;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.OutputFormat;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.deploy.DeploySetupOperation;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Result;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "setup",
        description = {
            "Deploy production-ready Supabase to Dokploy: find or create the project, environment and Supabase compose "
                    + "(Dokploy's template), give it new secrets with correct anon/service_role keys, the public URLs and SMTP, route "
                    + "the domain to Kong with Let's Encrypt, write the credentials file (mode 0600), deploy, wait until healthy, "
                    + "and probe the public API with the keys.",
            "Run it again to finish or repair: it finds what exists, keeps JWT_SECRET and POSTGRES_PASSWORD of a deployed "
                    + "stack, and redeploys only when something changed. --dry-run only reads and prints the plan.",
            "A new stack needs the mail choice: --smtp-* options, or --no-email-confirmation (sign-up without "
                    + "confirmation e-mails). On Dokploy Cloud (or remoteServersOnly) it needs --server or --server-id.",
            "Exit code: 0 done; 4 Dokploy refused or the deploy, health or probe failed (the error names the compose and "
                    + "the credentials file), a server is required, the env cannot be decrypted, or a half-made stack "
                    + "was found; 5 invalid input or an env setup cannot repair; 6 configuration."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy deploy setup --project-name acme --domain supabase.acme.com --no-email-confirmation --dry-run",
            "  supa-dokploy deploy setup --project-name acme --domain supabase.acme.com \\",
            "      --smtp-host smtp.resend.com --smtp-port 587 --smtp-user resend --smtp-password-file ~/.resend-key \\",
            "      --smtp-admin-email noreply@acme.com",
            "  supa-dokploy deploy setup --project-name acme --environment staging --domain staging.acme.com \\",
            "      --no-email-confirmation --server edge-1 --templates-url http://templates.internal:8080 --output json"
        })
public final class DeploySetupCommand extends OperationCommand<DeploySetupOperation.Input, Result> {
    @Mixin
    DokployOptions dokploy;

    @Option(names = "--project-name", paramLabel = "NAME")
    String projectName;

    @Option(names = "--environment", paramLabel = "NAME")
    String environment;

    @Option(names = "--domain", paramLabel = "HOST")
    String domain;

    @Option(
            names = "--use-lets-encrypt",
            negatable = true,
            fallbackValue = "true",
            description = "HTTPS with a Let's Encrypt certificate (default). --no-use-lets-encrypt serves plain http.")
    Boolean useLetsEncrypt;

    @Option(
            names = "--smtp-host",
            paramLabel = "HOST",
            description = "SMTP server for Auth's e-mails (sign-up, password reset).")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT")
    Integer smtpPort;

    @Option(names = "--smtp-user", paramLabel = "USER")
    String smtpUser;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "File holding the SMTP password.")
    Path smtpPasswordFile;

    @Option(names = "--smtp-admin-email", paramLabel = "EMAIL")
    String smtpAdminEmail;

    @Option(names = "--smtp-sender-name", paramLabel = "NAME")
    String smtpSenderName;

    @Option(names = "--dry-run")
    Boolean dryRun;

    @Option(names = "--wait-timeout", paramLabel = "DURATION")
    String waitTimeout;

    @Option(
            names = "--credentials-file",
            paramLabel = "FILE",
            description = "Where to write the credentials (default "
                    + "$XDG_CONFIG_HOME/supa-dokploy/credentials/<project>-<environment>.env), mode 0600.")
    String credentialsFile;

    @Option(
            names = "--show-secrets",
            description = "Print the secret values (default: only on a terminal, never in JSON).")
    Boolean showSecrets;

    @Option(
            names = "--server-id",
            paramLabel = "ID",
            description =
                    "Run a new stack on this Dokploy server (server.all) instead of the Dokploy host; Dokploy Cloud needs one.")
    String serverId;

    @Option(names = "--server", paramLabel = "NAME")
    String server;

    @Option(names = "--templates-url", paramLabel = "URL")
    String templatesUrl;

    @Option(
            names = "--email-confirmation",
            negatable = true,
            fallbackValue = "true",
            description =
                    "--no-email-confirmation: users sign up without a confirmation e-mail (ENABLE_EMAIL_AUTOCONFIRM=true), "
                            + "so no SMTP is needed. A stack with the template's placeholder SMTP needs --smtp-* options or this.")
    Boolean emailConfirmation;

    @Option(
            names = "--probe",
            negatable = true,
            fallbackValue = "true",
            description =
                    "Probe the public URL with the keys after the deploy (default). --no-probe while DNS is not ready.")
    Boolean probe;

    @Option(names = "--replace-incomplete")
    Boolean replaceIncomplete;

    @Override
    protected Operation<DeploySetupOperation.Input, Result> operation() {
        return new DeploySetupOperation();
    }

    @Override
    protected DeploySetupOperation.Input input(CliSession session) {
        // The credentials are shown once, to a person: on a terminal, not in a pipe, a CI log or a JSON document.
        Boolean reveal = showSecrets != null
                ? showSecrets
                : Boolean.valueOf(session.format() == OutputFormat.text && session.stdoutTerminal());
        return new DeploySetupOperation.Input(
                dokploy.toInput(),
                projectName,
                environment,
                domain,
                useLetsEncrypt,
                new DeploySetupOperation.Smtp(
                        smtpHost,
                        smtpPort,
                        smtpUser,
                        smtpPasswordFile == null ? null : "file:" + smtpPasswordFile,
                        smtpAdminEmail,
                        smtpSenderName),
                dryRun,
                waitTimeout,
                credentialsFile,
                reveal,
                serverId,
                server,
                templatesUrl,
                emailConfirmation,
                probe,
                replaceIncomplete);
    }

    /** Each step on stderr as it starts, for the person waiting on a deploy of several minutes. */
    @Override
    protected Result execute(DeploySetupOperation.Input input, CliSession session) {
        OperationContext c = session.context();
        Progress progress = Progress.NONE;
        if (!session.quiet()
                && session.format() == OutputFormat.text
                && session.environment().stderrTerminal()) {
            String[] last = {null};
            progress = (step, done, total) -> {
                if (!step.equals(last[0])) {
                    last[0] = step;
                    session.environment().stderr().println("[" + (done + 1) + "/" + total + "] " + step + " …");
                }
            };
        }
        return operation().run(input, c.withProgress(progress));
    }

    @Override
    protected void render(Result r, CliSession session) {
        super.render(r, session);
        r.warnings().forEach(session::warn);
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        if (r.dryRun()) {
            out.heading("Plan for " + r.supabaseUrl() + " (dry run: nothing was changed)");
        } else {
            out.heading(out.ok("Supabase is up at " + r.supabaseUrl()));
        }
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field("project", r.projectId()));
        fields.add(TextOutput.field("environment", r.environmentId()));
        fields.add(TextOutput.field(
                "compose", r.applicationId() == null ? null : r.applicationId() + " (" + r.appName() + ")"));
        if (r.credentials() != null) {
            fields.add(TextOutput.field(
                    "studio", r.studioUrl() + " (user " + r.credentials().dashboardUser() + ")"));
        }
        fields.add(TextOutput.field(
                "credentials", r.credentialsFile() + (r.dryRun() ? " (not written)" : " (mode 0600)")));
        if (r.health() != null) {
            fields.add(TextOutput.field(
                    "health",
                    r.health().overall() + ", " + r.health().ready() + " of "
                            + r.health().total() + " containers ready ("
                            + r.health().deploy() + ")"));
        }
        if (r.serverId() != null) {
            fields.add(TextOutput.field("server", r.serverId()));
        }
        if (!r.probe().isEmpty()) {
            long passed = r.probe().stream()
                    .filter(DeploySetupOperation.ProbeCheck::passed)
                    .count();
            fields.add(TextOutput.field("probe", passed + " of " + r.probe().size() + " checks passed"));
        }
        fields.add(TextOutput.field(
                "dokploy",
                r.dokployVersion() + ", " + r.dokployApiCalls() + " API calls, "
                        + String.format(java.util.Locale.ROOT, "%.1f s", r.elapsedSeconds())));
        out.fields(fields);
        out.blank();
        List<List<String>> rows = new ArrayList<>();
        for (var s : r.steps()) {
            rows.add(List.of(
                    s.name(),
                    s.outcome(),
                    String.format(java.util.Locale.ROOT, "%.1f", s.seconds()),
                    s.detail() == null ? "" : s.detail()));
        }
        out.table(List.of("STEP", "OUTCOME", "SECONDS", "DETAIL"), rows);
        if (r.credentials() == null) {
            return;
        }
        out.blank();
        var c = r.credentials();
        if (c.revealed()) {
            out.heading("Credentials (shown once; also in " + r.credentialsFile() + "):");
        } else {
            out.heading(
                    "Credentials (secrets redacted: they are in " + r.credentialsFile() + ", or add --show-secrets):");
        }
        // dotenv lines to paste when revealed; a redacted value is shown as it is, being no value to paste
        java.util.function.UnaryOperator<String> shown = v -> v == null ? "" : c.revealed() ? DotEnv.format(v) : v;
        out.line("SUPABASE_URL=" + r.supabaseUrl());
        out.line("SUPABASE_ANON_KEY=" + DotEnv.format(c.anonKey()));
        out.line("SUPABASE_SERVICE_ROLE_KEY=" + shown.apply(c.serviceRoleKey()));
        out.line("DASHBOARD_USERNAME=" + DotEnv.format(c.dashboardUser()));
        out.line("DASHBOARD_PASSWORD=" + shown.apply(c.dashboardPassword()));
        out.line("POSTGRES_PASSWORD=" + shown.apply(c.postgresPassword()));
        out.line("JWT_SECRET=" + shown.apply(c.jwtSecret()));
    }
}
