package dev.supadokploy.ops.deploy;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.Deployment;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployVersion;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.dokploy.EncryptedEnv;
import dev.supadokploy.dokploy.Environment;
import dev.supadokploy.dokploy.PlacedCompose;
import dev.supadokploy.dokploy.Project;
import dev.supadokploy.dokploy.Server;
import dev.supadokploy.dokploy.ServiceParent;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.SupabaseProbe;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.SecretPreview;
import dev.supadokploy.supabase.rules.SupabaseStackRecognizer;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.DurationText;
import dev.supadokploy.util.HttpRouting;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code deploy setup} / {@code dokploy_setup_wizard}: a production-ready Supabase on Dokploy in one run. Finds or
 * creates the project, its environment and the Supabase compose (Dokploy's template), gives the env our own secrets
 * (correct role claims), the public URLs and SMTP, routes the domain to Kong with a Let's Encrypt certificate, writes
 * the credentials file, deploys, waits for every container to be healthy and probes the public API with the keys.
 *
 * <p>Idempotent: a second run finds everything, keeps JWT_SECRET and POSTGRES_PASSWORD of a deployed stack, and
 * redeploys only when something changed or the stack is not healthy. With dryRun only GETs are sent.
 */
public final class DeploySetupOperation extends BaseOperation<DeploySetupOperation.Input, DeploySetupOperation.Result> {
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
    static final String TEMPLATE = "supabase";
    /**
     * The Supabase blueprint says {@code dokploy >= 0.22.5}; older servers get the blueprint kept for them
     * (Dokploy/templates: blueprints/pre0.22.5-supabase, with the demo JWT_SECRET and keys setup replaces anyway).
     */
    static final DokployVersion TEMPLATE_MIN_VERSION = DokployVersion.of(0, 22, 5);

    static final String OLD_TEMPLATE = "pre0.22.5-supabase";
    /** Dokploy v0.30.2: packages/server/src/templates/github.ts fetchTemplateFiles's default baseUrl. */
    static final String DEFAULT_TEMPLATES_URL = "https://templates.dokploy.com";

    private static final String DESCRIPTION = "Supabase, set up by supa-dokploy";

    public record Smtp(
            @Doc("SMTP server for Supabase Auth's e-mails (sign-up confirmation, password reset), e.g. smtp.resend.com")
            String smtpHost,

            @Doc("SMTP port, e.g. 587 (STARTTLS) or 465 (TLS)")
            Integer smtpPort,

            @Doc("SMTP user name") String smtpUser,
            @Doc(value = "SMTP password", secret = true) String smtpPassword,

            @Doc("Sender address of Auth's e-mails (SMTP_ADMIN_EMAIL), e.g. noreply@example.com")
            String smtpAdminEmail,

            @Doc("Sender name of Auth's e-mails (SMTP_SENDER_NAME)")
            String smtpSenderName) {}

    public record Input(
            DokployInput dokploy,

            @Doc(value = "Dokploy project to create, or to reuse when one of that name exists", required = true)
            String projectName,

            @Doc("Environment of the project (default production); created when missing (Dokploy 0.25+)")
            String environment,

            @Doc(
                    value =
                            "Public host name of the stack, e.g. supabase.example.com (a scheme and trailing slash are dropped); "
                                    + "its DNS record must point at the Dokploy server",
                    required = true)
            String domain,

            @Doc("Serve HTTPS with a Let's Encrypt certificate (default true); false serves plain http")
            Boolean useLetsEncrypt,

            Smtp smtp,

            @Doc("Only read (GET) and return the plan: what each step would create or update; changes nothing")
            Boolean dryRun,

            @Doc("How long to wait for the deploy and healthy containers: 10m (default), 30m, 900s")
            String waitTimeout,

            @Doc("Where to write the credentials, mode 0600 (default $XDG_CONFIG_HOME or ~/.config, then "
                    + "supa-dokploy/credentials/<project>-<environment>.env)")
            String credentialsFile,

            @Doc(
                    "Put the secret values in the result. Default: shown at a terminal, redacted in JSON output and over MCP "
                            + "(the credentials file always holds them)")
            Boolean showSecrets,

            @Doc(
                    "Dokploy server (serverId, see server.all) to run a new stack on instead of the Dokploy host; Dokploy Cloud "
                            + "and remoteServersOnly need one")
            String serverId,

            @Doc("The same server by its name in Dokploy, resolved through server.all")
            String server,

            @Doc(
                    "Where Dokploy fetches the template (compose.deployTemplate's baseUrl), e.g. a mirror for a server without "
                            + "internet or a pinned copy. Default: [dokploy] templates_url in config.toml, else Dokploy's own "
                            + DEFAULT_TEMPLATES_URL)
            String templatesUrl,

            @Doc(
                    "false: users sign up without a confirmation e-mail (sets ENABLE_EMAIL_AUTOCONFIRM=true), so the stack needs "
                            + "no SMTP. A stack whose SMTP is still the template's placeholder needs the SMTP fields or this")
            Boolean emailConfirmation,

            @Doc(
                    "Probe the public URL with the keys after the deploy (default true); false while DNS does not point at the "
                            + "server yet")
            Boolean probe,

            @Doc(
                    "Remove a half-made Supabase compose of the environment (a template deploy that stopped before its domain, "
                            + "never deployed) and make it anew. Without it setup asks at a terminal, and refuses elsewhere")
            Boolean replaceIncomplete) {
        /** A flag not given is off (useLetsEncrypt, emailConfirmation and probe: on), so the operation reads each plainly. */
        public Input {
            useLetsEncrypt = Objects.requireNonNullElse(useLetsEncrypt, true);
            dryRun = Objects.requireNonNullElse(dryRun, false);
            emailConfirmation = Objects.requireNonNullElse(emailConfirmation, true);
            probe = Objects.requireNonNullElse(probe, true);
            replaceIncomplete = Objects.requireNonNullElse(replaceIncomplete, false);
        }

        /** The inputs before the server, template source, mail choice, probe and half-made options existed. */
        public Input(
                DokployInput dokploy,
                String projectName,
                String environment,
                String domain,
                Boolean useLetsEncrypt,
                Smtp smtp,
                Boolean dryRun,
                String waitTimeout,
                String credentialsFile,
                Boolean showSecrets) {
            this(
                    dokploy,
                    projectName,
                    environment,
                    domain,
                    useLetsEncrypt,
                    smtp,
                    dryRun,
                    waitTimeout,
                    credentialsFile,
                    showSecrets,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /** One step of the run, as the step log recorded it. */
    public record Step(
            @Doc(
                    "What the step does: check server, project, environment, compose, env, domain, credentials, deploy, probe")
            String name,

            @Doc(
                    "created, found, updated, unchanged, skipped, done or failed; with dryRun: would create, would update, "
                            + "would deploy")
            String outcome,

            @Doc("Seconds the step took") double seconds,

            @Doc("What it found or did: ids, variable names (never values), versions")
            String detail) {}

    public record Credentials(
            @Doc("ANON_KEY, the public key for browsers and apps")
            String anonKey,

            @Doc("SERVICE_ROLE_KEY: bypasses row level security, for servers only")
            String serviceRoleKey,

            @Doc("JWT_SECRET, which signs every key and session")
            String jwtSecret,

            @Doc("POSTGRES_PASSWORD of the database") String postgresPassword,
            @Doc("Studio's user name (DASHBOARD_USERNAME)") String dashboardUser,
            @Doc("Studio's password (DASHBOARD_PASSWORD)") String dashboardPassword,

            @Doc("Whether the secret values are shown; when false each reads PREFIX…(redacted, N chars)")
            boolean revealed) {}

    public record Health(
            @Doc("healthy, degraded or down, after the deploy (or the look that found nothing to deploy)")
            String overall,

            @Doc("Ready containers") int ready,
            @Doc("Containers found") int total,

            @Doc("deploy (first), redeploy, or skipped (nothing changed and the stack was healthy)")
            String deploy,

            @Doc("The deployment setup started, if any") String deploymentId,

            @Doc("Seconds until every container was healthy, from the deploy request")
            Double healthyAfterSeconds) {}

    public record ProbeCheck(
            @Doc("What was checked") String name,
            @Doc("The public URL requested") String url,
            @Doc("HTTP status, when an answer came") Integer status,
            @Doc("Whether the answer was the expected one") boolean passed,
            @Doc("What was seen") String detail) {}

    public record Result(
            @Doc("True when nothing was changed: steps say what a real run would do")
            boolean dryRun,

            @Doc("composeId of the Supabase compose (the applicationId the other tools take)")
            String applicationId,

            @Doc("Dokploy projectId") String projectId,

            @Doc("Dokploy environmentId (null on Dokploy before 0.25, which has no environments)")
            String environmentId,

            @Doc("Dokploy's appName, the prefix of the stack's container names")
            String appName,

            @Doc("Dokploy's version") String dokployVersion,

            @Doc("The stack's public URL: SUPABASE_URL for clients")
            String supabaseUrl,

            @Doc("Studio, behind Kong's basic auth (dashboard user and password)")
            String studioUrl,

            @Doc("The keys and passwords; secrets redacted unless showSecrets")
            Credentials credentials,

            @Doc("The credentials file (mode 0600), written before the deploy")
            String credentialsFile,

            @Doc("The stack's health after the deploy") Health health,

            @Doc("Checks of the public endpoints with the keys")
            List<ProbeCheck> probe,

            @Doc("Every step in order, with its outcome") List<Step> steps,

            @Doc("What needs the operator's attention (environments unsupported, a disabled domain, rule warnings)")
            List<String> warnings,

            @Doc("HTTP requests sent to Dokploy's API by this run")
            int dokployApiCalls,

            @Doc("The Dokploy server the stack runs on (serverId), absent on the Dokploy host")
            String serverId,

            @Doc("Seconds the whole run took") double elapsedSeconds) {}

    /** For tests only: a shorter probe patience than the wait timeout; null follows the wait timeout. */
    private final Duration probePatience;

    public DeploySetupOperation() {
        this(null);
    }

    /** For tests: how long the probe waits for an endpoint that does not answer yet. */
    DeploySetupOperation(Duration probePatience) {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_setup_wizard",
                        List.of("deploy", "setup"),
                        "Deploy production-ready Supabase to Dokploy",
                        "Creates (or finds) a Dokploy project, environment and Supabase compose from Dokploy's template, gives it fresh "
                                + "secrets with correct anon/service_role keys, the public URLs for the domain and SMTP, routes the "
                                + "domain to Kong with a Let's Encrypt certificate, writes a credentials file (mode 0600), deploys, waits "
                                + "until every container is healthy and probes the public API with the keys. Idempotent: run it again to "
                                + "finish or repair; a deployed stack keeps its JWT_SECRET and POSTGRES_PASSWORD. dryRun returns the plan "
                                + "without changing anything. A new stack needs the smtp fields or emailConfirmation: false; serverId or "
                                + "server places it on a Dokploy server (required on Dokploy Cloud); templatesUrl is where Dokploy "
                                + "fetches the template. A half-made Supabase compose (a template deploy cut short) is removed only "
                                + "with replaceIncomplete: true. Writes a file on the server, so the MCP server needs --allow-writes.",
                        // idempotent: a second run finds what the first made, keeps its secrets and skips the deploy
                        // when nothing changed
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
        this.probePatience = probePatience;
    }

    /** What one run has learnt and made so far; a failure reports it, so nothing half-done goes unmentioned. */
    static final class Run {
        final OperationContext ctx;
        final StepLog log;
        final List<String> warnings = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        DokployApi api;
        String projectId;
        String environmentId;
        String composeId;
        /** What this run made and removes again when the template deploy fails (nothing half-made is left behind). */
        String createdProjectId;

        String createdEnvironmentId;
        /** Where a new stack goes, once {@link DeploySetupOperation#beforeCreating} has settled it. */
        Server server;

        boolean placementChecked;
        Path credentialsFile;
        boolean credentialsWritten;

        Run(OperationContext ctx) {
            this.ctx = ctx;
            this.log = new StepLog(ctx);
        }

        Map<String, Object> context() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("step", log.current());
            putIfSet(details, "projectId", projectId);
            putIfSet(details, "environmentId", environmentId);
            putIfSet(details, "applicationId", composeId);
            if (credentialsWritten) {
                details.put("credentialsFile", credentialsFile.toString());
            }
            if (!created.isEmpty()) {
                details.put("created", List.copyOf(created));
            }
            details.put("steps", log.steps());
            return details;
        }

        /** The same failure with what this run made added, so a rerun (or a person) can pick up from there. */
        SupaException withContext(SupaException e) {
            if (composeId == null && created.isEmpty()) {
                return e;
            }
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            context().forEach(details::putIfAbsent);
            StringBuilder message = new StringBuilder(e.getMessage()).append(" [setup: ");
            message.append(composeId == null ? "created " + String.join(", ", created) : "compose " + composeId);
            if (credentialsWritten) {
                message.append("; credentials in ").append(credentialsFile);
            }
            message.append("]");
            String suggestion = (e.suggestion() == null ? "" : e.suggestion() + " ")
                    + "Running deploy setup again with the same project name finishes what is missing.";
            return new SupaException(e.code(), message.toString(), suggestion, details, e);
        }

        private static void putIfSet(Map<String, Object> map, String key, String value) {
            if (value != null) {
                map.put(key, value);
            }
        }
    }

    /** What the operator chose beyond names and domain: placement, template source, mail, probe, half-made stacks. */
    private record Choices(
            String serverId, String serverName, String templatesUrl, boolean probe, boolean replaceIncomplete) {
        boolean serverGiven() {
            return serverId != null || serverName != null;
        }
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        Setup setup = new Setup(input, ctx);
        Run run = setup.run;
        run.api = DokployConnector.open(input.dokploy(), ctx);
        try {
            return setup.steps();
        } catch (SupaException e) {
            throw run.withContext(e);
        }
    }

    /**
     * One setup, as the step log tells it: {@link #steps} is the list of steps, each a method named as its log line.
     * A step returns whether the run goes on; one that ends it (a dry run meeting something to create, the probe) sets
     * {@link #result}. The settings are read once, before anything is sent to Dokploy.
     */
    private final class Setup {
        private final Instant start;
        private final OperationContext ctx;
        private final Run run;
        private final String projectName;
        private final String environmentName;
        private final String host;
        private final boolean letsEncrypt;
        private final boolean dryRun;
        private final Duration timeout;
        private final String url;
        private final Choices choices;
        private final SetupEnv.Smtp smtp;
        private final boolean reveal;
        // checkServer
        private DokployApi api;
        private DokployVersion version;
        private List<Project> projects;
        // project, environment
        private Project project;
        private CreatedProject createdProject;
        private List<Compose> siblings;
        // compose
        private Compose compose;
        private Deployment lastDeployment;
        private boolean deployed;
        // env, domain, credentials
        private SetupEnv.Prepared env;
        private boolean envChanged;
        private boolean domainChanged;
        private Map<String, String> secrets;
        // deploy
        private Health health;
        private Result result;

        Setup(Input input, OperationContext ctx) {
            this.start = ctx.clock().instant();
            this.ctx = ctx;
            this.projectName = SetupNames.name(input.projectName(), "project name", "--project-name");
            this.environmentName = input.environment() == null
                    ? "production"
                    : SetupNames.name(input.environment(), "environment name", "--environment");
            this.host = SetupNames.domain(input.domain());
            this.letsEncrypt = input.useLetsEncrypt();
            this.dryRun = input.dryRun();
            this.timeout = waitTimeout(input.waitTimeout());
            this.url = (letsEncrypt ? "https://" : "http://") + host;
            this.choices = choices(input, ctx);
            this.run = new Run(ctx);
            run.credentialsFile =
                    CredentialsFile.path(input.credentialsFile(), ctx.env(), projectName, environmentName);
            if (!dryRun) {
                ctx.requireFileWritesAllowed("the credentials file " + run.credentialsFile);
            }
            this.smtp = smtp(input.smtp(), ctx, !input.emailConfirmation());
            this.reveal = input.showSecrets() != null
                    ? input.showSecrets()
                    : ctx.policy().revealSecrets();
        }

        Result steps() {
            api = run.api;
            checkServer();
            if (project() && environment() && compose()) {
                env();
                domain();
                credentials();
                if (deploy()) {
                    probe();
                }
            }
            return result;
        }

        /** Dokploy's version, the API key (listing projects proves it), and the server new services go on. */
        private void checkServer() {
            run.log.begin("check server");
            version = api.version();
            projects = api.projects(); // the version may be public on some releases: this proves the key
            if (choices.serverGiven()) {
                run.server = ServerChoice.resolve(api, choices.serverId(), choices.serverName());
            }
            run.log.end(
                    StepLog.DONE,
                    "Dokploy " + version + " at " + api.client().serverUrl() + ", API key accepted"
                            + (run.server == null ? "" : "; new services go on server " + run.server.display()));
        }

        /** The project by name, or a new one. */
        private boolean project() {
            run.log.begin("project");
            List<Project> named =
                    projects.stream().filter(p -> projectName.equals(p.name())).toList();
            project = named.isEmpty() ? null : named.get(0);
            if (named.size() > 1) {
                run.warnings.add(named.size() + " Dokploy projects are named '" + projectName
                        + "'; setup used the first (" + project.projectId() + ")");
            }
            if (project != null) {
                run.projectId = project.projectId();
                run.log.end(StepLog.FOUND, "'" + projectName + "' (" + project.projectId() + ")");
            } else if (dryRun) {
                beforeCreating(run, smtp, version);
                run.log.end(StepLog.WOULD_CREATE, "project '" + projectName + "'");
                result = plan(run, version, url, "a new project", start);
                return false;
            } else {
                beforeCreating(run, smtp, version);
                createdProject = api.createProject(projectName, DESCRIPTION);
                project = createdProject.project();
                run.projectId = project.projectId();
                run.createdProjectId = project.projectId();
                run.created.add("project " + project.projectId());
                run.log.end(StepLog.CREATED, "'" + projectName + "' (" + project.projectId() + ")");
            }
            return true;
        }

        /** The environment by name, or a new one; before Dokploy 0.25 the project itself holds the services. */
        private boolean environment() {
            run.log.begin("environment");
            if (version.hasEnvironments()) {
                Environment environment = findEnvironment(api, project, createdProject, environmentName, run.warnings);
                if (environment != null) {
                    run.environmentId = environment.environmentId();
                    siblings = environment.compose();
                    run.log.end(StepLog.FOUND, "'" + environment.name() + "' (" + environment.environmentId() + ")");
                } else if ("production".equals(environmentName)) {
                    // Dokploy v0.30.2: apps/dokploy/server/api/routers/environment.ts create refuses the name
                    // "production"
                    throw SupaException.invalidInput(
                            "Project '" + projectName + "' has no environment 'production' and no default "
                                    + "environment, and Dokploy refuses to create one named 'production'",
                            "Name another environment with --environment (e.g. prod), or pick the project's default environment in "
                                    + "the Dokploy dashboard.");
                } else if (dryRun) {
                    beforeCreating(run, smtp, version);
                    run.log.end(
                            StepLog.WOULD_CREATE,
                            "environment '" + environmentName + "' in project " + project.projectId());
                    result = plan(run, version, url, "a new environment", start);
                    return false;
                } else {
                    beforeCreating(run, smtp, version);
                    environment = api.createEnvironment(project.projectId(), environmentName, DESCRIPTION);
                    run.environmentId = environment.environmentId();
                    run.createdEnvironmentId = environment.environmentId();
                    run.created.add("environment " + environment.environmentId());
                    siblings = List.of();
                    run.log.end(StepLog.CREATED, "'" + environmentName + "' (" + environment.environmentId() + ")");
                }
            } else {
                siblings = project.compose();
                if (!"production".equals(environmentName)) {
                    run.warnings.add(
                            "Dokploy " + version + " has no environments (they came with " + DokployVersion.ENVIRONMENTS
                                    + "): the stack goes in project '" + projectName
                                    + "' itself, not in an environment '" + environmentName
                                    + "'. Use a project per environment on this server, or upgrade Dokploy.");
                }
                run.log.end(StepLog.SKIPPED, "Dokploy " + version + " has no environments: services go in the project");
            }
            return true;
        }

        /** The Supabase compose of the environment, or a new one from Dokploy's template; a half-made one is replaced. */
        private boolean compose() {
            run.log.begin("compose");
            Found found = findSupabase(api, siblings, run.warnings);
            compose = found == null ? null : found.compose();
            if (found != null && found.incomplete()) {
                String what = HalfMadeStack.describe(found.placed());
                if (dryRun) {
                    beforeCreating(run, smtp, version);
                    run.warnings.add(what
                            + (choices.replaceIncomplete()
                                    ? ""
                                    : "; a real run asks before removing it "
                                            + "(--replace-incomplete, MCP replaceIncomplete: true)"));
                    run.log.end(
                            StepLog.WOULD_CREATE,
                            "remove the half-made compose " + compose.composeId()
                                    + " and make a new one from Dokploy's template");
                    result = plan(run, version, url, "replacing a half-made compose", start);
                    return false;
                }
                HalfMadeStack.confirmRemoval(ctx, compose.composeId(), what, choices.replaceIncomplete());
                if (run.server == null && compose.serverId() != null) {
                    // the operator placed it there: the new one goes on the same server
                    run.server = ServerChoice.resolve(api, compose.serverId(), null);
                }
                beforeCreating(run, smtp, version);
                api.deleteCompose(compose.composeId(), true);
                run.warnings.add("Removed the half-made compose " + compose.composeId() + " (" + compose.appName()
                        + ") and made the stack anew");
                Set<String> gone = Set.of(compose.composeId());
                siblings = siblings.stream()
                        .filter(c -> !gone.contains(c.composeId()))
                        .toList();
                compose = null;
            }
            boolean newCompose = compose == null;
            if (compose != null) {
                run.composeId = compose.composeId();
                if (run.server != null && !run.server.serverId().equals(compose.serverId())) {
                    run.warnings.add("The stack " + compose.composeId() + " already exists "
                            + (compose.serverId() == null ? "on the Dokploy host" : "on server " + compose.serverId())
                            + "; setup does not move it to server "
                            + run.server.display());
                }
                run.log.end(
                        StepLog.FOUND,
                        "'" + compose.name() + "' (" + compose.composeId() + ", appName " + compose.appName() + ")");
            } else if (dryRun) {
                beforeCreating(run, smtp, version);
                run.log.end(
                        StepLog.WOULD_CREATE, "a Supabase compose from Dokploy's template (compose.deployTemplate)");
                result = plan(run, version, url, "a new compose", start);
                return false;
            } else {
                beforeCreating(run, smtp, version);
                String template = templateId(version);
                compose = createFromTemplate(api, run, siblings, template, choices.templatesUrl());
                run.log.end(
                        StepLog.CREATED,
                        "from Dokploy's '" + template + "' template (" + compose.composeId() + ", appName "
                                + compose.appName() + (run.server == null ? "" : ", on server " + run.server.display())
                                + (choices.templatesUrl() == null ? "" : ", fetched from " + choices.templatesUrl())
                                + ")");
            }
            lastDeployment = newCompose ? null : MonitorHealthOperation.lastDeployment(api, compose);
            deployed = lastDeployment != null;
            return true;
        }

        /** The compose's env: fresh secrets for a stack never deployed (unless the credentials file holds its own), URLs, SMTP. */
        private void env() {
            run.log.begin("env");
            String jwtInFile = CredentialsFile.read(run.credentialsFile).get("JWT_SECRET");
            boolean ours = jwtInFile != null
                    && jwtInFile.equals(DotEnv.parse(compose.env() == null ? "" : compose.env())
                            .get("JWT_SECRET")
                            .orElse(null));
            boolean freshSecrets = !deployed && !ours;
            env = SetupEnv.prepare(
                    compose,
                    freshSecrets,
                    url,
                    smtp,
                    new SecretGenerator(),
                    ctx.clock().instant());
            run.warnings.addAll(env.warnings());
            envChanged = env.env().changed();
            String envDetail = (freshSecrets
                            ? "new secrets (JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY, POSTGRES_PASSWORD, …); "
                            : deployed
                                    ? "kept JWT_SECRET and POSTGRES_PASSWORD (deployed); "
                                    : "kept the secrets of the credentials file; ")
                    + (env.changed().isEmpty() ? "nothing to change" : "set " + String.join(", ", env.changed()));
            if (!envChanged) {
                run.log.end(StepLog.UNCHANGED, envDetail);
            } else if (dryRun) {
                run.log.end(StepLog.WOULD_UPDATE, envDetail);
            } else {
                api.saveEnvironment(compose.composeId(), env.env().text());
                run.log.end(StepLog.UPDATED, envDetail);
            }
        }

        /**
         * Routes the domain to the gateway the compose file runs (kong:8000, or Envoy's api-gw:8000; kong:8000 when the
         * file cannot be read); notes whether anything changed (a deployed stack then needs a redeploy).
         */
        private void domain() {
            run.log.begin("domain");
            List<Domain> domains = compose.domains().isEmpty() ? api.domains(compose.composeId()) : compose.domains();
            Optional<StackShape> shape = StackShape.read(compose.composeFile());
            String gateway = shape.flatMap(StackShape::gateway)
                    .map(StackShape.Service::name)
                    .orElse("kong");
            int port = shape.map(s -> s.gatewayPort().orElse(8000)).orElse(8000);
            // a routed (enabled) domain first: a disabled one (enabled:false) is not what Traefik serves
            List<Domain> kong = domains.stream()
                    .filter(d -> gateway.equals(d.serviceName()))
                    .sorted(java.util.Comparator.comparing((Domain d) -> !d.routed()))
                    .toList();
            Domain current = kong.stream()
                    .filter(d -> host.equalsIgnoreCase(d.host()))
                    .findFirst()
                    .orElse(kong.isEmpty() ? null : kong.get(0));
            if (current != null && !current.routed()) {
                run.warnings.add("The domain " + current.host() + " (" + current.domainId()
                        + ") is disabled in Dokploy (enabled: "
                        + "false): Traefik does not route it, so the stack is not reachable there until it is enabled again in "
                        + "the Dokploy dashboard");
            }
            DomainSpec wanted = DomainSpec.gateway(compose.composeId(), host, letsEncrypt, gateway, port);
            String shown = host + " → " + gateway + ":" + port + ", "
                    + (letsEncrypt ? "https with Let's Encrypt" : "http, no certificate");
            if (current != null
                    && host.equalsIgnoreCase(current.host())
                    && Objects.equals(current.port(), wanted.port())
                    && current.https() != null
                    && current.https() == wanted.https()
                    && wanted.certificateType().equals(current.certificateType())) {
                run.log.end(StepLog.UNCHANGED, shown + " (" + current.domainId() + ")");
                domainChanged = false;
                return;
            }
            domainChanged = true;
            if (dryRun) {
                run.log.end(
                        current == null ? StepLog.WOULD_CREATE : StepLog.WOULD_UPDATE,
                        shown + (current == null ? "" : " (was " + current.host() + ")"));
            } else if (current == null) {
                Domain made = api.createDomain(wanted);
                run.log.end(StepLog.CREATED, shown + (made == null ? "" : " (" + made.domainId() + ")"));
            } else {
                api.updateDomain(current.domainId(), wanted);
                run.log.end(
                        StepLog.UPDATED,
                        shown + " (" + current.domainId() + ", was " + current.host()
                                + (Boolean.TRUE.equals(current.https()) ? " https " : " http ")
                                + current.certificateType() + ")");
            }
        }

        /** The credentials file (mode 0600), written before the deploy so the keys are never lost. */
        private void credentials() {
            run.log.begin("credentials");
            secrets = CredentialsFile.values(
                    url,
                    url,
                    env.value("ANON_KEY"),
                    env.value("SERVICE_ROLE_KEY"),
                    env.value("DASHBOARD_USERNAME"),
                    env.value("DASHBOARD_PASSWORD"),
                    env.value("POSTGRES_PASSWORD"),
                    env.value("JWT_SECRET"),
                    compose.composeId());
            if (dryRun) {
                Map<String, String> existing = CredentialsFile.read(run.credentialsFile);
                run.log.end(
                        existing.equals(secrets)
                                ? StepLog.UNCHANGED
                                : existing.isEmpty() ? StepLog.WOULD_CREATE : StepLog.WOULD_UPDATE,
                        run.credentialsFile.toString());
            } else {
                CredentialsFile.Written written = CredentialsFile.write(
                        run.credentialsFile,
                        secrets,
                        "Supabase " + projectName + " / " + environmentName + " on Dokploy (" + url + ")",
                        ctx.clock().instant());
                run.credentialsWritten = true;
                run.log.end(
                        written.outcome(),
                        written.path() + " (mode 0600)"
                                + (written.backup() == null ? "" : "; the previous file is " + written.backup()));
            }
        }

        /** A (re)deploy when something changed or the stack is not healthy, waiting for healthy containers; a dry run ends here. */
        private boolean deploy() {
            run.log.begin("deploy");
            String why = !deployed
                    ? "first deploy"
                    : envChanged ? "the env changed" : domainChanged ? "the domain changed" : null;
            MonitorHealthOperation.Result before = null;
            if (why == null) {
                before = MonitorHealthOperation.assess(MonitoredStack.read(api, compose.composeId()), lastDeployment);
                if (!MonitorHealthOperation.HEALTHY.equals(before.overall())) {
                    why = "the stack was " + before.overall();
                }
            }
            if (why == null) {
                health = new Health(before.overall(), before.ready(), before.total(), "skipped", null, null);
                run.log.end(
                        StepLog.SKIPPED,
                        "nothing changed and the stack is healthy (" + before.ready() + " of " + before.total()
                                + " containers ready)");
            } else if (dryRun) {
                run.log.end(StepLog.WOULD_DEPLOY, (deployed ? "redeploy: " : "deploy: ") + why);
            } else {
                StackRollout.Outcome outcome = StackRollout.deployAndWait(
                        api, compose.composeId(), "supa-dokploy setup: " + why, !deployed, timeout, ctx);
                health = new Health(
                        outcome.health().overall(),
                        outcome.health().ready(),
                        outcome.health().total(),
                        deployed ? "redeploy" : "deploy",
                        outcome.deploymentId(),
                        outcome.healthyAfter().toMillis() / 1000.0);
                run.log.end(
                        StepLog.DONE,
                        (deployed ? "redeployed" : "deployed") + " (" + why + "); "
                                + outcome.health().ready() + " of "
                                + outcome.health().total() + " containers healthy after "
                                + outcome.healthyAfter().toSeconds() + " s");
            }
            if (dryRun) {
                result = result(run, version, compose, url, null, health, List.of(), start, true);
                return false;
            }
            return true;
        }

        /** The public API checked with the keys; a failed check is an error that says what to look at. */
        private void probe() {
            run.log.begin("probe");
            if (!choices.probe()) {
                run.log.end(
                        StepLog.SKIPPED,
                        "not asked (--no-probe); once DNS for " + host + " points at the server, check with "
                                + "supa-dokploy monitor health --compose-id " + compose.composeId());
                result = result(
                        run,
                        version,
                        compose,
                        url,
                        DeploySetupOperation.credentials(secrets, reveal),
                        health,
                        List.of(),
                        start,
                        false);
                return;
            }
            // Let's Encrypt needs a minute or so after a first deploy (Traefik serves its own certificate meanwhile):
            // the
            // probe is as patient as the operator said the whole wait may be.
            Duration patience = probePatience != null ? probePatience : timeout;
            SupabaseProbe.Report report = new SupabaseProbe(HttpRouting.fromEnv(ctx.env()), ctx.clock())
                    .probe(
                            url,
                            Secret.of(env.value("ANON_KEY")),
                            Secret.of(env.value("SERVICE_ROLE_KEY")),
                            patience,
                            ctx.cancellation()::isCancelled);
            List<ProbeCheck> checks = report.checks().stream()
                    .map(c -> new ProbeCheck(c.name(), c.url(), c.status(), c.passed(), c.detail()))
                    .toList();
            if (!report.passed()) {
                run.log.end(StepLog.FAILED, report.failures().size() + " of " + checks.size() + " checks failed");
                Map<String, Object> details = new LinkedHashMap<>();
                details.put(
                        "failedChecks",
                        report.failures().stream()
                                .map(c -> c.name() + ": " + c.detail())
                                .toList());
                throw new SupaException(
                        ErrorCode.DOKPLOY_PROBE_FAILED,
                        "The stack is deployed and healthy, but " + url + " fails "
                                + report.failures().stream()
                                        .map(SupabaseProbe.Check::name)
                                        .collect(Collectors.joining(", ")),
                        "Check that DNS for " + host
                                + " points at the Dokploy server and ports 80/443 are open (Let's Encrypt "
                                + "needs them); then run setup again (--no-probe skips this check while DNS is not ready), or "
                                + "supa-dokploy monitor health --compose-id " + compose.composeId() + ".",
                        details,
                        null);
            }
            run.log.end(StepLog.DONE, checks.size() + " checks passed at " + url);
            result = result(
                    run,
                    version,
                    compose,
                    url,
                    DeploySetupOperation.credentials(secrets, reveal),
                    health,
                    checks,
                    start,
                    false);
        }
    }

    /**
     * The environment by name. Dokploy has no uniqueness check on names (several may share one: the first is used) and
     * refuses to create one named production, so "production" also finds the project's default environment when it was
     * renamed (Dokploy v0.30.2: apps/dokploy/server/api/routers/environment.ts create; its update keeps the default's
     * name, but older releases allowed renaming it).
     */
    private static Environment findEnvironment(
            DokployApi api, Project project, CreatedProject created, String name, List<String> warnings) {
        if (created != null) {
            Environment made = created.environment();
            return made != null
                            && (made.name().equals(name)
                                    || ("production".equals(name) && !Boolean.FALSE.equals(made.isDefault())))
                    ? made
                    : null;
        }
        List<Environment> environments =
                project.environments().isEmpty() ? api.environments(project.projectId()) : project.environments();
        List<Environment> named =
                environments.stream().filter(e -> name.equals(e.name())).toList();
        if (named.size() > 1) {
            warnings.add(named.size() + " environments of project " + project.projectId() + " are named '" + name
                    + "' (Dokploy allows it); setup used the first ("
                    + named.get(0).environmentId() + ")");
        }
        if (!named.isEmpty()) {
            return named.get(0);
        }
        if ("production".equals(name)) {
            Optional<Environment> byDefault = environments.stream()
                    .filter(e -> Boolean.TRUE.equals(e.isDefault()))
                    .findFirst();
            byDefault.ifPresent(
                    e -> warnings.add("Project " + project.projectId() + " has no environment named 'production'; "
                            + "setup used its default environment '" + e.name() + "' (" + e.environmentId() + ")"));
            return byDefault.orElse(null);
        }
        return null;
    }

    /** The Supabase compose of an environment, and whether a template deploy left it half-made. */
    private record Found(PlacedCompose placed, boolean incomplete) {
        Compose compose() {
            return placed.compose();
        }
    }

    /**
     * The Supabase compose among the environment's services; a listing without env is completed with compose.one. A
     * Supabase compose whose env Dokploy cannot decrypt stops setup: making a second one beside it would split the stack.
     */
    private static Found findSupabase(DokployApi api, List<Compose> siblings, List<String> warnings) {
        List<Compose> found = new ArrayList<>();
        List<Compose> unreadable = new ArrayList<>();
        Map<String, PlacedCompose> read = new LinkedHashMap<>();
        for (Compose listed : siblings) {
            PlacedCompose placed = listed.env() == null ? api.placedCompose(listed.composeId()) : null;
            Compose full = placed == null ? listed : placed.compose();
            if (placed != null) {
                read.put(full.composeId(), placed);
            }
            if (EncryptedEnv.isEncrypted(full.env())) {
                // the compose file is not encrypted: it still tells a Supabase stack from another service
                if (full.composeFile() == null || SupabaseStackRecognizer.looksLikeSupabaseFile(full.composeFile())) {
                    unreadable.add(full);
                }
            } else if (SupabaseStackRecognizer.isSupabase(DotEnv.parse(full.env() == null ? "" : full.env()))) {
                found.add(full);
            }
        }
        if (!unreadable.isEmpty()) {
            if (found.isEmpty()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put(
                        "applicationIds",
                        unreadable.stream().map(Compose::composeId).toList());
                throw new SupaException(
                        ErrorCode.DOKPLOY_ENV_ENCRYPTED,
                        EncryptedEnv.explanation(unreadable.get(0))
                                + (unreadable.size() > 1
                                        ? " (and " + (unreadable.size() - 1) + " more in this environment)"
                                        : "")
                                + ". Setup does not make a second Supabase compose beside a stack it cannot read.",
                        EncryptedEnv.SUGGESTION,
                        details,
                        null);
            }
            unreadable.forEach(
                    c -> warnings.add(EncryptedEnv.explanation(c) + "; setup went on with the readable stack"));
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            warnings.add(found.size() + " Supabase composes share this environment ("
                    + found.stream().map(Compose::composeId).collect(Collectors.joining(", "))
                    + "); setup used the first");
        }
        // compose.one carries the domains, deployments and mounts the steps below need (a listing with env does not)
        PlacedCompose placed = read.containsKey(found.get(0).composeId())
                ? read.get(found.get(0).composeId())
                : api.placedCompose(found.get(0).composeId());
        return new Found(placed, HalfMadeStack.isHalfMade(placed.compose()));
    }

    private static String templateId(DokployVersion version) {
        return version.atLeast(TEMPLATE_MIN_VERSION) ? TEMPLATE : OLD_TEMPLATE;
    }

    private static Compose createFromTemplate(
            DokployApi api, Run run, List<Compose> siblings, String template, String templatesUrl) {
        Set<String> before = siblings.stream().map(Compose::composeId).collect(Collectors.toSet());
        ServiceParent parent = ServiceParent.environment(run.projectId, run.environmentId);
        String serverId = run.server == null ? null : run.server.serverId();
        Optional<String> id;
        try {
            id = api.deployTemplate(parent, template, serverId, templatesUrl).map(Compose::composeId);
        } catch (SupaException e) {
            throw TemplateFailure.cleanUpAndExplain(run, before, e, template, templatesUrl);
        }
        if (id.isEmpty()) {
            // Some versions answer without the compose: it is the new one in the listing.
            id = newCompose(api, run, before);
        }
        String composeId = id.orElseThrow(() -> new SupaException(
                ErrorCode.DOKPLOY_INVALID_RESPONSE,
                "Dokploy accepted compose.deployTemplate but no new compose appeared",
                "Look in the Dokploy dashboard for a new Supabase service; run setup again to pick it up."));
        run.composeId = composeId;
        run.created.add("compose " + composeId);
        return api.compose(composeId);
    }

    /** A compose of the environment (project, before v0.25) that was not there before. */
    static Optional<String> newCompose(DokployApi api, Run run, Set<String> before) {
        List<Compose> now = run.environmentId != null
                ? api.environment(run.environmentId).compose()
                : api.project(run.projectId).allCompose();
        return now.stream()
                .map(Compose::composeId)
                .filter(c -> !before.contains(c))
                .findFirst();
    }

    /**
     * Before this run creates anything: a new stack has the template's placeholder SMTP, so the mail choice must be
     * made; and where Dokploy needs a server for new services (Dokploy Cloud), one must be chosen. Checked once, with
     * GETs only, so that a refusal leaves nothing behind (a dry run meets the same refusal a real run would).
     */
    private static void beforeCreating(Run run, SetupEnv.Smtp smtp, DokployVersion version) {
        if (run.placementChecked) {
            return;
        }
        if (!smtp.given() && !smtp.noEmailConfirmation()) {
            throw SetupEnv.mailChoiceMissing("A new Supabase stack");
        }
        if (run.server == null && version.atLeast(ServerChoice.IS_CLOUD_VERSION) && run.api.isCloud()) {
            throw ServerChoice.required(run.api, "Dokploy Cloud runs every service on one of your servers");
        }
        run.placementChecked = true;
    }

    /** The plan when a step found nothing to build on: everything after it would be made new. */
    private Result plan(Run run, DokployVersion version, String url, String what, Instant start) {
        List<String[]> rest = List.of(
                new String[] {
                    "environment", StepLog.WOULD_CREATE, "the environment (a new project comes with production)"
                },
                new String[] {"compose", StepLog.WOULD_CREATE, "a Supabase compose from Dokploy's template"},
                new String[] {
                    "env",
                    StepLog.WOULD_UPDATE,
                    "new secrets with correct role claims, the public URLs for " + url + ", SMTP"
                },
                new String[] {
                    "domain", StepLog.WOULD_UPDATE, "the template's gateway domain (kong:8000, or api-gw:8000)"
                },
                new String[] {"credentials", StepLog.WOULD_CREATE, String.valueOf(run.credentialsFile)},
                new String[] {"deploy", StepLog.WOULD_DEPLOY, "first deploy, then wait for healthy containers"});
        List<Step> steps = new ArrayList<>(run.log.steps());
        for (String[] s : rest) {
            if (steps.stream().noneMatch(done -> done.name().equals(s[0]))) {
                steps.add(new Step(s[0], s[1], 0, s[2] + " (after " + what + ")"));
            }
        }
        return new Result(
                true,
                null,
                run.projectId,
                run.environmentId,
                null,
                version.toString(),
                url,
                url,
                null,
                run.credentialsFile.toString(),
                null,
                List.of(),
                steps,
                List.copyOf(run.warnings),
                run.api.client().requestCount(),
                run.server == null ? null : run.server.serverId(),
                seconds(start, run.ctx));
    }

    private Result result(
            Run run,
            DokployVersion version,
            Compose compose,
            String url,
            Credentials credentials,
            Health health,
            List<ProbeCheck> checks,
            Instant start,
            boolean dryRun) {
        return new Result(
                dryRun,
                compose.composeId(),
                run.projectId,
                run.environmentId,
                compose.appName(),
                version.toString(),
                url,
                url,
                credentials,
                run.credentialsFile.toString(),
                health,
                checks,
                run.log.steps(),
                List.copyOf(run.warnings),
                run.api.client().requestCount(),
                compose.serverId() != null ? compose.serverId() : run.server == null ? null : run.server.serverId(),
                seconds(start, run.ctx));
    }

    private static Credentials credentials(Map<String, String> file, boolean reveal) {
        java.util.function.UnaryOperator<String> secret =
                v -> v == null || v.isEmpty() || reveal ? v : SecretPreview.redact(v);
        return new Credentials(
                file.get("SUPABASE_ANON_KEY"),
                secret.apply(file.get("SUPABASE_SERVICE_ROLE_KEY")),
                secret.apply(file.get("JWT_SECRET")),
                secret.apply(file.get("POSTGRES_PASSWORD")),
                file.get("DASHBOARD_USERNAME"),
                secret.apply(file.get("DASHBOARD_PASSWORD")),
                reveal);
    }

    private static double seconds(Instant start, OperationContext ctx) {
        return Duration.between(start, ctx.clock().instant()).toMillis() / 1000.0;
    }

    static Duration waitTimeout(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WAIT;
        }
        Duration d = DurationText.parse(text)
                .orElseThrow(() -> SupaException.invalidInput(
                        "Cannot read the wait timeout '" + text + "'",
                        "Give a number and a unit: 10m, 30m, 900s, 1h."));
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(6)) > 0) {
            throw SupaException.invalidInput(
                    "The wait timeout '" + text + "' is out of range",
                    "Use between 1s and 6h; a first deploy of Supabase usually needs 2 to 5 minutes.");
        }
        return d;
    }

    private static Choices choices(Input input, OperationContext ctx) {
        String serverId = blankToNull(input.serverId());
        String serverName = blankToNull(input.server());
        if (serverId != null && serverName != null) {
            throw SupaException.invalidInput(
                    "Both a server id (" + serverId + ") and a server name ('" + serverName + "') were given",
                    "Name the server one way: --server-id ID or --server NAME.");
        }
        String templates = blankToNull(input.templatesUrl());
        String from = "--templates-url";
        if (templates == null && ctx.config().dokploy() != null) {
            templates = blankToNull(ctx.config().dokploy().templatesUrl());
            from = "templates_url in [dokploy] of config.toml";
        }
        return new Choices(
                serverId,
                serverName,
                templates == null ? null : templatesUrl(templates, from),
                input.probe(),
                input.replaceIncomplete());
    }

    /**
     * Dokploy appends {@code /blueprints/<id>/template.toml} (and {@code /meta.json}) to the base URL as a string
     * (Dokploy v0.30.2: packages/server/src/templates/github.ts), so a trailing slash would double; it fetches with
     * Node's fetch, which needs http or https.
     */
    static String templatesUrl(String text, String from) {
        String url = text.strip().replaceAll("/+$", "");
        if (!url.matches("(?i)https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw SupaException.invalidInput(
                    "Not a templates URL: '" + text + "' (" + from + ")",
                    "Give the base URL the Dokploy server fetches blueprints/supabase/template.toml under, e.g. "
                            + DEFAULT_TEMPLATES_URL + " or http://templates.internal:8080.");
        }
        return url;
    }

    private static SetupEnv.Smtp smtp(Smtp in, OperationContext ctx, boolean noEmailConfirmation) {
        if (in == null) {
            return new SetupEnv.Smtp(null, null, null, null, null, null, noEmailConfirmation);
        }
        if (in.smtpPort() != null && (in.smtpPort() < 1 || in.smtpPort() > 65535)) {
            throw SupaException.invalidInput(
                    "SMTP port " + in.smtpPort() + " is out of range", "Use 587 (STARTTLS) or 465 (TLS).");
        }
        String password = in.smtpPassword() == null
                ? null
                : ctx.secrets()
                        .resolve(in.smtpPassword(), "the SMTP password (--smtp-password-file)")
                        .reveal();
        SetupEnv.Smtp smtp = new SetupEnv.Smtp(
                blankToNull(in.smtpHost()),
                in.smtpPort(),
                blankToNull(in.smtpUser()),
                password,
                blankToNull(in.smtpAdminEmail()),
                blankToNull(in.smtpSenderName()),
                noEmailConfirmation);
        if (smtp.host() != null && !smtp.host().matches("[A-Za-z0-9.-]+")) {
            throw SupaException.invalidInput(
                    "Not an SMTP host name: '" + smtp.host() + "'", "Give the host alone, e.g. smtp.resend.com.");
        }
        if (smtp.adminEmail() != null && !smtp.adminEmail().matches("[^@\\s]+@[^@\\s]+")) {
            throw SupaException.invalidInput(
                    "Not an e-mail address: '" + smtp.adminEmail() + "'",
                    "Give the sender address, e.g. noreply@example.com.");
        }
        return smtp;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
