package dev.supadokploy.supabase.keys;

import java.util.Map;
import java.util.Optional;

/**
 * Values Supabase publishes as examples, which a real deployment must never keep: its docker
 * {@code .env.example} (supabase/supabase, docker/.env.example) and the Supabase CLI's local
 * development keys. Anyone can sign service_role tokens with a published secret.
 */
public final class PublishedExamples {
    /** JWT_SECRET of docker/.env.example. */
    public static final String DOCKER_JWT_SECRET = "your-super-secret-jwt-token-with-at-least-32-characters-long";
    /** JWT secret of `supabase start` (local development). */
    public static final String CLI_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

    public static final String DOCKER_ANON_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyAgCiAgICAicm9sZSI6ICJhbm9uIiwKICAgICJpc3MiOiAic3VwYWJhc2UtZGVtbyIsCiAgICAiaWF0IjogMTY0MTc2OTIwMCwKICAgICJleHAiOiAxNzk5NTM1NjAwCn0."
            + "dc_X5iR_VP_qT0zsiyj_I_OZ2T9FtRU2BBNWN8Bu4GE";
    public static final String DOCKER_SERVICE_ROLE_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyAgCiAgICAicm9sZSI6ICJzZXJ2aWNlX3JvbGUiLAogICAgImlzcyI6ICJzdXBhYmFzZS1kZW1vIiwKICAgICJpYXQiOiAxNjQxNzY5MjAwLAogICAgImV4cCI6IDE3OTk1MzU2MDAKfQ."
            + "DaYlNEoUrrEn2Ig7tqibS-PHK5vgusbcbo7X36XVt4Q";
    public static final String CLI_ANON_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9."
            + "CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
    public static final String CLI_SERVICE_ROLE_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0."
            + "EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

    /** Every published value, by what it is; the variable names are those of docker/.env.example. */
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry(DOCKER_JWT_SECRET, "the JWT_SECRET of Supabase's docker/.env.example"),
            Map.entry(CLI_JWT_SECRET, "the Supabase CLI's local development JWT secret"),
            Map.entry(DOCKER_ANON_KEY, "the ANON_KEY of Supabase's docker/.env.example"),
            Map.entry(DOCKER_SERVICE_ROLE_KEY, "the SERVICE_ROLE_KEY of Supabase's docker/.env.example"),
            Map.entry(CLI_ANON_KEY, "the Supabase CLI's local development anon key"),
            Map.entry(CLI_SERVICE_ROLE_KEY, "the Supabase CLI's local development service_role key"),
            Map.entry("your-super-secret-and-long-postgres-password", "the POSTGRES_PASSWORD of docker/.env.example"),
            Map.entry(
                    "this_password_is_insecure_and_should_be_updated", "the DASHBOARD_PASSWORD of docker/.env.example"),
            Map.entry(
                    "UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15BLrx8etQoXz3gZv1/u2oq",
                    "the SECRET_KEY_BASE of docker/.env.example"),
            Map.entry("your-32-character-encryption-key", "the VAULT_ENC_KEY of docker/.env.example"),
            Map.entry("your-encryption-key-32-chars-min", "the PG_META_CRYPTO_KEY of docker/.env.example"),
            Map.entry(
                    "your-super-secret-and-long-logflare-key-public",
                    "the LOGFLARE_PUBLIC_ACCESS_TOKEN of docker/.env.example"),
            Map.entry(
                    "your-super-secret-and-long-logflare-key-private",
                    "the LOGFLARE_PRIVATE_ACCESS_TOKEN of docker/.env.example"),
            Map.entry("625729a08b95bf1b7ff351a663f3a23c", "the S3_PROTOCOL_ACCESS_KEY_ID of docker/.env.example"),
            Map.entry(
                    "850181e4652dd023b7a98c58ae0d2d34bd487ee0cc3254aed6eda37307425907",
                    "the S3_PROTOCOL_ACCESS_KEY_SECRET of docker/.env.example"));

    private PublishedExamples() {}

    /** What published example this value is, if it is one. */
    public static Optional<String> describe(String value) {
        return Optional.ofNullable(value == null ? null : VALUES.get(value.strip()));
    }

    /** The published secret this key is signed with, if any: such a key can be forged by anyone. */
    public static Optional<String> signingSecretOf(SupabaseJwt.Decoded key) {
        for (String secret : new String[] {DOCKER_JWT_SECRET, CLI_JWT_SECRET}) {
            if (SupabaseJwt.signedWith(key, secret)) {
                return Optional.of(secret);
            }
        }
        return Optional.empty();
    }
}
