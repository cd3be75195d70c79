package dev.supadokploy.ops.validate;

import dev.supadokploy.dokploy.DokployApi;
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
import dev.supadokploy.ops.keys.KeysGenerateOperation;
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.SecretPreview;
import dev.supadokploy.supabase.rules.AuditedEnv;
import dev.supadokploy.supabase.rules.EnvFixer;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.LiveStackRules;
import dev.supadokploy.supabase.rules.PublicEndpoint;
import dev.supadokploy.supabase.rules.Remedy;
import dev.supadokploy.supabase.rules.Rules;
import dev.supadokploy.supabase.rules.Severity;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.DurationText;
import dev.supadokploy.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code validate config} / {@code dokploy_validate_config}: the rules of {@link Rules} over a Supabase env, from
 * one of two sources. A local .env ({@code envFile}): {@code fix} writes a corrected file in place (original kept
 * beside it) and checks again. A compose on Dokploy ({@code applicationId} / {@code instance}): the saved env judged
 * against the compose's kong domain, plus what only the live deployment shows (containers, the last deploy, keys
 * refused by the running stack); {@code fix} saves the corrected env, redeploys, waits and checks again, after a
 * confirmation. {@code offerFix} returns the fixes as an env patch and changes nothing, for either source.
 */
public final class ValidateConfigOperation
        extends BaseOperation<ValidateConfigOperation.Input, ValidateConfigOperation.Result> {
    /** Far larger than any real .env; stops a mistaken path (a database dump, a log) from being read whole. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final String SOURCE_FILE = "file";
    static final String SOURCE_DOKPLOY = "dokploy";

    /** Variables every Supabase .env has; a file with none of them is something else. */
    private static final List<String> SUPABASE_MARKERS = List.of(
            AuditedEnv.JWT_SECRET, AuditedEnv.ANON_KEY, AuditedEnv.SERVICE_ROLE_KEY, AuditedEnv.POSTGRES_PASSWORD);
    /** Values a patch may show without reveal: addresses, and keys that are public by design. */
    private static final Set<String> PUBLIC_VARIABLES =
            Set.of("API_EXTERNAL_URL", "SUPABASE_PUBLIC_URL", "SITE_URL", "SUPABASE_HOST");

    public record Input(
            @Doc(
                    "The Supabase .env file to check: a path on the machine running supa-dokploy. Give this, or applicationId / "
                            + "instance for a compose on Dokploy")
            String envFile,

            DokployInput dokploy,

            @Doc(
                    "Dokploy composeId of the Supabase compose to check (the last part of its URL in the Dokploy dashboard)")
            String applicationId,

            @Doc("Instead of applicationId: an instance in config.toml whose dokploy_compose_id names the compose")
            String instance,

            @Doc(
                    "envFile only: the URL (or bare domain) the stack is served on, e.g. https://supabase.example.com; with a scheme, "
                            + "http vs https is checked too and fix can correct API_EXTERNAL_URL / SUPABASE_PUBLIC_URL. A Dokploy compose "
                            + "is judged against its kong domain instead")
            String publicUrl,

            @Doc(
                    "Apply the fixes. envFile: write a corrected file in place, keeping comments and order, with the original "
                            + "saved beside it (.bak). Dokploy compose: save the corrected env, redeploy, wait for healthy containers "
                            + "(needs confirmation). Then check again. Re-signs broken keys with the existing JWT_SECRET, fills missing "
                            + "or weak generated secrets, removes trailing slashes")
            Boolean fix,

            @Doc("Return the fixes as an env patch (variable, action, reason) without applying anything")
            Boolean offerFix,

            @Doc("With offerFix: show the new values of secrets in the patch (redacted otherwise)")
            Boolean reveal,

            @Doc(
                    "With fix or offerFix: also replace JWT_SECRET when a finding requires it, and sign both keys with the new "
                            + "one. The database keeps the old secret, so the result lists what else must change")
            Boolean rotateJwtSecret,

            @Doc(
                    "With fix or offerFix: also replace POSTGRES_PASSWORD when a finding requires it. The database keeps the old "
                            + "password, so the result lists the ALTER USER statements needed")
            Boolean rotatePostgresPassword,

            @Doc(
                    "Dokploy compose: probe the public endpoint with the saved keys (default true; a few quick requests) to "
                            + "find keys saved but not deployed")
            Boolean probe,

            @Doc(
                    "Dokploy compose with fix: how long to wait for the redeploy and healthy containers, e.g. 10m (default)")
            String timeout) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            fix = Objects.requireNonNullElse(fix, false);
            offerFix = Objects.requireNonNullElse(offerFix, false);
            reveal = Objects.requireNonNullElse(reveal, false);
            rotateJwtSecret = Objects.requireNonNullElse(rotateJwtSecret, false);
            rotatePostgresPassword = Objects.requireNonNullElse(rotatePostgresPassword, false);
        }

        /** A local file's audit, as before the Dokploy source existed. */
        public Input(
                String envFile,
                String publicUrl,
                Boolean fix,
                Boolean rotateJwtSecret,
                Boolean rotatePostgresPassword) {
            this(
                    envFile,
                    null,
                    null,
                    null,
                    publicUrl,
                    fix,
                    null,
                    null,
                    rotateJwtSecret,
                    rotatePostgresPassword,
                    null,
                    null);
        }
    }

    public record Counts(
            @Doc("Error-severity findings: the configuration is broken or exposed")
            int errors,

            @Doc("Warnings: worth fixing soon") int warnings,
            @Doc("Advice") int info) {

        static Counts of(List<Finding> findings) {
            return new Counts(
                    count(findings, Severity.error), count(findings, Severity.warning), count(findings, Severity.info));
        }

        private static int count(List<Finding> findings, Severity severity) {
            return (int) findings.stream().filter(f -> f.severity() == severity).count();
        }
    }

    public record PatchEntry(
            @Doc("The variable") String variable,

            @Doc("set (replace the value) or add (a new line at the end)")
            String action,

            @Doc("Why and how, e.g. 're-signed with the existing JWT_SECRET: role anon …'")
            String reason,

            @Doc("The new value; redacted for secrets unless reveal")
            String value,

            @Doc("Whether value is redacted") boolean redacted) {}

    public record OfferedFix(
            @Doc("The changes the fix would make to the env, in order; nothing was written")
            List<PatchEntry> patch,

            @Doc(
                    "What must also happen outside the env: in the database, in applications, in Dokploy's domain settings, a redeploy")
            List<String> followUps,

            @Doc("Fixes left out and why (e.g. JWT_SECRET without rotateJwtSecret)")
            List<String> skipped) {}

    public record FixReport(
            @Doc(
                    "Whether the env was written (file) or saved to Dokploy (compose); false when nothing could be fixed automatically")
            boolean written,

            @Doc("envFile: the corrected file, written atomically with mode 0600")
            String file,

            @Doc("envFile: the original file, saved beside it before writing (mode 0600)")
            String backup,

            @Doc("What was changed: variable names and how, never values")
            List<EnvFixer.Change> changes,

            @Doc("Findings the changes resolved") List<Finding> resolved,

            @Doc(
                    "What must also happen outside the env for the changes to work: inside the database, in applications, in "
                            + "Dokploy's domain settings, a redeploy (file)")
            List<String> followUps,

            @Doc("Fixes left undone and why (e.g. JWT_SECRET without rotateJwtSecret)")
            List<String> skipped,

            @Doc("Findings per severity before fixing") Counts before,

            @Doc("Dokploy compose: whether it was redeployed and came back healthy")
            boolean redeployed,

            @Doc("Dokploy compose: the redeploy's deploymentId")
            String deploymentId) {}

    public record Result(
            @Doc("Where the env came from: file or dokploy") String source,

            @Doc("The file checked (absolute path); absent for a Dokploy compose")
            String envFile,

            @Doc("The Dokploy compose checked (applicationId); absent for a file")
            String applicationId,

            @Doc("The compose's name in Dokploy") String name,

            @Doc("The public URL the URLs were compared with: --public-url for a file, the kong domain for a compose "
                    + "(host only when the domain serves http but the env asks for https)")
            String publicUrl,

            @Doc("True when no error-severity finding remains; the CLI exits 5 otherwise")
            boolean passed,

            @Doc("Findings per severity (with fix: those that remain)")
            Counts counts,

            @Doc(
                    "The findings, errors first (with fix: those that remain after fixing). Each has a stable rule id, category, "
                            + "severity, message, redacted evidence and a fix")
            List<Finding> findings,

            @Doc("Dokploy compose: the probe of the public endpoint with the saved keys")
            DokployComposeAudit.ProbeReport probe,

            @Doc("What offerFix would change; absent without offerFix")
            OfferedFix offeredFix,

            @Doc("What fix did; absent without fix") FixReport fix) {}

    public ValidateConfigOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_validate_config",
                        List.of("validate", "config"),
                        "Validate a Supabase configuration",
                        "Audit a self-hosted Supabase configuration: a compose on Dokploy (applicationId or instance) or a local .env "
                                + "(envFile). Env rules: API keys (roles, signatures, algorithm, expiry, the Dokploy role-less key bug), "
                                + "JWT_SECRET, public URLs, POSTGRES_PASSWORD, the pooler, SMTP, Studio, analytics tokens, published "
                                + "example secrets and file syntax. On Dokploy also: the URLs against the kong domain, https and its "
                                + "certificate, containers restarting, exited or unhealthy, a failed last deploy, and keys saved but not "
                                + "deployed (a probe of the public endpoint). Each finding has a stable rule id, severity, redacted "
                                + "evidence and a fix. offerFix: the fixes as an env patch, nothing changed. fix: envFile rewritten "
                                + "(original kept as .bak); a compose's env saved, redeployed and waited for (needs confirm: true). "
                                + "JWT_SECRET and POSTGRES_PASSWORD change only with rotateJwtSecret / rotatePostgresPassword.",
                        // not idempotent: fix with rotateJwtSecret / rotatePostgresPassword makes a new secret each
                        // time
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        boolean fix = input.fix();
        boolean offer = input.offerFix();
        EnvFixer.Options options = new EnvFixer.Options(input.rotateJwtSecret(), input.rotatePostgresPassword());
        if (fix && offer) {
            throw SupaException.invalidInput(
                    "Give either fix or offerFix, not both",
                    "--offer-fix shows the changes without applying them; --fix applies them (MCP: fix / offerFix).");
        }
        if (!fix && !offer && (options.rotateJwtSecret() || options.rotatePostgresPassword())) {
            throw SupaException.invalidInput(
                    "--rotate-jwt-secret and --rotate-postgres-password only take effect with --fix "
                            + "or --offer-fix",
                    "Add --fix or --offer-fix (MCP: \"fix\" / \"offerFix\": true), or leave the rotate "
                            + "options out to only check.");
        }
        boolean byFile = input.envFile() != null && !input.envFile().isBlank();
        boolean byCompose = notBlank(input.applicationId()) || notBlank(input.instance());
        if (byFile && byCompose) {
            throw SupaException.invalidInput(
                    "Give one source: envFile or applicationId / instance, not both",
                    "Pass --env-file FILE for a local .env, or --compose-id COMPOSE_ID / --instance NAME for the compose on "
                            + "Dokploy (MCP: envFile, or applicationId / instance).");
        }
        if (!byFile && !byCompose) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "Nothing to check: no env file and no Dokploy compose",
                    "Pass --compose-id COMPOSE_ID (or --instance NAME) to check the Supabase compose on Dokploy, or "
                            + "--env-file FILE for a local .env (MCP: applicationId, instance or envFile).");
        }
        if (byCompose) {
            return runOnCompose(input, options, fix, offer, ctx);
        }
        if (input.probe() != null || notBlank(input.timeout())) {
            throw SupaException.invalidInput(
                    "--probe / --no-probe and --timeout apply to a Dokploy compose, not to --env-file",
                    "Leave them out to check the file, or pass --compose-id / --instance instead of --env-file.");
        }
        if (fix) {
            ctx.requireFileWritesAllowed("fix " + input.envFile());
        }
        PublicEndpoint publicUrl = parsePublicUrl(input.publicUrl());
        Path file = resolve(input.envFile());
        Instant now = ctx.clock().instant();

        String text = read(file);
        DotEnv dotEnv = DotEnv.parse(text);
        requireSupabaseEnv(dotEnv, file + " does not look like a Supabase .env");
        AuditedEnv audited = new AuditedEnv(dotEnv, publicUrl, now, input.envFile());
        List<Finding> findings = Rules.evaluate(audited);
        String shownUrl = publicUrl == null ? null : publicUrl.display();
        if (offer) {
            OfferedFix offered = offer(
                    text,
                    findings,
                    options,
                    now,
                    input.reveal(),
                    copy -> new AuditedEnv(copy, publicUrl, now, input.envFile()));
            return fileResult(file, shownUrl, findings, offered, null);
        }
        if (!fix) {
            return fileResult(file, shownUrl, findings, null, null);
        }

        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(), now).apply(audited, findings, options);
        String backup = null;
        List<Finding> after = findings;
        if (!outcome.changes().isEmpty()) {
            backup = SecureFiles.backup(file).toString();
            SecureFiles.writeAtomically(file, dotEnv.write());
            after = Rules.evaluate(new AuditedEnv(DotEnv.parse(read(file)), publicUrl, now, input.envFile()));
        }
        FixReport report = new FixReport(
                !outcome.changes().isEmpty(),
                outcome.changes().isEmpty() ? null : file.toString(),
                backup,
                outcome.changes(),
                resolved(findings, after),
                outcome.followUps(),
                outcome.skipped(),
                Counts.of(findings),
                false,
                null);
        return fileResult(file, shownUrl, after, null, report);
    }

    private Result runOnCompose(
            Input input, EnvFixer.Options options, boolean fix, boolean offer, OperationContext ctx) {
        if (notBlank(input.publicUrl())) {
            throw SupaException.invalidInput(
                    "--public-url is for --env-file: a Dokploy compose is judged against its own kong domain",
                    "Leave --public-url out (MCP: publicUrl); to change where the stack is served, edit the kong domain in Dokploy.");
        }
        Duration timeout = timeout(input.timeout());
        String composeId = MonitoredStack.composeId(input.applicationId(), input.instance(), ctx);
        String stackArguments = notBlank(input.applicationId())
                ? "--compose-id " + AuditedEnv.shellWord(composeId)
                : "--instance " + AuditedEnv.shellWord(input.instance().strip());
        boolean probe = input.probe() == null || input.probe();
        DokployApi api = DokployConnector.open(input.dokploy(), ctx);
        DokployComposeAudit.Audit audit = DokployComposeAudit.run(api, composeId, stackArguments, probe, ctx);
        requireSupabaseEnv(audit.env(), "The env of compose " + composeId + " does not look like a Supabase stack's");
        Instant now = ctx.clock().instant();
        List<Finding> findings = audit.findings();
        if (offer) {
            OfferedFix offered = offer(
                    audit.compose().env() == null ? "" : audit.compose().env(),
                    findings,
                    options,
                    now,
                    input.reveal(),
                    copy -> AuditedEnv.ofDokployCompose(copy, audit.endpoint(), now, stackArguments)
                            .withShape(audit.audited().shape().orElse(null))
                            .withDokployView(audit.audited().dokploy().orElse(null)));
            return composeResult(audit, findings, offered, null);
        }
        if (!fix) {
            return composeResult(audit, findings, null, null);
        }

        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(), now).apply(audit.audited(), findings, options);
        List<String> followUps = new ArrayList<>(outcome.followUps());
        followUps.remove(EnvFixer.REDEPLOY_FOLLOW_UP); // done here
        followUps.addAll(dokployFollowUps(findings));
        boolean redeployAsked = findings.stream().anyMatch(f -> f.fix().remedy() == Remedy.redeploy);
        if (outcome.changes().isEmpty() && !redeployAsked) {
            FixReport nothing = new FixReport(
                    false,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    followUps,
                    outcome.skipped(),
                    Counts.of(findings),
                    false,
                    null);
            return composeResult(audit, findings, null, nothing);
        }
        confirm(audit, outcome.changes(), ctx);
        if (!outcome.changes().isEmpty()) {
            api.saveEnvironment(composeId, audit.env().write());
        }
        StackRollout.Outcome rollout =
                StackRollout.deployAndWait(api, composeId, "supa-dokploy validate config --fix", false, timeout, ctx);
        DokployComposeAudit.Audit again = DokployComposeAudit.run(api, composeId, stackArguments, probe, ctx);
        FixReport report = new FixReport(
                !outcome.changes().isEmpty(),
                null,
                null,
                outcome.changes(),
                resolved(findings, again.findings()),
                followUps,
                outcome.skipped(),
                Counts.of(findings),
                true,
                rollout.deploymentId());
        return composeResult(again, again.findings(), null, report);
    }

    /** Shows the change and asks: saving and redeploying recreates the running containers. */
    private static void confirm(DokployComposeAudit.Audit audit, List<EnvFixer.Change> changes, OperationContext ctx) {
        String what = changes.isEmpty()
                ? "Redeploy compose " + label(audit) + " so its containers read the saved env"
                : "Save " + changes.size() + (changes.size() == 1 ? " change" : " changes") + " to the env of compose "
                        + label(audit) + " ("
                        + String.join(
                                "; ",
                                changes.stream()
                                        .map(c -> c.variable() + ": " + c.action())
                                        .toList())
                        + ") and redeploy it";
        try {
            ctx.confirm(what + "? The running containers are recreated.");
        } catch (SupaException e) {
            if (e.code() != ErrorCode.VALIDATION_CONFIRMATION_REQUIRED) {
                throw e;
            }
            throw new SupaException(
                    ErrorCode.VALIDATION_CONFIRMATION_REQUIRED,
                    e.getMessage(),
                    "Nothing was changed. See the exact patch with --offer-fix, then run --fix again with --yes (MCP: "
                            + "\"confirm\": true).");
        }
    }

    private static String label(DokployComposeAudit.Audit audit) {
        return audit.compose().name() + " (" + audit.compose().composeId() + ")";
    }

    /** Findings only Dokploy's own settings fix: listed as steps, never applied behind the operator's back. */
    private static List<String> dokployFollowUps(List<Finding> findings) {
        return findings.stream()
                .filter(LiveStackRules::needsDokploySettings)
                .map(f -> f.ruleId() + ": " + f.fix().action())
                .toList();
    }

    /** The fixes computed on a copy of the env: what would change, nothing written. */
    private static OfferedFix offer(
            String text,
            List<Finding> findings,
            EnvFixer.Options options,
            Instant now,
            boolean reveal,
            java.util.function.Function<DotEnv, AuditedEnv> audit) {
        DotEnv original = DotEnv.parse(text);
        DotEnv copy = DotEnv.parse(text);
        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(), now).apply(audit.apply(copy), findings, options);
        Map<String, String> before = original.toMap();
        Set<String> seen = new LinkedHashSet<>();
        List<PatchEntry> patch = new ArrayList<>();
        for (EnvFixer.Change change : outcome.changes()) {
            if (!seen.add(change.variable())) {
                continue;
            }
            String value = copy.get(change.variable()).orElse("");
            boolean hide = !reveal
                    && !PUBLIC_VARIABLES.contains(change.variable())
                    && !KeysGenerateOperation.PUBLIC_VALUES.contains(change.variable());
            patch.add(new PatchEntry(
                    change.variable(),
                    before.containsKey(change.variable()) ? "set" : "add",
                    change.action(),
                    hide ? SecretPreview.redact(value) : value,
                    hide));
        }
        List<String> followUps = new ArrayList<>(outcome.followUps());
        followUps.addAll(dokployFollowUps(findings));
        return new OfferedFix(List.copyOf(patch), List.copyOf(followUps), outcome.skipped());
    }

    private static Result fileResult(
            Path file, String publicUrl, List<Finding> findings, OfferedFix offered, FixReport fix) {
        Counts counts = Counts.of(findings);
        return new Result(
                SOURCE_FILE,
                file.toString(),
                null,
                null,
                publicUrl,
                counts.errors() == 0,
                counts,
                findings,
                null,
                offered,
                fix);
    }

    private static Result composeResult(
            DokployComposeAudit.Audit audit, List<Finding> findings, OfferedFix offered, FixReport fix) {
        Counts counts = Counts.of(findings);
        return new Result(
                SOURCE_DOKPLOY,
                null,
                audit.compose().composeId(),
                audit.compose().name(),
                audit.endpoint() == null ? null : audit.endpoint().display(),
                counts.errors() == 0,
                counts,
                findings,
                audit.probe(),
                offered,
                fix);
    }

    private static Duration timeout(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        return DurationText.parse(text)
                .filter(d -> !d.isZero() && d.compareTo(Duration.ofHours(2)) <= 0)
                .orElseThrow(() -> SupaException.invalidInput(
                        "Not a timeout: " + text, "Give a duration between 1s and 2h, e.g. 10m or 300s."));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Findings before that are gone after, matched by rule id and variables (messages may mention new values). */
    private static List<Finding> resolved(List<Finding> before, List<Finding> after) {
        Map<String, Integer> remaining = new HashMap<>();
        after.forEach(f -> remaining.merge(f.label(), 1, Integer::sum));
        List<Finding> resolved = new ArrayList<>();
        for (Finding f : before) {
            if (remaining.getOrDefault(f.label(), 0) > 0) {
                remaining.merge(f.label(), -1, Integer::sum);
            } else {
                resolved.add(f);
            }
        }
        return resolved;
    }

    private static PublicEndpoint parsePublicUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return PublicEndpoint.parseDomainOrUrl(text)
                .orElseThrow(() -> SupaException.invalidInput(
                        "Not a URL or domain: " + text,
                        "Give the address the stack is served on, e.g. https://supabase.example.com "
                                + "or supabase.example.com."));
    }

    /** The real file behind the name, so that --fix rewrites the file a symlink points to rather than the link. */
    private static Path resolve(String name) {
        Path path = Path.of(name).toAbsolutePath();
        try {
            Path real = path.toRealPath();
            if (Files.isDirectory(real)) {
                throw SupaException.invalidInput(
                        path + " is a directory, not an env file",
                        "Pass the .env file itself, e.g. --env-file " + path.resolve(".env") + ".");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw SupaException.invalidInput(
                    "Env file not found: " + path,
                    "Check the path. In Dokploy, copy the compose's Environment tab into a file (mode 0600) and pass that.");
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot open " + path + ": " + e.getMessage(), "Check the path and its permissions.");
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw SupaException.invalidInput(
                        file + " is larger than 1 MiB: not a .env file", "Pass the .env of the Supabase stack.");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SupaException.invalidInput(
                    file + " is not UTF-8 text: not a .env file", "Pass the .env of the Supabase stack.");
        } catch (AccessDeniedException e) {
            throw SupaException.invalidInput(
                    "Cannot read " + file + ": permission denied",
                    "Run as the file's owner, or give this user read access (keep it away from others: it holds secrets).");
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read " + file + ": " + e.getMessage(), "Check the path and its permissions.");
        }
    }

    private static void requireSupabaseEnv(DotEnv env, String what) {
        boolean supabase = env.toMap().keySet().stream().anyMatch(SUPABASE_MARKERS::contains);
        if (!supabase) {
            throw SupaException.invalidInput(
                    what + ": it assigns none of " + String.join(", ", SUPABASE_MARKERS),
                    "Pass the .env of the Supabase stack (Dokploy: the compose's Environment tab).");
        }
    }
}
