package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.StackSecrets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The fixes rules attach to findings, built in one place so that the text and what --fix does agree. */
final class Fixes {
    static final String ROTATE_JWT_SECRET_FLAG = "--rotate-jwt-secret";
    static final String ROTATE_POSTGRES_PASSWORD_FLAG = "--rotate-postgres-password";

    private Fixes() {}

    /** Re-sign an API key with the existing secret, or, when that secret cannot sign, rotate it first. */
    static Fix resignKey(AuditedEnv env, String variable) {
        if (!env.jwtSecretUsable()) {
            return new Fix(
                    Remedy.rotate_jwt_secret,
                    "JWT_SECRET cannot sign keys as it is (see its finding): replace it, "
                            + "then re-sign ANON_KEY and SERVICE_ROLE_KEY with the new secret",
                    env.fixCommand(ROTATE_JWT_SECRET_FLAG));
        }
        return new Fix(
                Remedy.resign_key,
                "SET " + variable + "=<HS256 JWT signed with the existing JWT_SECRET, claims "
                        + "{\"role\":\"" + AuditedEnv.expectedRole(variable)
                        + "\",\"iss\":\"supabase\",\"iat\":now,\"exp\":now+5y}>; "
                        + "then give the new key to the applications that use it",
                env.fixCommand());
    }

    static Fix rotateJwtSecret(AuditedEnv env) {
        return new Fix(
                Remedy.rotate_jwt_secret,
                GeneratedSecrets.JWT_SECRET.setAction()
                        + " and re-sign ANON_KEY and SERVICE_ROLE_KEY with it. The database keeps the secret it was initialised with: "
                        + "also run ALTER DATABASE postgres SET \"app.settings.jwt_secret\" TO '<the new secret>', redeploy, and give the "
                        + "new keys to every application; users must sign in again",
                env.fixCommand(ROTATE_JWT_SECRET_FLAG));
    }

    static Fix rotatePostgresPassword(AuditedEnv env) {
        return new Fix(
                Remedy.rotate_postgres_password,
                GeneratedSecrets.POSTGRES_PASSWORD.setAction()
                        + ". The database keeps the password it was initialised with: before redeploying, set it inside the database for "
                        + String.join(", ", PostgresPasswordRule.ROLES)
                        + " (ALTER USER … WITH PASSWORD '<the new password>')",
                env.fixCommand(ROTATE_POSTGRES_PASSWORD_FLAG));
    }

    static Fix generate(AuditedEnv env, StackSecrets.Spec spec) {
        return new Fix(Remedy.generate_secret, spec.setAction(), env.fixCommand());
    }

    /** The variables a fix writes when --fix applies it. */
    static Set<String> touched(Finding f) {
        Set<String> vars = new LinkedHashSet<>();
        switch (f.fix().remedy()) {
            case resign_key ->
                f.variables().stream().filter(AuditedEnv.API_KEYS::contains).forEach(vars::add);
            case rotate_jwt_secret -> {
                vars.add(AuditedEnv.JWT_SECRET);
                vars.addAll(AuditedEnv.API_KEYS);
            }
            case rotate_postgres_password -> vars.add(AuditedEnv.POSTGRES_PASSWORD);
            case generate_secret, strip_trailing_slash, set_public_url -> vars.addAll(f.variables());
            case redeploy, manual -> {}
        }
        return vars;
    }

    /**
     * Findings as they stand when some variables are {@code ${{…}}} references: a finding about a variable whose value
     * is not known here is dropped (it was judged on nothing; {@link DokployEnvRule} reports the reference), and a fix
     * that would write over a reference becomes a step in the place the value lives — a literal never replaces it.
     */
    static List<Finding> respectReferences(AuditedEnv env, List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            boolean ownRule = f.ruleId().startsWith("file.reference-");
            if (!ownRule
                    && f.variables().stream()
                            .anyMatch(v -> env.unknownReference(v).isPresent())) {
                continue;
            }
            List<String> referenced =
                    touched(f).stream().filter(env::isReference).toList();
            if (referenced.isEmpty()) {
                out.add(f);
                continue;
            }
            String where = String.join(
                    "; ",
                    referenced.stream()
                            .map(v -> v + ": " + whereValueLives(env, v))
                            .toList());
            out.add(new Finding(
                    f.ruleId(),
                    f.category(),
                    f.severity(),
                    f.variables(),
                    f.message(),
                    f.evidence(),
                    Fix.manual(String.join(" and ", referenced)
                            + (referenced.size() == 1 ? " is a reference" : " are references")
                            + ", so the value lives elsewhere (" + where
                            + "). Change it there and redeploy; --fix never "
                            + "replaces a reference with a literal. Wanted: "
                            + f.fix().action())));
        }
        return out;
    }

    static String whereValueLives(AuditedEnv env, String variable) {
        return env.dokploy().map(d -> d.whereValueLives(variable)).orElse("the ${{…}} it names");
    }

    /** The fix for a variable whose value must be replaced, whatever the reason. */
    static Fix replace(AuditedEnv env, String variable) {
        if (AuditedEnv.API_KEYS.contains(variable)) {
            return resignKey(env, variable);
        }
        if (AuditedEnv.JWT_SECRET.equals(variable)) {
            return rotateJwtSecret(env);
        }
        if (AuditedEnv.POSTGRES_PASSWORD.equals(variable)) {
            return rotatePostgresPassword(env);
        }
        return GeneratedSecrets.of(variable)
                .map(spec -> generate(env, spec))
                .orElseGet(() -> Fix.manual("SET " + variable + "=<a value of your own>"));
    }
}
