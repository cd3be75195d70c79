package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SecretGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The values --fix may generate, each in the form its service accepts. Letters and digits only, so that
 * no value needs quoting in a dotenv file or breaks a URL it is spliced into.
 */
public final class GeneratedSecrets {

    /**
     * @param description what the value will look like, for findings ({@code <32 random letters and digits>})
     */
    public record Spec(String variable, String description, Function<SecretGenerator, String> generate) {

        /** {@code SET VARIABLE=<description>}: the exact change, without the value. */
        public String setAction() {
            return "SET " + variable + "=" + description;
        }
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        // Supavisor's vault key is an AES-256-GCM key: exactly 32 bytes.
        add("VAULT_ENC_KEY", "<32 random letters and digits>", g -> g.alphanumeric(32));
        // Phoenix (Realtime, Supavisor) refuses a secret_key_base under 64 bytes.
        add("SECRET_KEY_BASE", "<64 random letters and digits>", g -> g.alphanumeric(64));
        add("PG_META_CRYPTO_KEY", "<32 random letters and digits>", g -> g.alphanumeric(32));
        add("LOGFLARE_PUBLIC_ACCESS_TOKEN", "<32 random letters and digits>", g -> g.alphanumeric(32));
        add("LOGFLARE_PRIVATE_ACCESS_TOKEN", "<32 random letters and digits>", g -> g.alphanumeric(32));
        add("POOLER_TENANT_ID", "<a random UUID>", g -> g.uuid().toString());
        add("DASHBOARD_PASSWORD", "<32 random letters and digits>", g -> g.alphanumeric(32));
        add("S3_PROTOCOL_ACCESS_KEY_ID", "<32 random hex digits>", g -> g.hex(16));
        add("S3_PROTOCOL_ACCESS_KEY_SECRET", "<64 random hex digits>", g -> g.hex(32));
    }

    /** Only with --rotate-jwt-secret: at least 40 characters, URL-safe, never '@' or '$'. */
    public static final Spec JWT_SECRET = new Spec(AuditedEnv.JWT_SECRET, "<64 random letters and digits>", g -> g.alphanumeric(64));
    /** Only with --rotate-postgres-password: spliced raw into connection URLs, so letters and digits only. */
    public static final Spec POSTGRES_PASSWORD = new Spec(AuditedEnv.POSTGRES_PASSWORD, "<32 random letters and digits>",
            g -> g.alphanumeric(32));

    private GeneratedSecrets() {}

    private static void add(String variable, String description, Function<SecretGenerator, String> generate) {
        SPECS.put(variable, new Spec(variable, description, generate));
    }

    /** The spec of a value --fix regenerates without an opt-in flag. */
    public static Optional<Spec> of(String variable) {
        return Optional.ofNullable(SPECS.get(variable));
    }
}
