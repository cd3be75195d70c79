package dev.supadokploy.ops.keys;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeEnv;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.dokploy.Domain;
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
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.SupabaseProbe;
import dev.supadokploy.supabase.keys.Es256;
import dev.supadokploy.supabase.keys.JwtSecretRules;
import dev.supadokploy.supabase.keys.KeyLifetime;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.SecretPreview;
import dev.supadokploy.supabase.keys.StackSecrets;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.supabase.rules.AuditedEnv;
import dev.supadokploy.supabase.rules.Category;
import dev.supadokploy.supabase.rules.EnvFixer;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.Rules;
import dev.supadokploy.supabase.rules.SupabaseStackRecognizer;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.DurationText;
import dev.supadokploy.util.HttpRouting;
import dev.supadokploy.util.SecureFiles;
import dev.supadokploy.util.StateDirectory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code keys regenerate} / {@code dokploy_regenerate_keys}: repairs the API keys of a Supabase stack deployed on
 * Dokploy — the role-less identical keys of Dokploy v0.21.8–v0.25.5, keys signed with another secret, expired or
 * published ones. Reads the compose's env, signs a new ANON_KEY and SERVICE_ROLE_KEY with the stack's own
 * JWT_SECRET (a new one only when asked), saves the env with only those lines changed, redeploys (a restart does
 * not re-read the .env), waits for healthy containers and proves the new keys through the public URL.
 */
