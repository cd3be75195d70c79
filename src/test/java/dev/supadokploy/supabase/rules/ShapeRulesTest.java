package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.dokploy.SupabaseTemplates;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules about a service apply only where the compose file has it, and judge the wiring the file gives it. */
class ShapeRulesTest {
    private static final String JWKS =
            "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}";
    private static final String SIGNING_KEYS =
            "[{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"d\":\"AA\"}]";

    private static EnvUnderTest withoutLogflare() {
        return EnvUnderTest.healthy().remove("LOGFLARE_PUBLIC_ACCESS_TOKEN").remove("LOGFLARE_PRIVATE_ACCESS_TOKEN");
    }

    @Test
    void logflareTokensOnlyWhereTheComposeRunsAnalytics() {
        assertEquals(
                List.of(),
                withoutLogflare()
                        .shape(SupabaseTemplates.compose(Variant.PR1068))
                        .labels(),
                "PR #1068 removed analytics with its tokens");
        List<String> expected = List.of(
                "error analytics.logflare-token-missing LOGFLARE_PRIVATE_ACCESS_TOKEN",
                "error analytics.logflare-token-missing LOGFLARE_PUBLIC_ACCESS_TOKEN");
        assertEquals(
                expected,
                withoutLogflare().shape(SupabaseTemplates.compose(Variant.JULY)).labels());
        assertEquals(expected, withoutLogflare().labels(), "a local .env has no compose file: analytics is assumed");
    }

    @Test
    void anAsymmetricSetTheComposeDoesNotHandToEveryVerifierIsAnError() {
        String july = SupabaseTemplates.compose(Variant.JULY);
        EnvUnderTest half = EnvUnderTest.healthy()
                .set("JWT_KEYS", SIGNING_KEYS)
                .set("JWT_JWKS", JWKS)
                .shape(july);
        assertEquals(List.of("error keys.asymmetric-half-wired JWT_KEYS"), half.labels());
        Finding f = half.only("keys.asymmetric-half-wired");
        assertTrue(
                f.message().contains("rest (PGRST_JWT_SECRET), realtime (API_JWT_SECRET), storage (AUTH_JWT_SECRET)"),
                f::message);
        assertEquals(Remedy.manual, f.fix().remedy());

        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("JWT_KEYS", SIGNING_KEYS)
                        .set("JWT_JWKS", JWKS)
                        .shape(SupabaseTemplates.wireJwks(july))
                        .labels(),
                "wired into every verifier");
        assertEquals(
                List.of(),
                EnvUnderTest.healthy().set("JWT_KEYS", "[]").shape(july).labels(),
                "the template's empty set");
        assertEquals(
                List.of(),
                EnvUnderTest.healthy().set("JWT_KEYS", SIGNING_KEYS).labels(),
                "no compose file, nothing to judge");
        assertEquals(
                List.of("error keys.asymmetric-half-wired SUPABASE_PUBLISHABLE_KEY"),
                EnvUnderTest.healthy()
                        .set("SUPABASE_PUBLISHABLE_KEY", "sb_publishable_4b2d8f0c1e9a7b3d5f6a8c0e2b4d6f8a")
                        .shape(july)
                        .labels());
    }

    @Test
    void es256IsNotFineMerelyBecauseJwtJwksIsInTheEnv() {
        String es256 = b64("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}") + "."
                + b64("{\"role\":\"anon\",\"iss\":\"supabase\",\"iat\":1793491200,\"exp\":1951171200}")
                + ".c2lnbmF0dXJl";
        String july = SupabaseTemplates.compose(Variant.JULY);
        EnvUnderTest unwired = EnvUnderTest.healthy()
                .set("ANON_KEY", es256)
                .set("JWT_JWKS", JWKS)
                .shape(july);
        assertEquals(List.of("error keys.unsupported-algorithm ANON_KEY"), unwired.labels());
        assertTrue(
                unwired.only("keys.unsupported-algorithm")
                        .message()
                        .contains("does not hand JWT_JWKS to rest, realtime, storage"),
                unwired.only("keys.unsupported-algorithm")::message);
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("ANON_KEY", es256)
                        .set("JWT_JWKS", JWKS)
                        .shape(SupabaseTemplates.wireJwks(july))
                        .labels());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
