package dev.supadokploy.supabase.rules;

import static dev.supadokploy.supabase.rules.EnvUnderTest.NOW;
import static dev.supadokploy.supabase.rules.EnvUnderTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.supabase.keys.PublishedExamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 1–5 of the issue: ANON_KEY and SERVICE_ROLE_KEY. Each test changes one thing in the healthy fixture. */
class KeyRulesTest {

    private static String token(String headerJson, String claimsJson, String signature) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    @Test
    void theHealthyFixtureHasNoFindings() {
        assertEquals(List.of(), EnvUnderTest.healthy().labels());
    }

    @Test
    void anonEqualsService() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set("SERVICE_ROLE_KEY", env.get("ANON_KEY"));
        assertEquals(
                List.of(
                        "error keys.anon-equals-service ANON_KEY,SERVICE_ROLE_KEY",
                        "error keys.wrong-role SERVICE_ROLE_KEY"),
                env.labels());
        Finding f = env.only("keys.anon-equals-service");
        assertEquals(Remedy.resign_key, f.fix().remedy());
        assertEquals(
                "supa-dokploy validate config --env-file .env --fix", f.fix().command());
    }

    @Test
    void twoDifferentKeysWithTheRightRolesAreFine() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set("ANON_KEY", env.key("anon", NOW.plus(Duration.ofDays(1000))));
        env.set("SERVICE_ROLE_KEY", env.key("service_role", NOW.plus(Duration.ofDays(1000))));
        assertEquals(List.of(), env.labels());
    }

    @Test
    void roleLessDokployKeyIsNamedAsTheDokployBug() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set(
                "ANON_KEY",
                sign(env.get("JWT_SECRET"), "iss", "dokploy", "iat", NOW.getEpochSecond(), "exp", 1_893_456_000L));
        assertEquals(List.of("error keys.missing-role ANON_KEY"), env.labels());
        Finding f = env.only("keys.missing-role");
        assertTrue(f.message().contains("Dokploy/dokploy#2867"), f.message());
        assertTrue(f.evidence().contains("role (missing)") && f.evidence().contains("iss 'dokploy'"), f.evidence());
    }

    @Test
    void roleLessKeyFromElsewhereIsNotBlamedOnDokploy() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set("SERVICE_ROLE_KEY", sign(env.get("JWT_SECRET"), "iss", "supabase", "exp", 1_950_000_000L));
        assertEquals(List.of("error keys.missing-role SERVICE_ROLE_KEY"), env.labels());
        assertFalse(env.only("keys.missing-role").message().contains("2867"));
    }

    @Test
    void anonKeyWithTheServiceRoleIsAWrongRole() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set("ANON_KEY", env.key("service_role", NOW.plus(Duration.ofDays(1000))));
        assertEquals(List.of("error keys.wrong-role ANON_KEY"), env.labels());
        assertTrue(env.only("keys.wrong-role").message().contains("bypasses row level security"));
    }

    @Test
    void keyNotSignedWithJwtSecret() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set(
                "ANON_KEY",
                sign(
                        "another-secret-of-at-least-thirty-two-chars",
                        "role",
                        "anon",
                        "iss",
                        "supabase",
                        "iat",
                        NOW.getEpochSecond(),
                        "exp",
                        1_950_000_000L));
        assertEquals(List.of("error keys.signature-mismatch ANON_KEY"), env.labels());
        Finding f = env.only("keys.signature-mismatch");
        assertFalse(f.evidence().contains(env.get("JWT_SECRET")), "evidence never holds the secret");
        assertTrue(f.evidence().contains("does not verify"), f.evidence());
    }

    @Test
    void keySignedWithAPublishedSecretIsAlsoAPublishedExample() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set(
                "SERVICE_ROLE_KEY",
                sign(
                        PublishedExamples.DOCKER_JWT_SECRET,
                        "role",
                        "service_role",
                        "iss",
                        "supabase",
                        "iat",
                        NOW.getEpochSecond(),
                        "exp",
                        1_950_000_000L));
        assertEquals(
                List.of(
                        "error keys.signature-mismatch SERVICE_ROLE_KEY",
                        "error secrets.published-example SERVICE_ROLE_KEY"),
                env.labels());
    }

    @Test
    void missingAndEmptyKeys() {
        EnvUnderTest env = EnvUnderTest.healthy().remove("SERVICE_ROLE_KEY").set("ANON_KEY", "");
        assertEquals(List.of("error keys.missing ANON_KEY", "error keys.missing SERVICE_ROLE_KEY"), env.labels());
    }

    @Test
    void opaqueKeyIsNotAJwt() {
        EnvUnderTest env = EnvUnderTest.healthy().set("ANON_KEY", "sb_publishable_4b2d8f0c1e9a7b3d5f6a8c0e2b4d6f8a");
        assertEquals(List.of("error keys.not-a-jwt ANON_KEY"), env.labels());
        Finding f = env.only("keys.not-a-jwt");
        assertFalse(f.evidence().contains("4b2d8f0c1e9a"), "only a short prefix of the value: " + f.evidence());
    }

    @Test
    void asymmetricKeyNeedsJwks() {
        String es256 = token(
                "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}",
                "{\"role\":\"anon\",\"iss\":\"supabase\",\"iat\":1793491200,\"exp\":1951171200}",
                "c2lnbmF0dXJl");
        EnvUnderTest without = EnvUnderTest.healthy().set("ANON_KEY", es256);
        assertEquals(List.of("error keys.unsupported-algorithm ANON_KEY"), without.labels());
        assertTrue(without.only("keys.unsupported-algorithm").message().contains("JWT_JWKS is not set"));

        EnvUnderTest with = EnvUnderTest.healthy()
                .set("ANON_KEY", es256)
                .set(
                        "JWT_JWKS",
                        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}");
        assertEquals(List.of(), with.labels(), "ES256 keys are fine once JWT_JWKS publishes their key");
    }

    @Test
    void unsignedKeyIsRefusedEvenWithJwks() {
        String none = token(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}",
                "{\"role\":\"service_role\",\"iss\":\"supabase\",\"exp\":1951171200}",
                "");
        EnvUnderTest env =
                EnvUnderTest.healthy().set("SERVICE_ROLE_KEY", none).set("JWT_JWKS", "{\"keys\":[{\"kty\":\"oct\"}]}");
        assertEquals(List.of("error keys.unsupported-algorithm SERVICE_ROLE_KEY"), env.labels());
    }

    @Test
    void expiredKey() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set("ANON_KEY", env.key("anon", NOW.minus(Duration.ofDays(1))));
        assertEquals(List.of("error keys.expired ANON_KEY"), env.labels());
    }

    @Test
    void keyExpiringWithin90Days() {
        EnvUnderTest soon = EnvUnderTest.healthy();
        soon.set("SERVICE_ROLE_KEY", soon.key("service_role", NOW.plus(Duration.ofDays(89))));
        assertEquals(List.of("warning keys.expiring-soon SERVICE_ROLE_KEY"), soon.labels());

        EnvUnderTest later = EnvUnderTest.healthy();
        later.set("SERVICE_ROLE_KEY", later.key("service_role", NOW.plus(Duration.ofDays(91))));
        assertEquals(List.of(), later.labels());
    }

    @Test
    void keyWithoutExpiry() {
        EnvUnderTest env = EnvUnderTest.healthy();
        env.set(
                "ANON_KEY",
                sign(env.get("JWT_SECRET"), "role", "anon", "iss", "supabase", "iat", NOW.getEpochSecond()));
        assertEquals(List.of("warning keys.no-expiry ANON_KEY"), env.labels());
    }

    @Test
    void keysThatCannotBeResignedAskForANewSecret() {
        EnvUnderTest env = EnvUnderTest.healthy();
        String shortSecret = "only-twenty-characters";
        env.set("JWT_SECRET", shortSecret)
                .set("ANON_KEY", sign(shortSecret, "role", "anon", "iss", "supabase", "exp", 1_950_000_000L))
                .set("SERVICE_ROLE_KEY", sign(shortSecret, "role", "service_role", "iss", "supabase"));
        assertEquals(
                List.of("error secrets.jwt-secret-short JWT_SECRET", "warning keys.no-expiry SERVICE_ROLE_KEY"),
                env.labels());
        Finding noExpiry = env.only("keys.no-expiry");
        assertEquals(Remedy.rotate_jwt_secret, noExpiry.fix().remedy());
        assertTrue(
                noExpiry.fix().command().endsWith("--fix --rotate-jwt-secret"),
                noExpiry.fix().command());
    }
}
