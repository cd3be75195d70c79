package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.StackSecrets;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.supabase.keys.SupabaseKeyClaims;
import dev.supadokploy.util.DotEnv;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the automatic fixes of a set of findings to the env's {@link DotEnv}, in place, line by line (comments
 * and order stay). Never changes JWT_SECRET or POSTGRES_PASSWORD unless the options allow it: both are baked
 * into the database at its first boot, so changing them also needs work inside the database, which the
 * outcome's follow-ups spell out. Reports what changed by variable name only, never by value.
 */
public final class EnvFixer {
    /** The last follow-up of every fix that changed something; a caller that redeploys itself leaves it out. */
    public static final String REDEPLOY_FOLLOW_UP =
            "Redeploy the stack so the containers read the new values (in Dokploy: "
                    + "save the environment, then Deploy; a restart alone does not rewrite the .env the containers read)";

    /** The opt-ins for the two values the database keeps. */
    public record Options(boolean rotateJwtSecret, boolean rotatePostgresPassword) {}

    /**
     * @param variable what changed
     * @param action   how, without the value (e.g. "re-signed with the existing JWT_SECRET: role anon, expires 2031-11-24")
     */
    public record Change(String variable, String action) {}

    /**
     * @param changes   what was changed, in the order it was done
     * @param followUps what must happen outside the file for the changes to work (database, applications, redeploy)
     * @param skipped   fixes left undone, and why (a missing opt-in flag)
     */
    public record Outcome(List<Change> changes, List<String> followUps, List<String> skipped) {}

    /** What a new JWT_SECRET leaves to do: shared by validate config --fix and keys regenerate. */
    public static final String JWT_SECRET_ROTATED =
            "JWT_SECRET changed: the database still holds the old one. Run ALTER "
                    + "DATABASE postgres SET \"app.settings.jwt_secret\" TO '<the new JWT_SECRET>' (as supabase_admin), then redeploy; "
                    + "signed-in users must sign in again, and every application needs the new ANON_KEY / SERVICE_ROLE_KEY";

    public static final String JWKS_HOLDS_OLD_SECRET =
            "JWT_JWKS still publishes the old symmetric key: regenerate JWT_KEYS and JWT_JWKS from the new secret";

    private final SecretGenerator generator;
    private final Instant now;

    public EnvFixer(SecretGenerator generator, Instant now) {
        this.generator = generator;
        this.now = now;
    }

    public Outcome apply(AuditedEnv env, List<Finding> findings, Options options) {
        Plan plan = plan(env, findings, options);
        DotEnv dotEnv = env.dotEnv();
        List<Change> changes = new ArrayList<>();
        Set<String> followUps = new LinkedHashSet<>();

        String secret = env.text(AuditedEnv.JWT_SECRET);
        if (plan.rotateJwtSecret) {
            secret = GeneratedSecrets.JWT_SECRET.generate().apply(generator);
            dotEnv.set(AuditedEnv.JWT_SECRET, secret);
            changes.add(new Change(AuditedEnv.JWT_SECRET, "replaced with " + describe(GeneratedSecrets.JWT_SECRET)));
            plan.resign.addAll(AuditedEnv.API_KEYS);
            followUps.add(JWT_SECRET_ROTATED);
            if (env.jwksConfigured()) {
                followUps.add(JWKS_HOLDS_OLD_SECRET);
            }
        }
        for (String key : AuditedEnv.API_KEYS) {
            if (!plan.resign.contains(key)) {
                continue;
            }
            String role = AuditedEnv.expectedRole(key);
            Map<String, Object> claims = SupabaseKeyClaims.of(role, now, SupabaseKeyClaims.DEFAULT_VALIDITY);
            dotEnv.set(key, SupabaseJwt.signHs256(claims, secret));
            changes.add(new Change(
                    key,
                    (plan.rotateJwtSecret ? "signed with the new JWT_SECRET" : "re-signed with the existing JWT_SECRET")
                            + ": role " + role + ", iss " + SupabaseKeyClaims.ISSUER + ", expires "
                            + Redact.day(Instant.ofEpochSecond((Long) claims.get("exp")))));
        }
        if (!plan.resign.isEmpty()) {
            followUps.add("Give the new " + String.join(" and ", plan.resign) + " to the applications that use the old "
                    + (plan.resign.size() == 1 ? "one" : "ones")
                    + " (ANON_KEY in browsers and apps, SERVICE_ROLE_KEY on servers only)");
        }
        if (plan.rotatePostgresPassword) {
            dotEnv.set(
                    AuditedEnv.POSTGRES_PASSWORD,
                    GeneratedSecrets.POSTGRES_PASSWORD.generate().apply(generator));
            changes.add(new Change(
                    AuditedEnv.POSTGRES_PASSWORD, "replaced with " + describe(GeneratedSecrets.POSTGRES_PASSWORD)));
            followUps.add(
                    "POSTGRES_PASSWORD changed: the database still expects the old one. Before redeploying, run inside it "
                            + "(psql -U postgres) ALTER USER … WITH PASSWORD '<the new POSTGRES_PASSWORD>' for "
                            + String.join(", ", PostgresPasswordRule.ROLES) + "; otherwise every service fails with "
                            + "\"password authentication failed\"");
        }
        for (StackSecrets.Spec spec : plan.generate.values()) {
            String old = env.text(spec.variable());
            dotEnv.set(spec.variable(), spec.generate().apply(generator));
            changes.add(
                    new Change(spec.variable(), (old.isEmpty() ? "generated " : "replaced with ") + describe(spec)));
            followUpForGenerated(spec.variable(), old).ifPresent(followUps::add);
        }
        for (Map.Entry<String, String> set : plan.urls.entrySet()) {
            dotEnv.set(set.getKey(), set.getValue());
            changes.add(new Change(set.getKey(), "set from " + env.publicUrlSource()));
        }
        for (String variable : plan.strip) {
            String current = dotEnv.get(variable).orElse("");
            if (current.endsWith("/")) {
                dotEnv.set(variable, TrailingSlashRule.strip(current));
                changes.add(new Change(variable, "trailing slash removed"));
            }
        }
        if (!changes.isEmpty()) {
            followUps.add(REDEPLOY_FOLLOW_UP);
        }
        return new Outcome(List.copyOf(changes), List.copyOf(followUps), List.copyOf(plan.skipped));
    }

