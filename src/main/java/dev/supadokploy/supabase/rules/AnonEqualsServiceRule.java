package dev.supadokploy.supabase.rules;

import java.util.List;

/**
 * ANON_KEY and SERVICE_ROLE_KEY identical: whoever holds the public anon key is also the administrator, or
 * (the Dokploy v0.21.8–v0.25.5 case) neither key carries a role at all.
 */
final class AnonEqualsServiceRule implements Rule {
    static final RuleInfo SAME = new RuleInfo(
            "keys.anon-equals-service",
            Category.keys,
            Severity.error,
            "ANON_KEY and SERVICE_ROLE_KEY are the same token",
            "--fix re-signs both with the existing JWT_SECRET, each with its own role");

    @Override
    public List<RuleInfo> infos() {
        return List.of(SAME);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String anon = env.text(AuditedEnv.ANON_KEY).strip();
        if (anon.isEmpty() || !anon.equals(env.text(AuditedEnv.SERVICE_ROLE_KEY).strip())) {
            return List.of();
        }
        String evidence = env.key(AuditedEnv.ANON_KEY).map(Redact::key).orElse("not a JWT")
                + "; both variables hold the same " + anon.length() + "-character token";
        Fix fix = Fixes.resignKey(env, AuditedEnv.ANON_KEY);
        if (fix.remedy() == Remedy.resign_key) {
            fix = new Fix(
                    Remedy.resign_key,
                    "SET ANON_KEY and SERVICE_ROLE_KEY to HS256 JWTs signed with the existing JWT_SECRET, "
                            + "with roles anon and service_role (iss supabase, iat now, exp now+5y)",
                    fix.command());
        }
        return List.of(SAME.finding(
                AuditedEnv.API_KEYS,
                "ANON_KEY and SERVICE_ROLE_KEY are the same token: the key shipped to browsers has the same power as the "
                        + "administrator's key (or, if it has no role claim, neither key works as intended)",
                evidence,
                fix));
    }
}
