package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SupabaseJwt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code role} claim PostgREST switches to. A key with {@code iss:"dokploy"} and no role is what
 * Dokploy's {@code ${jwt:…}} helper made when it could not parse the payload (Dokploy/dokploy#2867).
 */
final class KeyRoleRule implements Rule {
    static final RuleInfo MISSING = new RuleInfo(
            "keys.missing-role",
            Category.keys,
            Severity.error,
            "ANON_KEY or SERVICE_ROLE_KEY has no role claim (iss \"dokploy\" without a role is the Dokploy bug, Dokploy/dokploy#2867)",
            "--fix re-signs the key with the existing JWT_SECRET and the right role");
    static final RuleInfo WRONG = new RuleInfo(
            "keys.wrong-role",
            Category.keys,
            Severity.error,
            "ANON_KEY's role is not anon, or SERVICE_ROLE_KEY's role is not service_role",
            "--fix re-signs the key with the existing JWT_SECRET and the right role");

    @Override
    public List<RuleInfo> infos() {
        return List.of(MISSING, WRONG);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        for (String variable : AuditedEnv.API_KEYS) {
            Optional<SupabaseJwt.Decoded> key = env.key(variable);
            if (key.isEmpty()) {
                continue;
            }
            SupabaseJwt.Decoded d = key.get();
            String expected = AuditedEnv.expectedRole(variable);
            Optional<String> role = d.role().filter(r -> !r.isBlank());
            if (role.isEmpty()) {
                boolean dokploy = "dokploy".equals(d.issuer().orElse(null));
                String message = dokploy
                        ? variable
                                + " has iss \"dokploy\" and no role claim: it was made by Dokploy's ${jwt:…} template helper, which "
                                + "fell back to an empty payload (Dokploy v0.21.8–v0.25.5 and templates of May–October 2025, "
                                + "Dokploy/dokploy#2867). PostgREST treats it as the anonymous role and the service-role key "
                                + "has no admin rights"
                        : variable
                                + " has no role claim: PostgREST falls back to its anonymous role and GoTrue's admin API "
                                + "refuses it; it must say \"" + expected + "\"";
                findings.add(MISSING.finding(variable, message, Redact.key(d), Fixes.resignKey(env, variable)));
            } else if (!role.get().equals(expected)) {
                String danger = AuditedEnv.ANON_KEY.equals(variable) && "service_role".equals(role.get())
                        ? ": the public key, shipped to every browser, bypasses row level security"
                        : "";
                findings.add(WRONG.finding(
                        variable,
                        variable + " has role \"" + role.get() + "\" where \"" + expected + "\" is needed" + danger,
                        Redact.key(d),
                        Fixes.resignKey(env, variable)));
            }
        }
        return findings;
    }
}
