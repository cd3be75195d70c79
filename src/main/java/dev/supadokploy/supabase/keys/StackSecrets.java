package dev.supadokploy.supabase.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The secrets of a Supabase stack, each in the form and length supabase/supabase
 * {@code docker/utils/generate-keys.sh} makes it: one table that {@code keys generate --all} and
 * {@code validate config --fix} both use. Where that script uses {@code openssl rand -base64 N}, this keeps
 * the resulting length but uses letters and digits only: base64's {@code +} and {@code /} need quoting or
 * URL-encoding in some of the places these values travel (URLs, query strings, YAML); letters and digits never do.
 */
public final class StackSecrets {

    /**
     * @param description what a generated value looks like, for messages that must not show it
     *                    ({@code <32 random hex digits>})
     */
    public record Spec(String variable, String description, Function<SecretGenerator, String> generate) {

        /** {@code SET VARIABLE=<description>}: the exact change, without the value. */
        public String setAction() {
            return "SET " + variable + "=" + description;
        }
    }

    /** At least 40 characters, URL-safe, never '@' (PostgREST reads a file) or '$' (Compose interpolates). */
    public static final Spec JWT_SECRET =
            new Spec("JWT_SECRET", "<48 random letters and digits>", g -> g.alphanumeric(48));

    // gen_hex 16: spliced raw into postgres:// URLs by several services, so hex keeps it URL-safe.
    public static final Spec POSTGRES_PASSWORD =
            new Spec("POSTGRES_PASSWORD", "<32 random hex digits>", g -> g.hex(16));

    /** In the order of Supabase's docker/.env.example. */
    private static final List<Spec> OTHERS = List.of(
            POSTGRES_PASSWORD,
            // gen_hex 16: Kong's basic-auth password for Studio.
            new Spec("DASHBOARD_PASSWORD", "<32 random hex digits>", g -> g.hex(16)),
            // gen_base64 48 = 64 characters: Realtime and Supavisor (Phoenix) refuse less than 64.
            new Spec("SECRET_KEY_BASE", "<64 random letters and digits>", g -> g.alphanumeric(64)),
            // gen_hex 16 = exactly 32 characters: Supavisor uses its bytes as an AES-256-GCM key.
            new Spec("VAULT_ENC_KEY", "<32 random hex digits>", g -> g.hex(16)),
            // gen_base64 24 = 32 characters: pg-meta encrypts Studio's connection strings with it (32 minimum).
            new Spec("PG_META_CRYPTO_KEY", "<32 random letters and digits>", g -> g.alphanumeric(32)),
            // gen_base64 24 = 32 characters each: Logflare's ingest/query and management tokens.
            new Spec("LOGFLARE_PUBLIC_ACCESS_TOKEN", "<32 random letters and digits>", g -> g.alphanumeric(32)),
            new Spec("LOGFLARE_PRIVATE_ACCESS_TOKEN", "<32 random letters and digits>", g -> g.alphanumeric(32)),
            // gen_hex 16 and gen_hex 32: Storage's S3 protocol credentials (32 and 64 hex characters).
            new Spec("S3_PROTOCOL_ACCESS_KEY_ID", "<32 random hex digits>", g -> g.hex(16)),
            new Spec("S3_PROTOCOL_ACCESS_KEY_SECRET", "<64 random hex digits>", g -> g.hex(32)),
            // Not made by generate-keys.sh (.env.example ships "your-tenant-id"); Dokploy's template uses ${uuid}.
            // Clients log in as postgres.<tenant>, so it must hold no '.': a UUID has none.
            new Spec("POOLER_TENANT_ID", "<a random UUID>", g -> g.uuid().toString()));

    private StackSecrets() {}

    /** Every secret but JWT_SECRET and its keys: name → fresh value, in .env.example's order. */
    public static Map<String, String> generate(SecretGenerator g) {
        Map<String, String> values = new LinkedHashMap<>();
        OTHERS.forEach(spec -> values.put(spec.variable(), spec.generate().apply(g)));
        return values;
    }

    /**
     * ANON_KEY and SERVICE_ROLE_KEY signed with {@code jwtSecret}, with the claims of generate-keys.sh (role, iss, iat,
     * exp): the pair every service checks against JWT_SECRET.
     */
    public static Map<String, String> apiKeys(String jwtSecret, long iat, long exp) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("ANON_KEY", SupabaseJwt.signHs256(SupabaseKeyClaims.of("anon", iat, exp), jwtSecret));
        keys.put("SERVICE_ROLE_KEY", SupabaseJwt.signHs256(SupabaseKeyClaims.of("service_role", iat, exp), jwtSecret));
        return keys;
    }

    /**
     * A whole new stack's secrets: JWT_SECRET, the API keys signed with it (valid {@link SupabaseKeyClaims#DEFAULT_VALIDITY}
     * from {@code now}) and every other secret, in .env.example's order.
     */
    public static Map<String, String> generateStack(SecretGenerator g, java.time.Instant now) {
        Map<String, String> values = new LinkedHashMap<>();
        String secret = JWT_SECRET.generate().apply(g);
        values.put(JWT_SECRET.variable(), secret);
        Map<String, Object> claims = SupabaseKeyClaims.of("anon", now, SupabaseKeyClaims.DEFAULT_VALIDITY);
        values.putAll(apiKeys(secret, (Long) claims.get("iat"), (Long) claims.get("exp")));
        values.putAll(generate(g));
        return values;
    }

    /** The spec of one secret other than JWT_SECRET (POSTGRES_PASSWORD included). */
    public static Optional<Spec> spec(String variable) {
        return OTHERS.stream().filter(s -> s.variable().equals(variable)).findFirst();
    }
}
