package dev.supadokploy.supabase.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * POSTGRES_PASSWORD is spliced raw into connection URLs (postgres://supabase_auth_admin:${POSTGRES_PASSWORD}@db…,
 * ecto://…) by GoTrue, PostgREST, Storage, Analytics and Supavisor, so a character with a meaning in a URL
 * makes those services fail to connect or connect somewhere else.
 */
final class PostgresPasswordRule implements Rule {
    /** The roles Supabase's init scripts give POSTGRES_PASSWORD at first boot. */
    static final List<String> ROLES = List.of(
            "postgres",
            "supabase_admin",
            "authenticator",
            "pgbouncer",
            "supabase_auth_admin",
            "supabase_functions_admin",
            "supabase_storage_admin");

    /** Reserved in a URL's user info, not allowed in URLs at all, or expanded by Compose ('$': not from Dokploy v0.30.0). */
    private static final String UNSAFE = "@:/?#[]%\"'<>\\^`{|}$";

    static final RuleInfo MISSING = new RuleInfo(
            "database.postgres-password-missing",
            Category.database,
            Severity.error,
            "POSTGRES_PASSWORD is missing or empty",
            "--fix --rotate-postgres-password generates one (a database already initialised needs the same change inside it)");
    static final RuleInfo UNSAFE_CHARS = new RuleInfo(
            "database.postgres-password-unsafe",
            Category.database,
            Severity.error,
            "POSTGRES_PASSWORD holds characters that break the connection URLs it is spliced into (@ : / ? # [ ] % space …)",
            "--fix --rotate-postgres-password replaces it with letters and digits (then ALTER USER inside the database, see the finding)");

    @Override
    public List<RuleInfo> infos() {
        return List.of(MISSING, UNSAFE_CHARS);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String v = AuditedEnv.POSTGRES_PASSWORD;
        if (!env.isSet(v)) {
            return List.of(MISSING.finding(
                    v,
                    "POSTGRES_PASSWORD is " + (env.value(v).isPresent() ? "empty" : "missing")
                            + ": the database cannot be initialised and no service can log in",
                    env.value(v).isPresent() ? "empty value" : "not in the file",
                    Fixes.rotatePostgresPassword(env)));
        }
        String password = env.text(v);
        Set<String> found = new LinkedHashSet<>();
        password.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                found.add(Character.isWhitespace(c) ? "whitespace" : "a control character");
            } else if (c == '$' && !env.dollarExpanded()) {
                // Dokploy v0.30.0+ writes it escaped, and '$' is allowed in a URL's user info: harmless
            } else if (UNSAFE.indexOf(c) >= 0) {
                found.add("'" + Character.toString(c) + "'");
            }
        });
        if (found.isEmpty()) {
            return List.of();
        }
        boolean onlyDollar = found.equals(Set.of("'$'"));
        String dollar = found.contains("'$'") ? " ('$' because " + env.dollarExpander() + ")" : "";
        return List.of(UNSAFE_CHARS.finding(
                v,
                "POSTGRES_PASSWORD holds " + String.join(", ", found) + dollar + ": "
                        + (onlyDollar
                                ? "the services may receive a different password than the database was initialised with"
                                : "it is spliced unescaped into postgres:// and ecto:// URLs (GoTrue, PostgREST, Storage, Analytics, "
                                        + "Supavisor), where these characters end the password early or are rejected, so those services cannot connect"),
                Redact.length(password) + "; contains " + String.join(", ", found),
                Fixes.rotatePostgresPassword(env)));
    }
}
