package dev.supadokploy.supabase.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** SECRET_KEY_BASE signs Realtime's and Supavisor's Phoenix sessions; Phoenix refuses one under 64 bytes. */
final class SecretKeyBaseRule implements Rule {
    static final String SECRET_KEY_BASE = "SECRET_KEY_BASE";
    static final RuleInfo SHORT = new RuleInfo(
            "secrets.secret-key-base-short",
            Category.secrets,
            Severity.error,
            "SECRET_KEY_BASE is missing or shorter than 64 characters (Realtime and Supavisor refuse to start)",
            "--fix generates 64 letters and digits");

    @Override
    public List<RuleInfo> infos() {
        return List.of(SHORT);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        String value = env.text(SECRET_KEY_BASE);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= 64) {
            return List.of();
        }
        String what =
                env.value(SECRET_KEY_BASE).isEmpty() ? "missing" : value.isEmpty() ? "empty" : bytes + " bytes long";
        return List.of(SHORT.finding(
                SECRET_KEY_BASE,
                "SECRET_KEY_BASE is " + what + ": Realtime and Supavisor (Phoenix) need at "
                        + "least 64 bytes and crash at start-up without them",
                env.value(SECRET_KEY_BASE).isEmpty() ? "not in the file" : Redact.secret(value),
                Fixes.generate(env, GeneratedSecrets.of(SECRET_KEY_BASE).orElseThrow())));
    }
}
