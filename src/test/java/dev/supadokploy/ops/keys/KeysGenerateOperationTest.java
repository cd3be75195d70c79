package dev.supadokploy.ops.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.keys.KeysGenerateOperation.Input;
import dev.supadokploy.ops.keys.KeysGenerateOperation.Result;
import dev.supadokploy.supabase.keys.PublishedExamples;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysGenerateOperationTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long FIVE_YEARS = 5L * 365 * 24 * 3600;
    static final String EXISTING = "ExistingSecretExistingSecretExistingSecret42";

    @TempDir
    Path dir;

    static OperationContext context(Map<String, String> env, boolean revealSecrets) {
        return new OperationContext(
                Config.empty(),
                env,
                new SecretResolver(env, () -> new ByteArrayInputStream(new byte[0]), w -> {}),
                new Policy(true, false, false, true, revealSecrets),
                Interaction.NONE,
                Progress.NONE,
                new Cancellation(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                w -> {});
    }

    static Result run(Input input) {
        return new KeysGenerateOperation().run(input, context(Map.of("EXISTING", EXISTING), true));
    }

    static Input input(
            String jwtSecret,
            String expiresIn,
            Boolean all,
            Boolean newApiKeys,
            String write,
            Boolean force,
            Boolean reveal) {
        return new Input(jwtSecret, expiresIn, all, newApiKeys, write, force, reveal);
    }

    static Input plain() {
        return input(null, null, null, null, null, null, null);
    }

    @Test
    void freshSecretAndKeysWithExactlySupabasesClaims() throws Exception {
        Result r = run(plain());
        String secret = r.values().get("JWT_SECRET");
        assertEquals(
                List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY"),
                List.copyOf(r.values().keySet()));
        assertTrue(secret.matches("[A-Za-z0-9]{48}"), "URL-safe, no '@' or '$', at least 40: " + secret.length());
        for (String role : List.of("anon", "service_role")) {
            String key = r.values().get(role.equals("anon") ? "ANON_KEY" : "SERVICE_ROLE_KEY");
            assertTrue(JwtCheck.hs256Valid(key, secret), role + " key verifies with an independent HS256");
            assertFalse(JwtCheck.hs256Valid(key, secret + "x"));
            assertEquals(
                    "{\"role\":\"" + role + "\",\"iss\":\"supabase\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":"
                            + (NOW.getEpochSecond() + FIVE_YEARS) + "}",
                    JwtCheck.partText(key, 1),
                    "exactly these claims, in this order");
            JsonNode header = JwtCheck.part(key, 0);
            assertEquals("HS256", header.get("alg").asText());
            assertEquals("JWT", header.get("typ").asText());
        }
        assertEquals("generated", r.jwtSecretSource());
        assertEquals(NOW, r.issuedAt());
        assertEquals(NOW.plusSeconds(FIVE_YEARS), r.expiresAt());
        assertEquals(List.of(), r.redacted(), "the CLI policy shows the values");
        assertNull(r.written());
    }

    @Test
    void expiresInTakesUnits() throws Exception {
        assertEquals(
                NOW.plusSeconds(365L * 86400),
                run(input(null, "365d", null, null, null, null, null)).expiresAt());
        assertEquals(
                NOW.plusSeconds(12 * 3600),
                run(input(null, "12h", null, null, null, null, null)).expiresAt());
        assertEquals(
                NOW.plusSeconds(2 * 365L * 86400),
                run(input(null, "2y", null, null, null, null, null)).expiresAt());
        Result shortLived = run(input(null, "30d", null, null, null, null, null));
        assertTrue(shortLived.warnings().get(0).contains("90 days"), shortLived.warnings()::toString);
        for (String bad : List.of("5x", "-1d", "0s", "101y", "soon")) {
            SupaException e =
                    assertThrows(SupaException.class, () -> run(input(null, bad, null, null, null, null, null)), bad);
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        }
    }

    @Test
    void signsWithAnExistingSecretFromAReference() throws Exception {
        Result r = run(input("env:EXISTING", "365d", null, null, null, null, null));
        assertEquals("given", r.jwtSecretSource());
        assertFalse(r.values().containsKey("JWT_SECRET"), "the secret given is not echoed back");
        assertTrue(JwtCheck.hs256Valid(r.values().get("ANON_KEY"), EXISTING));
        assertTrue(JwtCheck.hs256Valid(r.values().get("SERVICE_ROLE_KEY"), EXISTING));
    }

    @Test
    void refusesWeakSecretsSayingWhy() {
        Map<String, String> reasons = Map.of(
                "short-secret-of-20ch",
                "at least 32",
                "@secretsecretsecretsecretsecretsecret",
                "file path",
                "secret$secretsecretsecretsecretsecret",
                "interpolate",
                PublishedExamples.DOCKER_JWT_SECRET,
                "anyone can sign");
        reasons.forEach((secret, why) -> {
            Map<String, String> env = new HashMap<>();
            env.put("WEAK", secret);
            SupaException e = assertThrows(
                    SupaException.class,
                    () -> new KeysGenerateOperation()
                            .run(input("env:WEAK", null, null, null, null, null, null), context(env, true)));
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertFalse(e.getMessage().contains(secret), "the secret is not repeated in the error");
        });
    }

    @Test
    void allGeneratesEverySecretInItsForm() {
        Map<String, String> v =
                run(input(null, null, true, null, null, null, null)).values();
        Map<String, String> forms = Map.of(
                "POSTGRES_PASSWORD", "[0-9a-f]{32}",
                "DASHBOARD_PASSWORD", "[0-9a-f]{32}",
                "SECRET_KEY_BASE", "[A-Za-z0-9]{64}",
                "VAULT_ENC_KEY", "[0-9a-f]{32}",
                "PG_META_CRYPTO_KEY", "[A-Za-z0-9]{32}",
                "LOGFLARE_PUBLIC_ACCESS_TOKEN", "[A-Za-z0-9]{32}",
                "LOGFLARE_PRIVATE_ACCESS_TOKEN", "[A-Za-z0-9]{32}",
                "S3_PROTOCOL_ACCESS_KEY_ID", "[0-9a-f]{32}",
                "S3_PROTOCOL_ACCESS_KEY_SECRET", "[0-9a-f]{64}",
                "POOLER_TENANT_ID", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        forms.forEach(
                (name, form) -> assertTrue(v.get(name).matches(form), name + " = " + v.get(name) + " is " + form));
        assertFalse(v.get("LOGFLARE_PUBLIC_ACCESS_TOKEN").equals(v.get("LOGFLARE_PRIVATE_ACCESS_TOKEN")));
        assertEquals(13, v.size());
    }

    @Test
    void newApiKeysFollowSupabasesSelfHostingScript() throws Exception {
        Result r = run(input(null, null, null, true, null, null, null));
        Map<String, String> v = r.values();
        // Dokploy's template hands JWT_KEYS to GoTrue only: the set is half-wired there until JWT_JWKS reaches the
        // verifiers
        assertTrue(
                r.warnings().stream()
                        .anyMatch(w -> w.contains("GoTrue only")
                                && w.contains("PGRST_JWT_SECRET")
                                && w.contains("keys.asymmetric-half-wired")),
                r.warnings()::toString);
        assertTrue(
                run(input(null, null, null, null, null, null, null)).warnings().stream()
                        .noneMatch(w -> w.contains("GoTrue only")),
                "only with the asymmetric set");
        ObjectMapper json = new ObjectMapper();
        String secret = v.get("JWT_SECRET");

        JsonNode privateSet = json.readTree(v.get("JWT_KEYS"));
        assertTrue(privateSet.isArray(), "JWT_KEYS is GoTrue's array of JWKs");
        JsonNode priv = privateSet.get(0);
        assertEquals(List.of("kty", "kid", "use", "key_ops", "alg", "ext", "crv", "x", "y", "d"), fieldNames(priv));
        assertEquals("EC", priv.get("kty").asText());
        assertEquals("P-256", priv.get("crv").asText());
        assertEquals("ES256", priv.get("alg").asText());
        assertEquals("sig", priv.get("use").asText());
        assertEquals("[\"sign\",\"verify\"]", priv.get("key_ops").toString());
        assertTrue(priv.get("ext").asBoolean());
        assertEquals(r.signingKeyId(), priv.get("kid").asText());
        assertTrue(
                r.signingKeyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                r.signingKeyId());

        JsonNode jwks = json.readTree(v.get("JWT_JWKS"));
        JsonNode pub = jwks.get("keys").get(0);
        assertEquals(
                List.of("kty", "kid", "use", "key_ops", "alg", "ext", "crv", "x", "y"),
                fieldNames(pub),
                "no private part");
        assertEquals("[\"verify\"]", pub.get("key_ops").toString());
        assertEquals(priv.get("x"), pub.get("x"));
        for (JsonNode set : List.of(privateSet, jwks.get("keys"))) {
            JsonNode oct = set.get(1);
            assertEquals("oct", oct.get("kty").asText());
            assertEquals("HS256", oct.get("alg").asText());
            assertEquals(
                    secret,
                    new String(Base64.getUrlDecoder().decode(oct.get("k").asText()), StandardCharsets.UTF_8));
            assertFalse(oct.get("k").asText().contains("="), "base64url without padding");
        }

        // The private JWK signs (DER ECDSA), the public JWK verifies: they are one key pair.
        byte[] data = "supa-dokploy".getBytes(StandardCharsets.UTF_8);
        ECPublicKey publicKey = JwtCheck.publicKey(pub);
        assertTrue(JwtCheck.verifyDer(publicKey, data, JwtCheck.signDer(JwtCheck.privateKey(priv), data)));

        for (String name : List.of("ANON_KEY_ASYMMETRIC", "SERVICE_ROLE_KEY_ASYMMETRIC")) {
            String token = v.get(name);
            assertEquals(
                    "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + r.signingKeyId() + "\"}",
                    JwtCheck.partText(token, 0));
            String role = name.startsWith("ANON") ? "anon" : "service_role";
            assertEquals(
                    "{\"role\":\"" + role + "\",\"iss\":\"supabase\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":"
                            + (NOW.getEpochSecond() + FIVE_YEARS) + "}",
                    JwtCheck.partText(token, 1));
            assertTrue(JwtCheck.es256Valid(token, publicKey), name + " verifies with the public JWK");
        }

        Pattern opaque = Pattern.compile("(sb_publishable_|sb_secret_)([A-Za-z0-9_-]{22})_([A-Za-z0-9_-]{8})");
        for (String name : List.of("SUPABASE_PUBLISHABLE_KEY", "SUPABASE_SECRET_KEY")) {
            Matcher m = opaque.matcher(v.get(name));
            assertTrue(m.matches(), v.get(name));
            assertEquals(name.endsWith("PUBLISHABLE_KEY") ? "sb_publishable_" : "sb_secret_", m.group(1));
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("supabase-self-hosted|" + m.group(1) + m.group(2)).getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 8),
                    m.group(3),
                    "checksum");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void secretsAreRedactedWhenThePolicySaysSoUnlessRevealed() throws Exception {
        KeysGenerateOperation op = new KeysGenerateOperation();
        Result hidden = op.run(input(null, null, true, true, null, null, null), context(Map.of(), false));
        Map<String, String> v = hidden.values();
        assertTrue(
                v.get("SERVICE_ROLE_KEY").matches("eyJ[A-Za-z0-9_-]{1}…\\(redacted, \\d+ chars\\)"),
                v.get("SERVICE_ROLE_KEY"));
        assertEquals("…(redacted, 48 chars)", v.get("JWT_SECRET"));
        assertEquals("…(redacted, 32 chars)", v.get("POSTGRES_PASSWORD"));
        assertTrue(v.get("SUPABASE_SECRET_KEY").startsWith("sb_secret_…(redacted, "), v.get("SUPABASE_SECRET_KEY"));
        assertTrue(v.get("JWT_JWKS").startsWith("…(redacted"), "JWT_JWKS carries JWT_SECRET as its oct key");
        assertTrue(
                v.get("ANON_KEY").matches("eyJ[^…]+\\.[^…]+\\.[^…]+"), "the anon key is public: " + v.get("ANON_KEY"));
        assertTrue(v.get("SUPABASE_PUBLISHABLE_KEY").matches("sb_publishable_[^…]+"));
        assertTrue(hidden.redacted()
                .containsAll(List.of("JWT_SECRET", "SERVICE_ROLE_KEY", "JWT_KEYS", "JWT_JWKS", "SUPABASE_SECRET_KEY")));
        assertFalse(hidden.redacted().contains("ANON_KEY"));

        Result shown = op.run(input(null, null, null, null, null, null, true), context(Map.of(), false));
        assertEquals(List.of(), shown.redacted());
        assertTrue(JwtCheck.hs256Valid(
                shown.values().get("SERVICE_ROLE_KEY"), shown.values().get("JWT_SECRET")));
    }

    @Test
    void writeMergesKeepingCommentsOrderAndExistingValues() throws Exception {
        Path env = dir.resolve(".env");
        String original = "# Supabase\nPOSTGRES_PASSWORD=keep-this-one\n\n# keys\nJWT_SECRET=" + EXISTING
                + "\nANON_KEY=\nJWT_KEYS=[]\nOTHER=x # note\n";
        Files.writeString(env, original);
        Result r = run(input(null, null, true, null, env.toString(), null, null));

        String after = Files.readString(env);
        assertTrue(
                after.startsWith("# Supabase\nPOSTGRES_PASSWORD=keep-this-one\n\n# keys\nJWT_SECRET=" + EXISTING
                        + "\nANON_KEY=eyJ"),
                after);
        assertTrue(
                after.contains("\nJWT_KEYS=[]\nOTHER=x # note\nSERVICE_ROLE_KEY=eyJ"),
                "untouched lines stay, new ones are appended: " + after);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));

        assertEquals("file", r.jwtSecretSource(), "the file's JWT_SECRET signs, so its keys verify against it");
        Map<String, String> written = dev.supadokploy.util.DotEnv.parse(after).toMap();
        assertTrue(JwtCheck.hs256Valid(written.get("ANON_KEY"), EXISTING));
        assertTrue(JwtCheck.hs256Valid(written.get("SERVICE_ROLE_KEY"), EXISTING));
        assertEquals(List.of("POSTGRES_PASSWORD"), r.written().kept());
        assertTrue(r.written().added().containsAll(List.of("ANON_KEY", "SERVICE_ROLE_KEY", "VAULT_ENC_KEY")));
        assertEquals(List.of(), r.written().replaced());
        assertNull(r.written().backup());
        assertFalse(r.written().created());
        assertFalse(r.values().containsKey("POSTGRES_PASSWORD"), "values are what was written");
        assertTrue(
                r.values().get("VAULT_ENC_KEY").startsWith("…(redacted"), "with write, secrets stay out of the result");
        assertTrue(r.values().get("ANON_KEY").startsWith("eyJ"));

        Result forced = run(input(null, null, true, null, env.toString(), true, null));
        Map<String, String> replaced =
                dev.supadokploy.util.DotEnv.parse(Files.readString(env)).toMap();
        assertTrue(forced.written().replaced().containsAll(List.of("JWT_SECRET", "POSTGRES_PASSWORD", "ANON_KEY")));
        assertTrue(replaced.get("POSTGRES_PASSWORD").matches("[0-9a-f]{32}"));
        assertFalse(replaced.get("JWT_SECRET").equals(EXISTING));
        assertTrue(JwtCheck.hs256Valid(replaced.get("SERVICE_ROLE_KEY"), replaced.get("JWT_SECRET")));
        assertEquals(after, Files.readString(Path.of(forced.written().backup())), "the previous file is kept");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(Path.of(forced.written().backup()))));
        assertTrue(
                forced.warnings().stream().anyMatch(w -> w.contains("POSTGRES_PASSWORD was replaced")),
                forced.warnings()::toString);
        assertTrue(
                forced.warnings().stream().anyMatch(w -> w.contains("JWT_SECRET was replaced")),
                forced.warnings()::toString);
    }

    @Test
    void writeNeverReplacesADokployReferenceEvenWhenForced() throws Exception {
        Path env = dir.resolve("referenced.env");
        Files.writeString(env, "JWT_SECRET=${{project.JWT_SECRET}}\nPOSTGRES_PASSWORD=${{vault.aws.pg}}\n");
        SupaException unsigned =
                assertThrows(SupaException.class, () -> run(input(null, null, true, null, env.toString(), true, null)));
        assertTrue(unsigned.getMessage().contains("is a ${{…}} reference"), unsigned.getMessage());
        assertTrue(unsigned.suggestion().contains("--jwt-secret"), unsigned.suggestion());

        // with the secret's value given, keys are signed with it and both references stay
        Result r = run(input("env:EXISTING", null, true, null, env.toString(), true, null));
        String after = Files.readString(env);
        assertTrue(
                after.startsWith("JWT_SECRET=${{project.JWT_SECRET}}\nPOSTGRES_PASSWORD=${{vault.aws.pg}}\n"), after);
        assertTrue(r.written().kept().containsAll(List.of("JWT_SECRET", "POSTGRES_PASSWORD")), r.written()::toString);
        Map<String, String> written = dev.supadokploy.util.DotEnv.parse(after).toMap();
        assertTrue(JwtCheck.hs256Valid(written.get("ANON_KEY"), EXISTING));
    }

    @Test
    void generatedSecretsNeedNoQuotingAnywhere() {
        // Dokploy's dotenv cuts an unquoted value at '#'; Compose expands '$' before v0.30; quotes change parsing
        dev.supadokploy.supabase.keys.SecretGenerator generator = new dev.supadokploy.supabase.keys.SecretGenerator();
        for (int i = 0; i < 20; i++) {
            Map<String, String> stack =
                    dev.supadokploy.supabase.keys.StackSecrets.generateStack(generator, java.time.Instant.now());
            stack.forEach((name, value) -> {
                assertTrue(
                        value.chars()
                                .noneMatch(c -> c == '#'
                                        || c == '$'
                                        || c == '"'
                                        || c == '\''
                                        || c == '\\'
                                        || Character.isWhitespace(c)),
                        name + " needs quoting");
                String line = name + "=" + value;
                assertEquals(
                        value,
                        dev.supadokploy.dokploy.DokployEnv.parse(line).get(name),
                        name + " survives Dokploy's parse bare");
            });
        }
    }

    @Test
    void writeCreatesAMissingFileWithMode0600AndRevealsOnlyWhenAsked() throws Exception {
        Path env = dir.resolve("new.env");
        Result r = run(input(null, null, null, true, env.toString(), null, true));
        assertTrue(r.written().created());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        Map<String, String> file =
                dev.supadokploy.util.DotEnv.parse(Files.readString(env)).toMap();
        assertEquals(file, r.values(), "reveal returns exactly what was written");
        new ObjectMapper().readTree(file.get("JWT_KEYS"));
        new ObjectMapper().readTree(file.get("JWT_JWKS"));
    }

    @Test
    void writeRefusesWhatWouldLeaveTheFileInconsistent() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "JWT_SECRET=" + EXISTING + "\n");
        Map<String, String> other = Map.of("OTHER", "AnotherSecretAnotherSecretAnotherSecret99");
        SupaException different = assertThrows(
                SupaException.class,
                () -> new KeysGenerateOperation()
                        .run(input("env:OTHER", null, null, null, env.toString(), null, null), context(other, true)));
        assertTrue(different.getMessage().contains("different JWT_SECRET"), different.getMessage());

        Files.writeString(env, "JWT_SECRET=" + EXISTING + "\nJWT_KEYS=[{\"kty\":\"EC\"}]\n");
        SupaException partial =
                assertThrows(SupaException.class, () -> run(input(null, null, null, true, env.toString(), null, null)));
        assertTrue(partial.getMessage().contains("must be written together"), partial.getMessage());
        assertEquals(
                "JWT_SECRET=" + EXISTING + "\nJWT_KEYS=[{\"kty\":\"EC\"}]\n",
                Files.readString(env),
                "nothing written on refusal");

        Files.writeString(env, "JWT_SECRET=" + PublishedExamples.DOCKER_JWT_SECRET + "\n");
        SupaException demo =
                assertThrows(SupaException.class, () -> run(input(null, null, null, null, env.toString(), null, null)));
        assertTrue(demo.suggestion().contains("--force"), demo.suggestion());

        SupaException forceAlone =
                assertThrows(SupaException.class, () -> run(input(null, null, null, null, null, true, null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, forceAlone.code());
    }

    @Test
    void writeWarnsAboutKeptKeysThatDoNotVerify() throws Exception {
        Path env = dir.resolve(".env");
        String foreign = JwtCheck.hs256(
                "{\"role\":\"anon\",\"iss\":\"supabase\",\"exp\":1900000000}",
                "SomeOtherSecretSomeOtherSecretSomeOther");
        Files.writeString(
                env,
                "JWT_SECRET=" + EXISTING + "\nANON_KEY=" + foreign + "\nDASHBOARD_PASSWORD="
                        + "this_password_is_insecure_and_should_be_updated\n");
        Result r = run(input(null, null, true, null, env.toString(), null, null));
        assertTrue(
                r.warnings().stream().anyMatch(w -> w.startsWith("ANON_KEY") && w.contains("not signed")),
                r.warnings()::toString);
        assertTrue(
                r.warnings().stream()
                        .anyMatch(w -> w.startsWith("DASHBOARD_PASSWORD") && w.contains("docker/.env.example")),
                r.warnings()::toString);
    }
}
