package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;

/** JWT_SECRET: present, long enough for HS256, and reaching the services exactly as written. */
final class JwtSecretRule implements Rule {
    /** HS256 needs a key of at least 256 bits; GoTrue and Supabase's docs ask for 32 characters. */
    static final int MIN_LENGTH = dev.supadokploy.supabase.keys.JwtSecretRules.MIN_LENGTH;

    static final RuleInfo MISSING = new RuleInfo(
            "secrets.jwt-secret-missing",
            Category.secrets,
            Severity.error,
            "JWT_SECRET is missing or empty",
            "--fix --rotate-jwt-secret generates one and signs both keys with it");
    static final RuleInfo SHORT = new RuleInfo(
            "secrets.jwt-secret-short",
            Category.secrets,
            Severity.error,
            "JWT_SECRET is shorter than 32 characters",
            "--fix --rotate-jwt-secret replaces it and re-signs both keys (then update the database, see the finding)");
    static final RuleInfo UNSAFE = new RuleInfo(
            "secrets.jwt-secret-unsafe",
            Category.secrets,
            Severity.error,
            "JWT_SECRET starts with '@' (PostgREST reads it as a file path) or holds '$' (Docker Compose expands it: a local "
                    + "file, or Dokploy before v0.30.0; harmless from v0.30.0)",
            "--fix --rotate-jwt-secret replaces it and re-signs both keys (then update the database, see the finding)");

    @Override
    public List<RuleInfo> infos() {
        return List.of(MISSING, SHORT, UNSAFE);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String v = AuditedEnv.JWT_SECRET;
        if (!env.isSet(v)) {
            return List.of(MISSING.finding(
                    v,
                    "JWT_SECRET is " + (env.value(v).isPresent() ? "empty" : "missing")
                            + ": GoTrue, PostgREST, Realtime and Storage cannot verify any key or session",
                    env.value(v).isPresent() ? "empty value" : "not in the file",
                    Fixes.rotateJwtSecret(env)));
        }
        String secret = env.text(v);
        List<Finding> findings = new ArrayList<>();
        int length = secret.codePointCount(0, secret.length());
        if (length < MIN_LENGTH) {
            findings.add(SHORT.finding(
                    v,
                    "JWT_SECRET has " + length + " characters; HS256 needs at least " + MIN_LENGTH
                            + " (256 bits): short secrets can be brute-forced, and GoTrue and signing libraries refuse them",
                    Redact.secret(secret),
                    Fixes.rotateJwtSecret(env)));
        }
        List<String> problems = new ArrayList<>();
        if (secret.startsWith("@")) {
            problems.add("starts with '@', which PostgREST reads as \"load the secret from this file\"");
        }
        // '$' is expanded by Compose in a local file and on Dokploy before v0.30.0; from v0.30.0 Dokploy escapes it
        if (secret.contains("$") && env.dollarExpanded()) {
            problems.add("holds '$', which " + env.dollarExpander()
                    + ", so the services may see a different secret than the one the keys were signed with");
        }
        if (!problems.isEmpty()) {
            findings.add(UNSAFE.finding(
                    v,
                    "JWT_SECRET " + String.join("; and ", problems),
                    Redact.secret(secret)
                            + (secret.contains("$")
                                    ? "; '$' appears "
                                            + secret.chars()
                                                    .filter(c -> c == '$')
                                                    .count() + " time(s)"
                                    : ""),
                    Fixes.rotateJwtSecret(env)));
        }
        return findings;
    }
}
