package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The API keys exist, are JWTs, and use an algorithm the services verify: HS256 over JWT_SECRET, or an
 * asymmetric one only when JWT_JWKS publishes its public key.
 */
final class KeyFormatRule implements Rule {
    static final RuleInfo MISSING = new RuleInfo(
            "keys.missing",
            Category.keys,
            Severity.error,
            "ANON_KEY or SERVICE_ROLE_KEY is missing or empty",
            "--fix signs a new key with the existing JWT_SECRET");
    static final RuleInfo NOT_A_JWT = new RuleInfo(
            "keys.not-a-jwt",
            Category.keys,
            Severity.error,
            "ANON_KEY or SERVICE_ROLE_KEY is not a JWT (three base64url parts with JSON header and claims)",
            "--fix signs a new key with the existing JWT_SECRET");
    static final RuleInfo ALGORITHM = new RuleInfo(
            "keys.unsupported-algorithm",
            Category.keys,
            Severity.error,
            "A key is not HS256 while JWT_JWKS is not set (ES256/RS256 keys are fine with JWT_JWKS), or has alg none",
            "--fix signs a new HS256 key with the existing JWT_SECRET");

    private static final Set<String> ASYMMETRIC =
            Set.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

    @Override
    public List<RuleInfo> infos() {
        return List.of(MISSING, NOT_A_JWT, ALGORITHM);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        for (String variable : AuditedEnv.API_KEYS) {
            if (!env.isSet(variable)) {
                findings.add(MISSING.finding(
                        variable,
                        variable + " is " + (env.value(variable).isPresent() ? "empty" : "missing")
                                + ": Kong, Studio and every client need it",
                        env.value(variable).isPresent() ? "empty value" : "not in the file",
                        Fixes.resignKey(env, variable)));
                continue;
            }
            env.keyError(variable)
                    .ifPresent(reason -> findings.add(NOT_A_JWT.finding(
                            variable,
                            variable + " is not a JWT: " + reason
                                    + ". Supabase's services only accept JWTs here (opaque sb_publishable_/"
                                    + "sb_secret_ keys go in SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY)",
                            Redact.secret(env.text(variable)),
                            Fixes.resignKey(env, variable))));
            env.key(variable).ifPresent(d -> {
                String alg = d.algorithm().orElse("");
                if (alg.equals("HS256")) {
                    return;
                }
                // JWT_JWKS in the env is not enough: it must reach every verifying service the compose has
                // (Dokploy's template hands it to none of them)
                boolean wired =
                        env.shape().map(s -> s.verifiersWithoutJwks().isEmpty()).orElse(true);
                if (ASYMMETRIC.contains(alg) && env.jwksConfigured() && wired) {
                    return;
                }
                String why = alg.isEmpty() || alg.equalsIgnoreCase("none")
                        ? "an unsigned token (alg " + (alg.isEmpty() ? "missing" : alg) + ") must never be accepted"
                        : ASYMMETRIC.contains(alg) && env.jwksConfigured()
                                ? "it is signed with " + alg + " but the compose file does not hand JWT_JWKS to "
                                        + String.join(
                                                ", ",
                                                env.shape()
                                                        .map(s -> s.verifiersWithoutJwks())
                                                        .orElse(List.of()))
                                        + ", which verify HS256 with JWT_SECRET only"
                                : ASYMMETRIC.contains(alg)
                                        ? "it is signed with " + alg
                                                + " but JWT_JWKS is not set, so the services only know JWT_SECRET (HS256)"
                                        : "Supabase's services verify HS256 with JWT_SECRET, not " + alg;
                findings.add(ALGORITHM.finding(
                        variable,
                        variable + " uses algorithm " + (alg.isEmpty() ? "(none)" : alg) + ": " + why,
                        Redact.key(d),
                        Fixes.resignKey(env, variable)));
            });
        }
        return findings;
    }
}
