package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;

/** Every rule, in the order docs/commands/validate.md lists them, and the engine that runs them over one env. */
public final class Rules {
    private static final List<Rule> ALL = List.of(
            new AnonEqualsServiceRule(),
            new KeyRoleRule(),
            new KeySignatureRule(),
            new KeyFormatRule(),
            new AsymmetricKeyWiringRule(),
            new KeyExpiryRule(),
            new JwtSecretRule(),
            new PublicUrlRule(),
            new TrailingSlashRule(),
            new SiteUrlRule(),
            new PostgresPasswordRule(),
            new PoolerRule(),
            new SecretKeyBaseRule(),
            new PgMetaCryptoKeyRule(),
            new SmtpPlaceholderRule(),
            new PublishedExampleRule(),
            new LogflareTokenRule(),
            new FileSyntaxRule(),
            new DokployEnvRule());

    private Rules() {}

    public static List<Rule> all() {
        return ALL;
    }

    /** Every rule id with its category, severity and one-line description. */
    public static List<RuleInfo> catalog() {
        List<RuleInfo> infos = new ArrayList<>();
        ALL.forEach(rule -> infos.addAll(rule.infos()));
        infos.addAll(LiveStackRules.INFOS);
        return infos;
    }

    /**
     * A deployed stack's audit: the env rules over its saved env, then the rules only the live deployment shows
     * ({@link LiveStackRules}), errors first.
     */
    public static List<Finding> evaluate(AuditedEnv env, LiveStack live) {
        List<Finding> findings = evaluate(env);
        findings.addAll(LiveStackRules.check(env, live, findings));
        findings.sort(Finding.ORDER);
        return findings;
    }

    /** All findings, errors first (see {@link Finding#ORDER}). */
    public static List<Finding> evaluate(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : ALL) {
            findings.addAll(rule.check(env));
        }
        findings = new ArrayList<>(Fixes.respectReferences(env, findings));
        findings.sort(Finding.ORDER);
        return findings;
    }
}