    private static String describe(StackSecrets.Spec spec) {
        return spec.description().replaceAll("^<|>$", "");
    }

    /** What else must change when a generated value is replaced rather than filled in. */
    private static Optional<String> followUpForGenerated(String variable, String old) {
        if (old.isEmpty()) {
            return Optional.empty();
        }
        return switch (variable) {
            case PoolerRule.VAULT_ENC_KEY ->
                old.getBytes(StandardCharsets.UTF_8).length == 32
                        ? Optional.of(
                                "VAULT_ENC_KEY changed: if Supavisor already stored its tenant with the old key it cannot read "
                                        + "it any more; delete the tenant (Supavisor's start-up script recreates it) or restore the old key")
                        : Optional.empty();
            case PoolerRule.POOLER_TENANT_ID ->
                Optional.of("POOLER_TENANT_ID changed: clients of the pooler connect as "
                        + "postgres.<the new POOLER_TENANT_ID>; update their connection strings");
            case "DASHBOARD_PASSWORD" ->
                Optional.of("DASHBOARD_PASSWORD changed: Studio's login is the new value in the file");
            case "S3_PROTOCOL_ACCESS_KEY_ID", "S3_PROTOCOL_ACCESS_KEY_SECRET" ->
                Optional.of(
                        "S3 protocol credentials changed: S3 clients of Storage need the new S3_PROTOCOL_ACCESS_KEY_ID / _SECRET");
            default -> Optional.empty();
        };
    }

    /** What the findings ask for, each change once, with the opt-ins applied. */
    private static final class Plan {
        final Set<String> resign = new LinkedHashSet<>();
        final Map<String, StackSecrets.Spec> generate = new LinkedHashMap<>();
        final Map<String, String> urls = new LinkedHashMap<>();
        final Set<String> strip = new LinkedHashSet<>();
        final Set<String> skipped = new LinkedHashSet<>();
        boolean rotateJwtSecret;
        boolean rotatePostgresPassword;
    }

    private static Plan plan(AuditedEnv env, List<Finding> findings, Options options) {
        Plan plan = new Plan();
        for (Finding f : findings) {
            List<String> referenced =
                    Fixes.touched(f).stream().filter(env::isReference).toList();
            if (!referenced.isEmpty()) {
                // a ${{…}} reference takes its value elsewhere at deploy: a literal here would silently cut the link
                plan.skipped.add(f.label() + ": " + String.join(", ", referenced)
                        + " is a ${{…}} reference; change the value where "
                        + "it lives ("
                        + String.join(
                                "; ",
                                referenced.stream()
                                        .map(v -> Fixes.whereValueLives(env, v))
                                        .toList())
                        + "), never here");
                continue;
            }
            switch (f.fix().remedy()) {
                case resign_key ->
                    f.variables().stream().filter(AuditedEnv.API_KEYS::contains).forEach(plan.resign::add);
                case generate_secret ->
                    f.variables().forEach(v -> GeneratedSecrets.of(v).ifPresent(s -> plan.generate.put(v, s)));
                case rotate_jwt_secret -> {
                    if (options.rotateJwtSecret()) {
                        plan.rotateJwtSecret = true;
                    } else {
                        plan.skipped.add(
                                f.label() + ": needs --rotate-jwt-secret (JWT_SECRET is never changed unasked: "
                                        + "the database keeps the secret it was initialised with)");
                    }
                }
                case rotate_postgres_password -> {
                    if (options.rotatePostgresPassword()) {
                        plan.rotatePostgresPassword = true;
                    } else {
                        plan.skipped.add(
                                f.label() + ": needs --rotate-postgres-password (POSTGRES_PASSWORD is never changed "
                                        + "unasked: the database keeps the password it was initialised with)");
                    }
                }
                case strip_trailing_slash -> plan.strip.addAll(f.variables());
                case set_public_url ->
                    env.publicUrl()
                            .ifPresent(url -> f.variables()
                                    .forEach(v -> plan.urls.put(
                                            v,
                                            PublicUrlRule.SUPABASE_HOST.equals(v)
                                                    ? url.host()
                                                    : PublicUrlRule.target(
                                                            url,
                                                            PublicEndpoint.parseUrl(env.text(v))
                                                                    .orElse(null)))));
                case redeploy, manual -> {}
            }
        }
        if (options.rotateJwtSecret() && !plan.rotateJwtSecret) {
            plan.skipped.add("--rotate-jwt-secret: no finding needs a new JWT_SECRET, so it was left as it is");
        }
        if (options.rotatePostgresPassword() && !plan.rotatePostgresPassword) {
            plan.skipped.add(
                    "--rotate-postgres-password: no finding needs a new POSTGRES_PASSWORD, so it was left as it is");
        }
        return plan;
    }
}
