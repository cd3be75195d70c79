package dev.supadokploy.ops.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.keys.KeysInspectOperation.Input;
import dev.supadokploy.ops.keys.KeysInspectOperation.Key;
import dev.supadokploy.ops.keys.KeysInspectOperation.Result;
import dev.supadokploy.supabase.keys.PublishedExamples;
import dev.supadokploy.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysInspectOperationTest {
    static final String SECRET = "InspectSecretInspectSecretInspectSecret77";
    static final long NOW = KeysGenerateOperationTest.NOW.getEpochSecond();

    @TempDir
    Path dir;

    static Result inspect(List<String> keys, String envFile, String jwtSecret) {
        return new KeysInspectOperation()
                .run(
                        new Input(keys, envFile, jwtSecret),
                        KeysGenerateOperationTest.context(Map.of("SECRET", SECRET), false));
    }

    static String key(String role, long exp) throws Exception {
        return JwtCheck.hs256(
                "{\"role\":\"" + role + "\",\"iss\":\"supabase\",\"iat\":" + (NOW - 3600) + ",\"exp\":" + exp + "}",
                SECRET);
    }

    static Key only(Result r) {
        assertEquals(1, r.keys().size(), r::toString);
        return r.keys().get(0);
    }

    @Test
    void aGoodKeyVerifiesAndShowsItsClaimsButNeverItself() throws Exception {
        String anon = key("anon", NOW + 400L * 86400);
        Result r = inspect(List.of(anon), null, "env:SECRET");
        Key k = only(r);
        assertTrue(r.ok(), r::toString);
        assertEquals("key 1", k.name());
        assertEquals("jwt", k.kind());
        assertEquals("HS256", k.algorithm());
        assertEquals("anon", k.role());
        assertEquals("supabase", k.issuer());
        assertEquals(400L * 86400, k.expiresInSeconds());
        assertEquals("in 1 year 35 days", k.expiresIn());
        assertTrue(k.signatureValid());
        assertEquals(
                Map.of("role", "anon", "iss", "supabase", "iat", (int) (NOW - 3600), "exp", (int) (NOW + 400L * 86400)),
                k.claims());
        assertEquals(anon.substring(0, 8) + "…(" + anon.length() + " chars)", k.preview());
        String json = Json.write(r);
        assertFalse(json.contains(anon.split("\\.")[2]), "the signature is never shown");
        assertFalse(json.contains(SECRET));
        assertEquals("the JWT secret given (--jwt-secret, MCP: jwtSecret)", r.secretSource());
    }

    @Test
    void withoutASecretTheSignatureIsNotChecked() throws Exception {
        Key k = only(inspect(List.of(key("service_role", NOW + 400L * 86400)), null, null));
        assertNull(k.signatureValid());
        assertEquals("not checked: no secret given", k.signature());
        assertTrue(k.ok(), "nothing found wrong");
    }

    @Test
    void wrongSecretFailsVerification() throws Exception {
        Result r = inspect(
                List.of(JwtCheck.hs256(
                        "{\"role\":\"anon\",\"iss\":\"supabase\",\"exp\":" + (NOW + 999999) + "}",
                        "NotTheSecretNotTheSecretNotTheSecret123")),
                null,
                "env:SECRET");
        Key k = only(r);
        assertFalse(k.signatureValid());
        assertFalse(k.ok());
        assertFalse(r.ok());
        assertTrue(k.problems().get(0).contains("not signed with the JWT secret"), k.problems()::toString);
    }

    @Test
    void publishedDemoKeysAreFlagged() {
        Result r = inspect(
                List.of(
                        "ANON_KEY=" + PublishedExamples.DOCKER_ANON_KEY,
                        "SERVICE_ROLE_KEY=" + PublishedExamples.CLI_SERVICE_ROLE_KEY),
                null,
                null);
        assertFalse(r.ok());
        Key anon = r.keys().get(0);
        assertEquals("ANON_KEY", anon.name());
        assertEquals("the ANON_KEY of Supabase's docker/.env.example", anon.publishedExample());
        assertEquals("the JWT_SECRET of Supabase's docker/.env.example", anon.signedWithPublishedSecret());
        Key service = r.keys().get(1);
        assertEquals("the Supabase CLI's local development JWT secret", service.signedWithPublishedSecret());
        assertTrue(
                service.problems().stream().anyMatch(p -> p.contains("anyone can forge")),
                service.problems()::toString);
    }

    @Test
    void expiredExpiringAndEndlessKeys() throws Exception {
        Key expired = only(inspect(List.of(key("anon", NOW - 3 * 86400)), null, "env:SECRET"));
        assertEquals(-3L * 86400, expired.expiresInSeconds());
        assertEquals("expired 3 days ago", expired.expiresIn());
        assertTrue(expired.problems().get(0).startsWith("expired on"), expired.problems()::toString);
        assertTrue(expired.signatureValid(), "a valid signature does not save an expired key");
        assertFalse(expired.ok());

        Key soon = only(inspect(List.of(key("anon", NOW + 30 * 86400)), null, "env:SECRET"));
        assertTrue(soon.problems().get(0).contains("in 30 days"), soon.problems()::toString);

        Key endless = only(inspect(
                List.of(JwtCheck.hs256("{\"role\":\"anon\",\"iss\":\"supabase\"}", SECRET)), null, "env:SECRET"));
        assertNull(endless.expiresAt());
        assertTrue(endless.problems().get(0).startsWith("no exp claim"), endless.problems()::toString);
    }

    @Test
    void roleProblemsIncludingDokploysRolelessKeys() throws Exception {
        Key dokploy = only(inspect(
                List.of(JwtCheck.hs256("{\"iss\":\"dokploy\",\"iat\":" + NOW + ",\"exp\":1893456000}", SECRET)),
                null,
                "env:SECRET"));
        assertTrue(dokploy.problems().get(0).startsWith("no role claim"), dokploy.problems()::toString);
        assertTrue(dokploy.problems().get(0).contains("Dokploy"), dokploy.problems()::toString);

        Key authenticated = only(inspect(List.of(key("authenticated", NOW + 999 * 86400L)), null, "env:SECRET"));
        assertTrue(authenticated.problems().get(0).contains("not an API key role"), authenticated.problems()::toString);

        Key swapped = only(inspect(List.of("ANON_KEY=" + key("service_role", NOW + 999 * 86400L)), null, "env:SECRET"));
        assertTrue(swapped.problems().get(0).contains("gives everyone full access"), swapped.problems()::toString);
    }

    @Test
    void otherAlgorithmsAreProblems() throws Exception {
        Key hs512 = only(inspect(
                List.of(JwtCheck.hs256(
                        "{\"alg\":\"HS512\",\"typ\":\"JWT\"}",
                        "{\"role\":\"anon\",\"exp\":" + (NOW + 999999) + "}",
                        SECRET)),
                null,
                "env:SECRET"));
        assertTrue(hs512.problems().get(0).contains("HS512"), hs512.problems()::toString);
        Key none = only(inspect(
                List.of(JwtCheck.hs256(
                        "{\"alg\":\"none\"}", "{\"role\":\"anon\",\"exp\":" + (NOW + 999999) + "}", SECRET)),
                null,
                null));
        assertTrue(none.problems().get(0).startsWith("unsigned"), none.problems()::toString);
    }

    @Test
    void opaqueAndUnknownValues() {
        KeysGenerateOperation.Result generated = new KeysGenerateOperation()
                .run(
                        new KeysGenerateOperation.Input(null, null, null, true, null, null, null),
                        KeysGenerateOperationTest.context(Map.of(), true));
        String publishable = generated.values().get("SUPABASE_PUBLISHABLE_KEY");
        String secret = generated.values().get("SUPABASE_SECRET_KEY");
        Result r = inspect(
                List.of(
                        "SUPABASE_PUBLISHABLE_KEY=" + publishable,
                        "SUPABASE_SECRET_KEY=" + secret,
                        "SUPABASE_PUBLISHABLE_KEY=" + secret,
                        "not-a-key-at-all"),
                null,
                null);
        assertEquals("publishable", r.keys().get(0).kind());
        assertTrue(r.keys().get(0).ok(), r.keys().get(0)::toString);
        assertTrue(
                r.keys().get(0).notes().get(0).contains("checksum matches"),
                r.keys().get(0).notes()::toString);
        assertEquals("secret", r.keys().get(1).kind());
        assertEquals(
                "sb_secret_…(" + secret.length() + " chars)", r.keys().get(1).preview());
        assertTrue(r.keys().get(2).problems().get(0).contains("gives everyone service_role access"));
        Key unknown = r.keys().get(3);
        assertEquals("unknown", unknown.kind());
        assertEquals("…(16 chars)", unknown.preview(), "an unknown value may be a secret: no characters shown");
        assertNull(unknown.fingerprint());
        String json = Json.write(r);
        assertFalse(json.contains(secret), "an sb_secret_ key is never echoed");
        assertFalse(json.contains("not-a-key-at-all"));
    }

    @Test
    void envFileKeysSecretAndJwksAreFound() throws Exception {
        KeysGenerateOperation.Result generated = new KeysGenerateOperation()
                .run(
                        new KeysGenerateOperation.Input(
                                null, null, true, true, dir.resolve(".env").toString(), null, null),
                        KeysGenerateOperationTest.context(Map.of(), true));
        assertTrue(generated.written().created());
        Result r = inspect(null, dir.resolve(".env").toString(), null);
        assertTrue(r.ok(), r::toString);
        assertEquals(
                List.of(
                        "ANON_KEY",
                        "SERVICE_ROLE_KEY",
                        "SUPABASE_PUBLISHABLE_KEY",
                        "SUPABASE_SECRET_KEY",
                        "ANON_KEY_ASYMMETRIC",
                        "SERVICE_ROLE_KEY_ASYMMETRIC"),
                r.keys().stream().map(Key::name).toList());
        assertTrue(r.secretSource().startsWith("JWT_SECRET in "), r.secretSource());
        assertTrue(r.jwksSource().startsWith("JWT_JWKS in "), r.jwksSource());
        Key asym = r.keys().get(4);
        assertEquals("ES256", asym.algorithm());
        assertEquals(generated.signingKeyId(), asym.keyId());
        assertTrue(asym.signatureValid());
        assertTrue(r.skipped().containsAll(List.of("POSTGRES_PASSWORD", "POOLER_TENANT_ID")));
        assertFalse(r.skipped().contains("JWT_SECRET"));

        // An ES256 key without its JWKS cannot be accepted by the services.
        String anonAsym = dev.supadokploy.util.DotEnv.parse(Files.readString(dir.resolve(".env")))
                .get("ANON_KEY_ASYMMETRIC")
                .orElseThrow();
        Key alone = only(inspect(List.of(anonAsym), null, null));
        assertTrue(alone.problems().get(0).contains("JWT_JWKS"), alone.problems()::toString);
    }

    @Test
    void weakSecretIsAProblemOfTheResult() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(
                env,
                "JWT_SECRET=short\nANON_KEY="
                        + JwtCheck.hs256("{\"role\":\"anon\",\"exp\":" + (NOW + 999 * 86400L) + "}", "short") + "\n");
        Result r = inspect(null, env.toString(), null);
        assertTrue(r.keys().get(0).ok());
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).contains("at least 32"), r.problems()::toString);
        assertFalse(Json.write(r).contains("JWT_SECRET=short"));
    }

    @Test
    void nothingToInspectIsAnError() {
        SupaException e = assertThrows(
                SupaException.class, () -> inspect(List.of("", "# comment", "POSTGRES_PASSWORD=x"), null, null));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, e.code());
        assertTrue(e.getMessage().contains("POSTGRES_PASSWORD"), e.getMessage());
        SupaException missing = assertThrows(
                SupaException.class,
                () -> inspect(null, dir.resolve("absent.env").toString(), null));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, missing.code());
    }
}
