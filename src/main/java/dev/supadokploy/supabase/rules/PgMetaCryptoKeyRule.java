package dev.supadokploy.supabase.rules;

import java.util.List;

/**
 * PG_META_CRYPTO_KEY encrypts the connection string Studio passes to pg-meta. Missing or short, Studio's
 * table editor and SQL pages fail with "Failed to retrieve …".
 */
final class PgMetaCryptoKeyRule implements Rule {
    static final String PG_META_CRYPTO_KEY = "PG_META_CRYPTO_KEY";
    static final RuleInfo KEY = new RuleInfo(
            "studio.pg-meta-crypto-key",
            Category.studio,
            Severity.error,
            "PG_META_CRYPTO_KEY is missing or shorter than 32 characters (Studio: \"Failed to retrieve …\")",
            "--fix generates 32 letters and digits");

    @Override
    public List<RuleInfo> infos() {
        return List.of(KEY);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String value = env.text(PG_META_CRYPTO_KEY);
        if (value.length() >= 32) {
            return List.of();
        }
        String what = env.value(PG_META_CRYPTO_KEY).isEmpty()
                ? "missing"
                : value.isEmpty() ? "empty" : value.length() + " characters long";
        return List.of(KEY.finding(
                PG_META_CRYPTO_KEY,
                "PG_META_CRYPTO_KEY is " + what + ": Studio encrypts the connection string "
                        + "it sends to pg-meta with this key (32 characters or more), and without a good one its table editor and SQL "
                        + "pages fail with \"Failed to retrieve …\"",
                env.value(PG_META_CRYPTO_KEY).isEmpty() ? "not in the file" : Redact.secret(value),
                Fixes.generate(env, GeneratedSecrets.of(PG_META_CRYPTO_KEY).orElseThrow())));
    }
}
