package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The independent HS256 verifier is only worth something if it agrees with the world: published vectors first. */
class Hs256Test {

    /** RFC 7515 appendix A.1: the JWS spec's own HS256 example, with its binary key. */
    @Test
    void reproducesTheRfc7515Example() {
        String signingInput = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        byte[] key = Base64.getUrlDecoder()
                .decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
        String jws = signingInput + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        assertEquals(
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                Base64.getUrlEncoder().withoutPadding().encodeToString(Hs256.mac(key, signingInput)));
        assertTrue(Hs256.verify(jws, key));
        assertEquals(Map.of("iss", "joe", "exp", 1300819380, "http://example.com/is_root", true), Hs256.claims(jws));
    }

    /** jwt.io's default token: a text secret, the way JWT_SECRET is used. */
    @Test
    void signsLikeJwtIo() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "1234567890");
        claims.put("name", "John Doe");
        claims.put("iat", 1516239022);

        assertEquals(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                Hs256.sign(claims, "your-256-bit-secret"));
    }

    @Test
    void supabaseDemoKeysAreSignedWithTheDemoSecret() {
        assertTrue(Hs256.verify(SupabaseDemo.ANON_KEY, SupabaseDemo.JWT_SECRET));
        assertTrue(Hs256.verify(SupabaseDemo.SERVICE_ROLE_KEY, SupabaseDemo.JWT_SECRET));

        assertEquals(
                Map.of("role", "anon", "iss", "supabase-demo", "iat", 1641769200, "exp", 1799535600),
                Hs256.claims(SupabaseDemo.ANON_KEY));
        assertEquals(
                Map.of("role", "service_role", "iss", "supabase-demo", "iat", 1641769200, "exp", 1799535600),
                Hs256.claims(SupabaseDemo.SERVICE_ROLE_KEY));
        assertEquals(Map.of("alg", "HS256", "typ", "JWT"), Hs256.header(SupabaseDemo.ANON_KEY));
        // pretty-printed payloads: the signature covers these bytes, not the claims
        assertTrue(Hs256.payloadJson(SupabaseDemo.ANON_KEY).startsWith("{  \n    \"role\": \"anon\","));
    }

    /** The compact form of the demo anon key that circulates (eyJyb2xlIjoiYW5vbiIs…) with the real signature. */
    @Test
    void aReEncodedPayloadDoesNotVerifyEvenWithTheSameClaims() {
        String compact = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"role\":\"anon\",\"iss\":\"supabase-demo\",\"iat\":1641769200,\"exp\":1799535600}"
                        .getBytes(StandardCharsets.UTF_8));
        String[] demo = SupabaseDemo.ANON_KEY.split("\\.");
        String reEncoded = demo[0] + "." + compact + "." + demo[2];

        assertTrue(compact.startsWith("eyJyb2xlIjoiYW5vbiIsImlzcyI6InN1cGFiYXNlLWRlbW8i"));
        assertEquals(Hs256.claims(SupabaseDemo.ANON_KEY), Hs256.claims(reEncoded));
        assertFalse(Hs256.verify(reEncoded, SupabaseDemo.JWT_SECRET));
    }

    @Test
    void roundTripsClaimsInOrder() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("role", "service_role");
        claims.put("iss", "supabase");
        claims.put("iat", 1793491200L);
        claims.put("exp", 1951171200L);
        String jwt = Hs256.sign(claims, "a-secret-of-at-least-thirty-two-characters");

        assertTrue(Hs256.verify(jwt, "a-secret-of-at-least-thirty-two-characters"));
        assertEquals(
                List.of("role", "iss", "iat", "exp"),
                List.copyOf(Hs256.claims(jwt).keySet()));
        assertEquals(
                "{\"role\":\"service_role\",\"iss\":\"supabase\",\"iat\":1793491200,\"exp\":1951171200}",
                Hs256.payloadJson(jwt));
    }

    @Test
    void refusesWrongSecretsTamperingAndOtherAlgorithms() {
        String jwt = Hs256.sign(Map.of("role", "anon"), "secret-one-secret-one-secret-one-!");
        String[] parts = jwt.split("\\.");
        String otherPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"role\":\"service_role\"}".getBytes(StandardCharsets.UTF_8));
        String noneHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        assertFalse(Hs256.verify(jwt, "secret-two-secret-two-secret-two-!"));
        assertFalse(Hs256.verify(parts[0] + "." + otherPayload + "." + parts[2], "secret-one-secret-one-secret-one-!"));
        assertFalse(Hs256.verify(noneHeader + "." + parts[1] + ".", "secret-one-secret-one-secret-one-!"));
        assertFalse(Hs256.verify(noneHeader + "." + parts[1] + "." + parts[2], "secret-one-secret-one-secret-one-!"));
        assertFalse(Hs256.verify(parts[0] + "." + parts[1], "secret-one-secret-one-secret-one-!"));
        assertFalse(Hs256.verify("not-a-jwt", "secret-one-secret-one-secret-one-!"));
        assertFalse(Hs256.verify(parts[0] + "." + parts[1] + ".%%%", "secret-one-secret-one-secret-one-!"));
    }

    /** HMAC pads keys with zeros, so an empty secret is the one-zero-byte key (Node accepts "", the JDK does not). */
    @Test
    void anEmptySecretSignsLikeHmacWithAnEmptyKey() {
        String jwt = Hs256.sign(Map.of("iss", "dokploy"), "");

        assertTrue(Hs256.verify(jwt, ""));
        assertTrue(Hs256.verify(jwt, new byte[1]));
        assertFalse(Hs256.verify(jwt, "x"));
    }
}
