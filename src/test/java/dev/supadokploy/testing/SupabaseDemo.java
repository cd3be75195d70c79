package dev.supadokploy.testing;

/**
 * Supabase's published demo JWT secret and keys, exactly as in Supabase's self-hosting example environment
 * (supabase/supabase, {@code docker/.env.example}, commit 001faf98b6c9; Apache License 2.0). Every fresh
 * {@code cp .env.example .env} deployment, and Dokploy's Supabase templates of March–May 2025, carry them.
 *
 * <p>The payloads are pretty-printed JSON ({@code eyAgCiAg…} is {@code "{  \n  "}), and the signatures cover
 * those exact bytes: a compact re-encoding ({@code eyJyb2xlIjoiYW5vbiIs…}) that circulates in blog posts
 * keeps the claims but does not verify. Claims: role anon / service_role, iss {@code supabase-demo},
 * iat 1641769200 (2022-01-09T23:00:00Z), exp 1799535600 (2027-01-09T23:00:00Z) — so they expire, and a
 * validator run near that date must say so.
 */
public final class SupabaseDemo {
    public static final String JWT_SECRET = "your-super-secret-jwt-token-with-at-least-32-characters-long";

    public static final String ANON_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyAgCiAgICAicm9sZSI6ICJhbm9uIiwKICAgICJpc3MiOiAic3VwYWJhc2UtZGVtbyIsCiAgICAiaWF0IjogMTY0MTc2OTIwMCwKICAgICJleHAiOiAxNzk5NTM1NjAwCn0"
            + ".dc_X5iR_VP_qT0zsiyj_I_OZ2T9FtRU2BBNWN8Bu4GE";

    public static final String SERVICE_ROLE_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyAgCiAgICAicm9sZSI6ICJzZXJ2aWNlX3JvbGUiLAogICAgImlzcyI6ICJzdXBhYmFzZS1kZW1vIiwKICAgICJpYXQiOiAxNjQxNzY5MjAwLAogICAgImV4cCI6IDE3OTk1MzU2MDAKfQ"
            + ".DaYlNEoUrrEn2Ig7tqibS-PHK5vgusbcbo7X36XVt4Q";

    public static final long ISSUED_AT = 1_641_769_200L;
    public static final long EXPIRES_AT = 1_799_535_600L;

    private SupabaseDemo() {}
}
