package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Analytics (Logflare) and Vector need both access tokens; without them analytics never turns healthy, and
 * the services that wait for it never start (Studio in Dokploy's template; most services in Supabase's own
 * compose file). Vector's configuration refuses an empty public token outright.
 */
final class LogflareTokenRule implements Rule {
    static final List<String> TOKENS = List.of("LOGFLARE_PUBLIC_ACCESS_TOKEN", "LOGFLARE_PRIVATE_ACCESS_TOKEN");
    static final RuleInfo EMPTY = new RuleInfo(
            "analytics.logflare-token-missing",
            Category.analytics,
            Severity.error,
            "LOGFLARE_PUBLIC_ACCESS_TOKEN or LOGFLARE_PRIVATE_ACCESS_TOKEN is missing or empty (analytics keeps the stack from starting)",
            "--fix generates 32 letters and digits");

    @Override
    public List<RuleInfo> infos() {
        return List.of(EMPTY);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        if (!env.hasService("analytics")) {
            // Dokploy/templates PR #1068 removed analytics and vector with their LOGFLARE_* variables
            return findings;
        }
        for (String token : TOKENS) {
            if (!env.isSet(token)) {
                findings.add(EMPTY.finding(
                        token,
                        token + " is " + (env.value(token).isPresent() ? "empty" : "missing")
                                + ": the analytics container (Logflare) needs it to become healthy, Vector refuses to start "
                                + "without the public one, and the services that wait for analytics (Studio) never start",
                        env.value(token).isPresent() ? "empty value" : "not in the file",
                        Fixes.generate(env, GeneratedSecrets.of(token).orElseThrow())));
            }
        }
        return findings;
    }
}