public final class KeysRegenerateOperation
        extends BaseOperation<KeysRegenerateOperation.Input, KeysRegenerateOperation.Result> {
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
    /** The probe retries while the gateway settles after the deploy, for at most this long (or the wait timeout, if shorter). */
    private static final Duration PROBE_PATIENCE = Duration.ofMinutes(2);

    private static final String TITLE = "supa-dokploy keys regenerate";

    public record Input(
            DokployInput dokploy,

            @Doc("Dokploy composeId of the Supabase compose (the last part of its URL in the Dokploy dashboard)")
            String applicationId,

            @Doc("Instead of applicationId: an instance in config.toml whose dokploy_compose_id names the compose")
            String instance,

            @Doc(
                    "Also replace JWT_SECRET (default false: it is kept, because the database holds it in app.settings.jwt_secret "
                            + "and the roles' settings). Needed when the current secret cannot sign keys; the result lists what else "
                            + "must change")
            Boolean rotateJwtSecret,

            @Doc("Lifetime of the new keys: 5y (the default, as Supabase's generator), 365d, 2w, 12h, 30m, or seconds")
            String expiresIn,

            @Doc("Show what would change and change nothing: no env saved, no deploy")
            Boolean dryRun,

            @Doc("How long to wait for the redeploy and healthy containers: 10m (default), 30s, 1h…")
            String waitTimeout,

            @Doc(
                    "Put the new secret values (SERVICE_ROLE_KEY, JWT_SECRET, sb_secret_…) in the result. By default they are "
                            + "redacted: the stack's env in Dokploy holds them")
            Boolean reveal) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            rotateJwtSecret = Objects.requireNonNullElse(rotateJwtSecret, false);
            dryRun = Objects.requireNonNullElse(dryRun, false);
            reveal = Objects.requireNonNullElse(reveal, false);
        }
    }

    public record NewKey(
            @Doc("Variable name") String variable,

            @Doc("role claim (anon or service_role); absent for opaque sb_ keys")
            String role,

            @Doc("iss claim") String issuer,
            @Doc("iat claim") Instant issuedAt,
            @Doc("exp claim") Instant expiresAt,

            @Doc("alg of the JWT (HS256 for the legacy keys, ES256 for the asymmetric ones); absent for sb_ keys")
            String algorithm,

            @Doc("SHA-256 fingerprint, to recognise the key elsewhere without showing it")
            String fingerprint) {}

    public record ProbeCheck(
            @Doc("What was checked") String name,
            @Doc("The URL requested (without query)") String url,

            @Doc("HTTP status answered, absent when nothing answered")
            Integer status,

            @Doc("Whether the answer was the one expected") boolean passed,

            @Doc("What the answer means (untrusted text from the server)")
            String detail) {}

    public record Step(
            @Doc("read, plan, confirm, backup, save, redeploy, probe")
            String name,

            @Doc("done, skipped or failed") String status,
            @Doc("When it started") Instant startedAt,
            @Doc("How long it took, in milliseconds") long millis,
            @Doc("What it did") String detail) {}

    public record Result(
            @Doc("The compose's id") String applicationId,
            @Doc("The compose's name in Dokploy") String name,

            @Doc("True when nothing was changed because dryRun was set")
            boolean dryRun,

            @Doc("What was wrong with the keys and JWT secret before (rule findings as validate config reports them)")
            List<Finding> before,

            @Doc("The new keys: claims and fingerprints, never the values")
            List<NewKey> after,

            @Doc(
                    "The new values by variable: public ones (ANON_KEY, the publishable key) in full, secrets redacted unless "
                            + "reveal")
            Map<String, String> values,

            @Doc("Names whose value is redacted in values") List<String> redacted,

            @Doc("Whether JWT_SECRET was kept (false with rotateJwtSecret)")
            boolean jwtSecretKept,

            @Doc(
                    "The asymmetric key set (JWT_KEYS, JWT_JWKS, *_ASYMMETRIC, sb_ keys): regenerated (the env had one, so it was "
                            + "replaced as a whole, consistently with JWT_SECRET) or absent (left as it is)")
            String asymmetricKeys,

            @Doc("Variables whose value changed (or would change, with dryRun)")
            List<String> envChanged,

            @Doc("0600 file holding the env as it was before (absent when file writes are not allowed: an MCP server "
                    + "started without --allow-writes)")
            String backup,

            @Doc("The deployment that put the new keys in force")
            String deploymentId,

            @Doc("The stack's health after the redeploy (healthy)")
            String health,

            @Doc("The public URL probed, and where it came from")
            String publicUrl,

            @Doc("The checks through the public URL with the new keys")
            List<ProbeCheck> probe,

            @Doc("What was done, in order, with times") List<Step> steps,

            @Doc(
                    "What must happen outside the stack: applications that need the new keys, database work after a new JWT_SECRET")
            List<String> followUps) {}

    public KeysRegenerateOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_regenerate_keys",
                        List.of("keys", "regenerate"),
                        "Regenerate a deployed Supabase stack's API keys",
                        "Repair the ANON_KEY / SERVICE_ROLE_KEY of a Supabase stack on Dokploy (role-less identical keys from Dokploy "
                                + "v0.21.8–v0.25.5, keys signed with another secret, expired or published keys): reports what is wrong, "
                                + "signs new keys with the stack's JWT_SECRET (a new secret only with rotateJwtSecret), saves the env "
                                + "(comments and order kept), redeploys, waits for healthy containers and checks the public URL with the "
                                + "new keys. Every client holding the old keys stops working. dryRun shows the plan; changing anything "
                                + "needs confirm: true. Secret values are redacted unless reveal is true.",
                        // not idempotent: every run signs new keys and redeploys
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT));
    }

    /** Where the stack is, what its env holds, and what will be written. */
    private record Plan(
            Compose compose,
            ComposeEnv env,
            String previousEnv,
            List<Finding> before,
            Map<String, String> values,
            boolean rotate,
            boolean asymmetric,
            List<String> changed,
            List<String> followUps) {}

    @Override
    public Result run(Input input, OperationContext ctx) {
        String composeId = MonitoredStack.composeId(input.applicationId(), input.instance(), ctx);
        Duration lifetime = KeyLifetime.parse(input.expiresIn());
        Duration wait = waitTimeout(input.waitTimeout());
        boolean dryRun = input.dryRun();
        boolean reveal = input.reveal();
        Steps steps = new Steps(ctx);

        DokployApi api = DokployConnector.open(input.dokploy(), ctx);
        Compose compose = steps.run("read", () -> api.compose(composeId), c -> "env of " + c.name() + " read");
        DokployEnv view = DokployEnv.of(compose.env(), api.sharedEnv(composeId), api.version());
        Plan plan = steps.run(
                "plan",
                () -> plan(compose, view, input.rotateJwtSecret(), lifetime, ctx),
                p -> "new " + String.join(", ", p.changed()));
        List<String> redacted = new ArrayList<>();
        Map<String, String> shown = KeysGenerateOperation.shown(plan.values(), reveal, redacted);
        List<NewKey> after = describe(plan.values());
        String asymmetric = plan.asymmetric() ? "regenerated" : "absent";
        if (dryRun) {
            steps.skipped("save", "dry run: the env in Dokploy is unchanged");
            steps.skipped("redeploy", "dry run: nothing deployed");
            return new Result(
                    composeId,
                    compose.name(),
                    true,
                    plan.before(),
                    after,
                    shown,
                    redacted,
                    !plan.rotate(),
                    asymmetric,
                    plan.changed(),
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    steps.list(),
                    plan.followUps());
        }

        steps.run(
                "confirm",
                () -> {
                    ctx.confirm("Replace " + String.join(", ", plan.changed()) + " of " + compose.name() + " ("
                            + composeId + ") and "
                            + "redeploy it? Every client holding the old ANON_KEY or SERVICE_ROLE_KEY stops working");
                    return Boolean.TRUE;
                },
                ok -> "confirmed");
        Path backup = steps.runOptional(
                "backup",
                () -> backup(composeId, plan.previousEnv(), ctx),
                p -> p.map(path -> "previous env saved to " + path + " (mode 0600)")
                        .orElse("skipped: file writes are not allowed (MCP server without --allow-writes)"));
        String backupText = backup == null ? null : backup.toString();

        State state = new State(composeId, backupText);
        steps.guarded(
                "save",
                state,
                () -> {
                    plan.env().save(api);
                    state.saved = true;
                    return Boolean.TRUE;
                },
                ok -> "env saved: only " + String.join(", ", plan.changed()) + " changed");
        StackRollout.Outcome outcome = steps.guarded(
                "redeploy",
                state,
                () -> StackRollout.deployAndWait(api, composeId, TITLE, false, wait, ctx),
                o -> "deployment " + o.deploymentId() + " done in "
                        + o.deployTime().toMillis() + " ms; healthy after "
                        + o.healthyAfter().toMillis() + " ms");
        state.deployed = true;

        String url = publicUrl(DotEnv.parse(plan.env().text()), api.domains(composeId));
        SupabaseProbe.Report report = steps.guarded(
                "probe",
                state,
                () -> probe(url, plan, shorter(PROBE_PATIENCE, wait), ctx),
                r -> r.checks().size() + " checks through " + r.baseUrl());
        List<ProbeCheck> checks = report.checks().stream()
                .map(c -> new ProbeCheck(c.name(), c.url(), c.status(), c.passed(), c.detail()))
                .toList();
        if (!report.passed()) {
            Map<String, Object> details = state.details();
            details.put("probe", checks);
            String failed = String.join(
                    "; ",
                    report.failures().stream()
                            .map(c -> c.name() + ": " + c.detail())
                            .toList());
            throw new SupaException(
                    ErrorCode.DOKPLOY_PROBE_FAILED,
                    "The new keys are deployed, but the public URL " + report.baseUrl()
                            + " does not accept them as it should: " + failed + ". " + state.describe(),
                    "Check the failing endpoint (supa-dokploy monitor health, monitor logs --service kong or auth); if the URL "
                            + "is not where the stack is served, fix SUPABASE_PUBLIC_URL / the kong domain. "
                            + state.recovery(),
                    details,
                    null);
        }
        return new Result(
                composeId,
                compose.name(),
                false,
                plan.before(),
                after,
                shown,
                redacted,
                !plan.rotate(),
                asymmetric,
                plan.changed(),
                backupText,
                outcome.deploymentId(),
                outcome.health().overall(),
                report.baseUrl(),
                checks,
                steps.list(),
                plan.followUps());
    }

    private static Duration waitTimeout(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WAIT;
        }
        Duration d = DurationText.parse(text)
                .orElseThrow(() -> SupaException.invalidInput(
                        "Cannot read the wait timeout '" + text + "'", "Use a number with a unit: 90s, 10m, 1h."));
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(6)) > 0) {
            throw SupaException.invalidInput(
                    "The wait timeout '" + text + "' is out of range", "Use between 1s and 6h; 10m suits most stacks.");
        }
        return d;
    }

    // ---- the plan -----------------------------------------------------------------------------------------

    private static Plan plan(
            Compose compose, DokployEnv view, boolean rotate, Duration lifetime, OperationContext ctx) {
        ComposeEnv env = ComposeEnv.of(compose);
        String previous = env.text();
        DotEnv document = env.document();
        if (document.get(AuditedEnv.JWT_SECRET).isEmpty()
                && document.get(AuditedEnv.ANON_KEY).isEmpty()) {
            throw SupaException.invalidInput(
                    "The env of " + compose.name() + " (" + compose.composeId() + ") has neither "
                            + "JWT_SECRET nor ANON_KEY: not a Supabase stack",
                    "Name the Supabase compose (supa-dokploy instances list shows them).");
        }
        refuseReferences(compose, view, rotate);
        Instant now = ctx.clock().instant();
        List<Finding> before = Rules.evaluate(
                        new AuditedEnv(document, null, now, "the env of " + compose.composeId()).withDokployView(view))
                .stream()
                .filter(KeysRegenerateOperation::aboutKeys)
                .toList();

        SecretGenerator generator = new SecretGenerator(new SecureRandom());
        // the secret the services get: a ${{project.JWT_SECRET}} reference is signed with as Dokploy resolves it
        String oldSecret = view.values().getOrDefault(AuditedEnv.JWT_SECRET, "");
        String secret = oldSecret;
        Map<String, String> values = new LinkedHashMap<>();
        if (rotate) {
            secret = StackSecrets.JWT_SECRET.generate().apply(generator);
            values.put(AuditedEnv.JWT_SECRET, secret);
        } else {
            List<String> problems = JwtSecretRules.problems(oldSecret, view.dollarLiteral());
            if (!problems.isEmpty()) {
                throw SupaException.invalidInput(
                        "The JWT_SECRET of " + compose.name() + " (" + compose.composeId() + ") cannot sign new keys: "
                                + String.join("; ", problems) + ". Nothing was changed",
                        "Pass --rotate-jwt-secret (MCP: rotateJwtSecret: true) to replace it too; the database keeps the old "
                                + "secret, so the result lists what must change there.");
            }
        }
        values.putAll(distinctKeys(secret, now, lifetime, document));
        boolean asymmetric = KeysGenerateOperation.NEW_API_KEYS.stream()
                .anyMatch(name -> !Es256.isEmptyKeySet(document.get(name).orElse("")));
        if (asymmetric) {
            refuseUnwired(compose);
            long iat = now.getEpochSecond();
            String kid = generator.uuid().toString();
            values.putAll(KeysGenerateOperation.newApiKeys(
                    Es256.generate(new SecureRandom(), kid), secret, generator, iat, iat + lifetime.getSeconds()));
        }
        values.forEach(env::set);
        List<String> changed = values.keySet().stream()
                .filter(name -> !Objects.equals(
                        values.get(name), DotEnv.parse(previous).get(name).orElse(null)))
                .toList();

        List<String> followUps = new ArrayList<>();
        followUps.add(
                "Give the new ANON_KEY (browsers and apps) and SERVICE_ROLE_KEY (servers only) to every application "
                        + "that uses this stack: the old ones are refused from now on");
        if (asymmetric) {
            followUps.add(
                    "The sb_ keys (SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY) and the ES256 signing key were "
                            + "replaced too: applications using sb_ keys need the new ones");
        }
        if (rotate) {
            followUps.add(EnvFixer.JWT_SECRET_ROTATED);
        }
        return new Plan(compose, env, previous, before, values, rotate, asymmetric, changed, List.copyOf(followUps));
    }

    /**
     * Refuses to regenerate the asymmetric set of a stack whose compose file does not hand JWT_JWKS to every service
     * that verifies JWTs: the new set would be as half-wired as the old one (Dokploy's template hands JWT_KEYS to
     * GoTrue only). Chosen over rewriting the compose file: the file is the operator's, and a template update would
     * silently undo the wiring. Without a readable compose file nothing can be judged, and the set is regenerated.
     */
    private static void refuseUnwired(Compose compose) {
        List<String> unwired = StackShape.read(compose.composeFile())
                .map(StackShape::verifiersWithoutJwks)
                .orElse(List.of());
        if (unwired.isEmpty()) {
            return;
        }
        String services = String.join(
                ", ",
                unwired.stream()
                        .map(s -> s + " (" + StackShape.JWT_VERIFIERS.get(s) + ")")
                        .toList());
        throw new SupaException(
                ErrorCode.VALIDATION_KEYS_UNWIRED,
                "The env of " + compose.name() + " ("
                        + compose.composeId()
                        + ") holds asymmetric keys (JWT_KEYS, *_ASYMMETRIC, sb_ keys), but its compose file "
                        + "hands JWT_JWKS to none of " + services
                        + ": they verify with JWT_SECRET alone, so user sessions GoTrue "
                        + "signs with the ES256 key and sb_ keys are refused there. Regenerating the set would keep that trap; "
                        + "nothing was changed",
                "Either wire JWT_JWKS into those services in the compose file (Dokploy → the compose → General → Raw; "
                        + "PostgREST: PGRST_JWT_SECRET: ${JWT_JWKS:-${JWT_SECRET}}, as Supabase's own compose) and redeploy, "
                        + "or drop the asymmetric set from the env (JWT_KEYS=[], the *_ASYMMETRIC and sb_ keys empty); then run "
                        + "keys regenerate again.",
                Map.of("applicationId", compose.composeId(), "unwired", unwired),
                null);
    }

    /**
     * Keys regeneration writes literals: over a {@code ${{…}}} reference that would silently cut the link to the
     * project's or environment's env (or a secrets provider), so it refuses; and it cannot sign with a secret whose
     * value it cannot see.
     */
    private static void refuseReferences(Compose compose, DokployEnv view, boolean rotate) {
        List<String> written = new ArrayList<>(AuditedEnv.API_KEYS);
        written.addAll(KeysGenerateOperation.NEW_API_KEYS);
        if (rotate) {
            written.add(AuditedEnv.JWT_SECRET);
        }
        List<String> referenced = written.stream().filter(view::isReference).toList();
        String stack = compose.name() + " (" + compose.composeId() + ")";
        if (!referenced.isEmpty()) {
            throw SupaException.invalidInput(
                    "In the env of " + stack + ", " + String.join(", ", referenced)
                            + (referenced.size() == 1 ? " is a ${{…}} reference" : " are ${{…}} references") + " ("
                            + String.join(
                                    "; ",
                                    referenced.stream()
                                            .map(v -> v + ": " + view.whereValueLives(v))
                                            .toList())
                            + "): regenerating would replace " + (referenced.size() == 1 ? "it" : "them")
                            + " with literals. "
                            + "Nothing was changed",
                    "Regenerate the keys where they live (e.g. supa-dokploy keys generate, then paste the values into the project's "
                            + "or environment's env in Dokploy and redeploy), or replace the references in this compose's env first.");
        }
        DokployEnv.Reference secret = view.unknown().get(AuditedEnv.JWT_SECRET);
        if (secret != null && !rotate) {
            throw SupaException.invalidInput(
                    "The JWT_SECRET of " + stack + " is " + secret.reference() + ", " + secret.detail()
                            + ": new keys cannot be signed with a secret this tool cannot see. Nothing was changed",
                    secret.why() == DokployEnv.Unknown.MISSING
                            ? "Fix the reference (the next deploy fails on it), then run again."
                            : "Sign the keys where the secret lives (supa-dokploy keys generate --jwt-secret-file FILE with the "
                                    + "secret's value), and save them in Dokploy.");
        }
    }

    /** Findings a key regeneration answers: the keys' own, the JWT secret's, and published example values among them. */
    private static boolean aboutKeys(Finding f) {
        return f.category() == Category.keys
                || f.variables().stream()
                        .anyMatch(v -> v.equals(AuditedEnv.JWT_SECRET)
                                || AuditedEnv.API_KEYS.contains(v)
                                || KeysGenerateOperation.NEW_API_KEYS.contains(v));
    }

    /**
     * New legacy keys, each different from both old ones: with the same secret, claims and second, a key would
     * come out byte for byte the same as the one it replaces, so iat then moves back a second.
     */
    private static Map<String, String> distinctKeys(String secret, Instant now, Duration lifetime, DotEnv old) {
        List<String> oldKeys = AuditedEnv.API_KEYS.stream()
                .map(n -> old.get(n).orElse("").strip())
                .toList();
        long iat = now.getEpochSecond();
        while (true) {
            Map<String, String> keys = StackSecrets.apiKeys(secret, iat, iat + lifetime.getSeconds());
            if (keys.values().stream().noneMatch(oldKeys::contains)) {
                return keys;
            }
            iat--;
        }
    }

    private static List<NewKey> describe(Map<String, String> values) {
        List<NewKey> keys = new ArrayList<>();
        values.forEach((name, value) -> {
            if (name.equals(AuditedEnv.JWT_SECRET) || name.equals("JWT_KEYS") || name.equals("JWT_JWKS")) {
                return;
            }
            try {
                SupabaseJwt.Decoded jwt = SupabaseJwt.decode(value);
                keys.add(new NewKey(
                        name,
                        jwt.role().orElse(null),
                        jwt.issuer().orElse(null),
                        jwt.issuedAt().orElse(null),
                        jwt.expiresAt().orElse(null),
                        jwt.algorithm().orElse(null),
                        SecretPreview.fingerprint(value)));
            } catch (SupabaseJwt.NotAJwtException e) {
                keys.add(new NewKey(name, null, null, null, null, null, SecretPreview.fingerprint(value)));
            }
        });
        return keys;
    }

    // ---- backup, URL, probe --------------------------------------------------------------------------------

    /**
     * The env as it was, in a 0600 file, so a failed rollout can be undone by hand. Only where files may be written:
     * an MCP server started without --allow-writes keeps no copy (the step says so), and the new env stays in Dokploy.
     */
    private static Optional<Path> backup(String composeId, String previousEnv, OperationContext ctx) {
        if (!ctx.policy().allowWrites()) {
            return Optional.empty();
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(ctx.clock().instant());
        Path file = StateDirectory.of(ctx.env()).resolve("env-backups").resolve(composeId + "-" + stamp + ".env");
        SecureFiles.writeAtomically(file, previousEnv);
        return Optional.of(file);
    }

    /**
     * The URL clients use. The env's SUPABASE_PUBLIC_URL (else API_EXTERNAL_URL) names the host; when a kong domain
     * of the compose serves that host, Traefik serves it the way the domain says (http or https), so the domain's
     * scheme wins. Without such URLs in the env, the kong domain (https preferred).
     */
    static String publicUrl(DotEnv env, List<Domain> domains) {
        return SupabaseStackRecognizer.clientUrl(domains, env)
                .orElseThrow(() -> new SupaException(
                        ErrorCode.DOKPLOY_PROBE_FAILED,
                        "No public URL to check the new keys on: the env has no SUPABASE_PUBLIC_URL / API_EXTERNAL_URL and the "
                                + "compose has no kong domain",
                        "Add a domain for kong (port 8000) in Dokploy or set SUPABASE_PUBLIC_URL, then check with "
                                + "supa-dokploy monitor health."));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static SupabaseProbe.Report probe(String url, Plan plan, Duration patience, OperationContext ctx) {
        SupabaseProbe probe = new SupabaseProbe(HttpRouting.fromEnv(ctx.env()), ctx.clock());
        return probe.probe(
                url,
                Secret.of(plan.values().get(AuditedEnv.ANON_KEY)),
                Secret.of(plan.values().get(AuditedEnv.SERVICE_ROLE_KEY)),
                patience,
                ctx.cancellation()::isCancelled);
    }

    // ---- steps and the state a failure leaves ----------------------------------------------------------------

    /** How far a rollout got, for the error that stops it. */
    private static final class State {
        final String composeId;
        final String backup;
        boolean saved;
        boolean deployed;

        State(String composeId, String backup) {
            this.composeId = composeId;
            this.backup = backup;
        }

        String describe() {
            if (!saved) {
                return "State: nothing changed (the env in Dokploy is as it was).";
            }
            return deployed
                    ? "State: the new env is saved and deployed."
                    : "State: the new env is saved in Dokploy but the "
                            + "running containers may still use the old keys (the redeploy did not complete).";
        }

        String recovery() {
            String old = backup == null
                    ? " No copy of the old env was written (file writes are off)."
                    : " The old env is in " + backup
                            + ": paste it into the compose's Environment tab in Dokploy and redeploy to " + "go back.";
            if (!saved) {
                return "Run the command again." + old;
            }
            return "To finish: fix the cause, then redeploy the compose (Dokploy: the compose → Deploy) or run supa-dokploy "
                    + "keys regenerate again (it makes yet another pair of keys)." + old;
        }

        Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("applicationId", composeId);
            details.put("envSaved", saved);
            details.put("deployed", deployed);
            details.put("backup", backup);
            return details;
        }
    }

    private static final class Steps {
        private final OperationContext ctx;
        private final List<Step> done = new ArrayList<>();

        Steps(OperationContext ctx) {
            this.ctx = ctx;
        }

        <T> T run(String name, Supplier<T> work, java.util.function.Function<T, String> detail) {
            ctx.cancellation().throwIfCancelled();
            ctx.progress().report(name, 0, -1);
            Instant start = ctx.clock().instant();
            T value = work.get();
            done.add(new Step(
                    name,
                    "done",
                    start,
                    Duration.between(start, ctx.clock().instant()).toMillis(),
                    detail.apply(value)));
            return value;
        }

        Path runOptional(
                String name,
                Supplier<Optional<Path>> work,
                java.util.function.Function<Optional<Path>, String> detail) {
            Instant start = ctx.clock().instant();
            Optional<Path> value = work.get();
            done.add(new Step(
                    name,
                    value.isPresent() ? "done" : "skipped",
                    start,
                    Duration.between(start, ctx.clock().instant()).toMillis(),
                    detail.apply(value)));
            return value.orElse(null);
        }

        /** A step after which the stack may be half changed: its failure says how far it got and how to recover. */
        <T> T guarded(String name, State state, Supplier<T> work, java.util.function.Function<T, String> detail) {
            try {
                return run(name, work, detail);
            } catch (SupaException e) {
                Map<String, Object> details = new LinkedHashMap<>(e.details());
                details.putAll(state.details());
                details.put("failedStep", name);
                String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
                throw new SupaException(
                        e.code(),
                        message + " " + state.describe(),
                        e.suggestion() + " " + state.recovery(),
                        details,
                        e);
            }
        }

        void skipped(String name, String why) {
            done.add(new Step(name, "skipped", ctx.clock().instant(), 0, why));
        }

        List<Step> list() {
            return List.copyOf(done);
        }
    }
}
