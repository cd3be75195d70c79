package dev.supadokploy.supabase.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupabaseJwtTest {

    @Test
    void publishedDemoKeysAreSignedWithThePublishedSecrets() throws Exception {
        SupabaseJwt.Decoded anon = SupabaseJwt.decode(PublishedExamples.DOCKER_ANON_KEY);
        assertEquals("anon", anon.role().orElseThrow());
        assertEquals("supabase-demo", anon.issuer().orElseThrow());
        assertEquals(Instant.ofEpochSecond(1799535600), anon.expiresAt().orElseThrow());
        assertTrue(SupabaseJwt.signedWith(anon, PublishedExamples.DOCKER_JWT_SECRET));
        assertFalse(SupabaseJwt.signedWith(anon, PublishedExamples.CLI_JWT_SECRET));
        assertEquals(
                PublishedExamples.DOCKER_JWT_SECRET,
                PublishedExamples.signingSecretOf(anon).orElseThrow());
        SupabaseJwt.Decoded cliService = SupabaseJwt.decode(PublishedExamples.CLI_SERVICE_ROLE_KEY);
        assertEquals("service_role", cliService.role().orElseThrow());
        assertEquals(
                PublishedExamples.CLI_JWT_SECRET,
                PublishedExamples.signingSecretOf(cliService).orElseThrow());
        assertTrue(PublishedExamples.describe(PublishedExamples.DOCKER_SERVICE_ROLE_KEY)
                .isPresent());
    }

    @Test
    void signThenVerify() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("role", "anon");
        claims.put("iss", "supabase");
        claims.put("iat", 1_790_000_000L);
        claims.put("exp", 1_950_000_000L);
        String secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
        String token = SupabaseJwt.signHs256(claims, secret);
        SupabaseJwt.Decoded d = SupabaseJwt.decode(token);
        assertEquals("HS256", d.algorithm().orElseThrow());
        assertEquals("JWT", d.header().get("typ"));
        assertTrue(
                token.startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."),
                "the header bytes Supabase's generator writes: " + token);
        assertEquals(claims.keySet(), d.claims().keySet());
        assertTrue(SupabaseJwt.signedWith(d, secret));
        assertFalse(SupabaseJwt.signedWith(d, secret + "x"));
        assertTrue(PublishedExamples.signingSecretOf(d).isEmpty());
    }

    @Test
    void notAJwt() {
        assertThrows(SupabaseJwt.NotAJwtException.class, () -> SupabaseJwt.decode("sb_publishable_abc"));
        assertThrows(SupabaseJwt.NotAJwtException.class, () -> SupabaseJwt.decode("a.b.c"));
        assertThrows(SupabaseJwt.NotAJwtException.class, () -> SupabaseJwt.decode(""));
    }
}
