package dev.supadokploy.supabase.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of a Supabase stack besides JWT_SECRET and its keys, each in the form and length supabase/supabase
 * {@code docker/utils/generate-keys.sh} makes it. Where that script uses {@code openssl rand -base64 N}, this
 * keeps the resulting length but uses letters and digits only: base64's {@code +} and {@code /} need quoting or
 * URL-encoding in some of the places these values travel (URLs, query strings, YAML), letters and digits never do.
 */
public final class StackSecrets {
    private StackSecrets() {}

    /** Name → value, in the order of Supabase's docker/.env.example. */
    public static Map<String, String> generate(SecretGenerator g) {
        Map<String, String> values = new LinkedHashMap<>();
        // gen_hex 16: spliced raw into postgres:// URLs by several services, so hex keeps it URL-safe.
        values.put("POSTGRES_PASSWORD", g.hex(16));
        // gen_hex 16: Kong's basic-auth password for Studio.
        values.put("DASHBOARD_PASSWORD", g.hex(16));
        // gen_base64 48 = 64 characters: Realtime and Supavisor (Phoenix) need at least 64.
        values.put("SECRET_KEY_BASE", g.alphanumeric(64));
        // gen_hex 16 = exactly 32 characters: Supavisor uses its bytes as an AES-256 key.
        values.put("VAULT_ENC_KEY", g.hex(16));
        // gen_base64 24 = 32 characters: pg-meta encrypts Studio's connection strings with it (32 minimum).
        values.put("PG_META_CRYPTO_KEY", g.alphanumeric(32));
        // gen_base64 24 = 32 characters each: Logflare's ingest/query and management tokens.
        values.put("LOGFLARE_PUBLIC_ACCESS_TOKEN", g.alphanumeric(32));
        values.put("LOGFLARE_PRIVATE_ACCESS_TOKEN", g.alphanumeric(32));
        // gen_hex 16 and gen_hex 32: Storage's S3 protocol credentials (32 and 64 hex characters).
        values.put("S3_PROTOCOL_ACCESS_KEY_ID", g.hex(16));
        values.put("S3_PROTOCOL_ACCESS_KEY_SECRET", g.hex(32));
        // Not made by generate-keys.sh (.env.example ships "your-tenant-id"). Clients log in as
        // postgres.<tenant>, so it must hold no '.'; 20 lowercase letters and digits, the shape of a project ref.
        values.put("POOLER_TENANT_ID", g.lowerAlphanumeric(20));
        return values;
    }
}
