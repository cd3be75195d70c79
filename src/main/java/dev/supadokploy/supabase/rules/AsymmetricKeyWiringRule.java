package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.keys.Es256;
import java.util.List;

/**
 * Supabase's asymmetric keys work only when every service that verifies JWTs knows the public keys. GoTrue signs
 * user sessions with the first key of {@code JWT_KEYS}, and Kong turns {@code sb_} keys into ES256
 * {@code *_ASYMMETRIC} tokens; PostgREST ({@code PGRST_JWT_SECRET}), Realtime ({@code API_JWT_SECRET}) and Storage
 * ({@code AUTH_JWT_SECRET}) must then be handed {@code JWT_JWKS}, as upstream's compose does
 * ({@code ${JWT_JWKS:-${JWT_SECRET}}}). Dokploy's template (July 2026) hands {@code JWT_KEYS} to GoTrue only: with
 * the asymmetric set in the env, sessions and sb_ keys are refused by the other services. Judged from the compose
 * file, so only for a stack whose file was read.
 */
final class AsymmetricKeyWiringRule implements Rule {
    /** Variables whose non-empty value means the asymmetric set is in use. */
    static final List<String> ASYMMETRIC_SET = List.of(
            "JWT_KEYS",
            "ANON_KEY_ASYMMETRIC",
            "SERVICE_ROLE_KEY_ASYMMETRIC",
            "SUPABASE_PUBLISHABLE_KEY",
            "SUPABASE_SECRET_KEY");

    static final RuleInfo HALF_WIRED = new RuleInfo(
            "keys.asymmetric-half-wired",
            Category.keys,
            Severity.error,
            "The env holds asymmetric keys (JWT_KEYS, *_ASYMMETRIC, sb_ keys) but the compose file does not hand JWT_JWKS "
                    + "to every service that verifies JWTs (PostgREST, Realtime, Storage): they refuse ES256 sessions and sb_ keys",
            "manual: wire JWT_JWKS into those services in the compose file, or empty the asymmetric set");

    @Override
    public List<RuleInfo> infos() {
        return List.of(HALF_WIRED);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        if (env.shape().isEmpty()) {
            return List.of();
        }
        StackShape shape = env.shape().get();
        List<String> used = ASYMMETRIC_SET.stream()
                .filter(v -> !Es256.isEmptyKeySet(env.text(v)))
                .toList();
        List<String> unwired = shape.verifiersWithoutJwks();
        if (used.isEmpty() || unwired.isEmpty()) {
            return List.of();
        }
        String services = String.join(
                ", ",
                unwired.stream()
                        .map(s -> s + " (" + StackShape.JWT_VERIFIERS.get(s) + ")")
                        .toList());
        return List.of(
                HALF_WIRED.finding(
                        used,
                        "The env holds " + String.join(", ", used) + ", but the compose file hands "
                                + "JWT_JWKS to none of " + services
                                + ": those verify with JWT_SECRET (HS256) alone, so user sessions "
                                + "GoTrue signs with the asymmetric key and the sb_ keys Kong turns into ES256 tokens are refused there",
                        "not handed JWT_JWKS: " + String.join(", ", unwired),
                        Fix.manual(
                                "Either add JWT_JWKS to " + String.join(", ", unwired)
                                        + " in the compose file (as Supabase's "
                                        + "compose does: PGRST_JWT_SECRET: ${JWT_JWKS:-${JWT_SECRET}} for PostgREST, the JWKS variable of Realtime and "
                                        + "Storage from ${JWT_JWKS}) and redeploy, or set JWT_KEYS=[] and empty "
                                        + "ANON_KEY_ASYMMETRIC, SERVICE_ROLE_KEY_ASYMMETRIC, SUPABASE_PUBLISHABLE_KEY, SUPABASE_SECRET_KEY")));
    }
}
