package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SupabaseJwt;
import java.util.ArrayList;
import java.util.List;

/**
 * An HS256 key that JWT_SECRET did not sign: every service rejects it ("invalid JWT"). Dokploy's Supabase
 * templates of March–May 2025 shipped hard-coded keys like this next to a freshly generated secret.
 */
final class KeySignatureRule implements Rule {
    static final RuleInfo MISMATCH = new RuleInfo(
            "keys.signature-mismatch",
            Category.keys,
            Severity.error,
            "ANON_KEY or SERVICE_ROLE_KEY is not signed with JWT_SECRET",
            "--fix re-signs the key with the existing JWT_SECRET (the secret is what the database and services trust)");

    @Override
    public List<RuleInfo> infos() {
        return List.of(MISMATCH);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String secret = env.text(AuditedEnv.JWT_SECRET);
        if (secret.isEmpty()) {
            return List.of(); // nothing to verify against; the JWT_SECRET rule reports it
        }
        List<Finding> findings = new ArrayList<>();
        for (String variable : AuditedEnv.API_KEYS) {
            env.key(variable)
                    .filter(d -> "HS256".equals(d.algorithm().orElse(null)))
                    .filter(d -> !SupabaseJwt.signedWith(d, secret))
                    .ifPresent(d -> findings.add(MISMATCH.finding(
                            variable,
                            variable
                                    + " is not signed with this file's JWT_SECRET: GoTrue, PostgREST, Storage and Realtime "
                                    + "reject it as an invalid JWT. Keys copied from elsewhere, or hard-coded in Dokploy's "
                                    + "Supabase templates of March–May 2025, look like this",
                            Redact.key(d) + "; HS256 signature does not verify with JWT_SECRET ("
                                    + Redact.secret(secret) + ")",
                            Fixes.resignKey(env, variable))));
        }
        return findings;
    }
}
