package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SupabaseJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keys that have expired, will within 90 days, or never do. */
final class KeyExpiryRule implements Rule {
    static final Duration SOON = Duration.ofDays(90);

    static final RuleInfo EXPIRED = new RuleInfo(
            "keys.expired",
            Category.keys,
            Severity.error,
            "ANON_KEY or SERVICE_ROLE_KEY has expired (exp in the past)",
            "--fix re-signs the key with the existing JWT_SECRET, valid for 5 years");
    static final RuleInfo EXPIRING = new RuleInfo(
            "keys.expiring-soon",
            Category.keys,
            Severity.warning,
            "ANON_KEY or SERVICE_ROLE_KEY expires within 90 days",
            "--fix re-signs the key with the existing JWT_SECRET, valid for 5 years");
    static final RuleInfo NO_EXPIRY = new RuleInfo(
            "keys.no-expiry",
            Category.keys,
            Severity.warning,
            "ANON_KEY or SERVICE_ROLE_KEY has no exp claim, so it can never be retired without changing JWT_SECRET",
            "--fix re-signs the key with the existing JWT_SECRET, valid for 5 years");

    @Override
    public List<RuleInfo> infos() {
        return List.of(EXPIRED, EXPIRING, NO_EXPIRY);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        Instant now = env.now();
        for (String variable : AuditedEnv.API_KEYS) {
            if (env.key(variable).isEmpty()) {
                continue;
            }
            SupabaseJwt.Decoded d = env.key(variable).get();
            Fix fix = Fixes.resignKey(env, variable);
            if (d.expiresAt().isEmpty()) {
                findings.add(NO_EXPIRY.finding(
                        variable,
                        variable + " has no exp claim: it stays valid for as long as JWT_SECRET does, "
                                + "so a leaked copy can only be revoked by changing the secret",
                        Redact.key(d),
                        fix));
                continue;
            }
            Instant exp = d.expiresAt().get();
            long days = Duration.between(now, exp).toDays();
            if (!exp.isAfter(now)) {
                findings.add(EXPIRED.finding(
                        variable,
                        variable + " expired on " + Redact.day(exp) + ": every service rejects it (\"JWT expired\")",
                        Redact.key(d) + "; expired " + (-days) + " days ago",
                        fix));
            } else if (Duration.between(now, exp).compareTo(SOON) < 0) {
                findings.add(EXPIRING.finding(
                        variable,
                        variable + " expires on " + Redact.day(exp) + ", in " + days
                                + " days; then every service rejects it",
                        Redact.key(d),
                        fix));
            }
        }
        return findings;
    }
}
