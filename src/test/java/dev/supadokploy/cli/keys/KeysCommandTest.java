package dev.supadokploy.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.keys.JwtCheck;
import dev.supadokploy.supabase.keys.PublishedExamples;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys commands as a script sees them: stdout, stderr, exit codes and files. */
class KeysCommandTest {
    static final String SECRET = "RoundTripSecretRoundTripSecretRoundTrip12";

    @TempDir
    Path dir;

    @Test
    void generatePrintsDotenvThatInspectVerifies() throws Exception {
        CliRunner.Result gen =
                new CliRunner().env("JWT_SECRET", SECRET).run("keys", "generate", "--jwt-secret", "env:JWT_SECRET");
        assertEquals(0, gen.exitCode(), gen::toString);
        Map<String, String> values = DotEnv.parse(gen.stdout()).toMap();
        assertEquals(
                java.util.List.of("ANON_KEY", "SERVICE_ROLE_KEY"),
                java.util.List.copyOf(values.keySet()),
                "the secret given is not printed");
        assertTrue(JwtCheck.hs256Valid(values.get("SERVICE_ROLE_KEY"), SECRET));
        assertTrue(gen.stderr().contains("printed on stdout"), "stderr says where the secrets went: " + gen.stderr());
        assertFalse(gen.stderr().contains(values.get("SERVICE_ROLE_KEY")));

        CliRunner.Result inspect = new CliRunner()
                .env("JWT_SECRET", SECRET)
                .stdin(gen.stdout())
                .run("keys", "inspect", "-", "--jwt-secret", "env:JWT_SECRET", "--output", "json");
        assertEquals(0, inspect.exitCode(), inspect::toString);
        JsonNode r = inspect.json();
        assertTrue(r.get("ok").asBoolean(), r::toString);
        assertEquals(2, r.get("inspected").asInt());
        for (JsonNode k : r.get("keys")) {
            assertTrue(k.get("signatureValid").asBoolean(), k::toString);
        }
        assertFalse(inspect.stdout().contains(values.get("SERVICE_ROLE_KEY")), "inspect never echoes a key");
    }

    @Test
    void everythingGeneratedRoundTripsWithTheSecretAndJwksOnStdin() {
        CliRunner.Result gen = new CliRunner().run("keys", "generate", "--all", "--new-api-keys");
        assertEquals(0, gen.exitCode(), gen::toString);
        CliRunner.Result inspect = new CliRunner().stdin(gen.stdout()).run("keys", "inspect", "-");
        assertEquals(0, inspect.exitCode(), inspect::toString);
        assertTrue(inspect.stdout().contains("6 keys inspected: all fine"), inspect.stdout());
        assertTrue(
                inspect.stdout()
                        .contains("Verified with: JWT_SECRET among the keys; ES256 keys: JWT_JWKS among the keys"),
                inspect.stdout());
        assertFalse(inspect.stdout()
                .contains(DotEnv.parse(gen.stdout()).get("JWT_SECRET").orElseThrow()));
    }

    @Test
    void aLiteralSecretOnTheCommandLineIsRefusedAndNotRepeated() {
        String literal = "LiteralSecretLiteralSecretLiteralSecret00";
        CliRunner.Result r = new CliRunner().run("keys", "generate", "--jwt-secret", literal);
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("takes a reference to the secret, not the secret itself"), r.stderr());
        assertTrue(r.stderr().contains("env:JWT_SECRET"), "says how: " + r.stderr());
        assertFalse(r.stderr().contains(literal), "the secret is not printed again");
        assertEquals(
                5,
                new CliRunner()
                        .run("keys", "inspect", "x.y.z", "--jwt-secret", literal)
                        .exitCode());
    }

    @Test
    void weakSecretsAreRefusedWithTheReason() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "tooshort\n");
        CliRunner.Result r =
                new CliRunner().run("keys", "generate", "--jwt-secret-file", file.toString(), "--output", "json");
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals(
                "VALIDATION_INVALID_INPUT", r.json().get("error").get("code").asText());
        assertTrue(r.json().get("error").get("message").asText().contains("at least 32"), r::toString);

        CliRunner.Result dollar = new CliRunner()
                .stdin("abc$defabc$defabc$defabc$defabc$def\n")
                .run("keys", "generate", "--jwt-secret", "-");
        assertEquals(5, dollar.exitCode(), dollar::toString);
        assertTrue(dollar.stderr().contains("'$'"), dollar.stderr());
    }

    @Test
    void jsonOutputIsValuesPlusMetadata() {
        CliRunner.Result r = new CliRunner().run("keys", "generate", "--expires-in", "365d", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = r.json();
        assertEquals(3, j.get("values").size());
        assertEquals(365L * 86400, j.get("expiresInSeconds").asLong());
        assertEquals("generated", j.get("jwtSecretSource").asText());
        assertTrue(j.get("expiresAt").asText().endsWith("Z"));
        assertEquals(0, j.get("redacted").size());
    }

    @Test
    void writeMergesIntoAnEnvFileAndKeepsSecretsOffStdout() throws Exception {
        Path env = dir.resolve(".env");
        String before =
                "# production stack\nPOSTGRES_PASSWORD=already-in-the-database\n\n# keys below\nJWT_SECRET=\nSITE_URL=https://app.example.com\n";
        Files.writeString(env, before);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        CliRunner.Result r = new CliRunner().run("keys", "generate", "--all", "--write", env.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Map<String, String> file = DotEnv.parse(Files.readString(env)).toMap();
        for (String name : new String[] {"JWT_SECRET", "SERVICE_ROLE_KEY", "VAULT_ENC_KEY", "SECRET_KEY_BASE"}) {
            assertFalse(r.stdout().contains(file.get(name)), name + " is not on stdout");
            assertFalse(r.stderr().contains(file.get(name)), name + " is not on stderr");
        }
        assertTrue(r.stdout().contains("kept:") && r.stdout().contains("POSTGRES_PASSWORD"), r.stdout());
        assertTrue(r.stderr().contains("written to " + env), "stderr says where they went: " + r.stderr());
        assertTrue(
                Files.readString(env)
                        .startsWith(
                                "# production stack\nPOSTGRES_PASSWORD=already-in-the-database\n\n# keys below\nJWT_SECRET="),
                "comments and order kept");
        assertTrue(Files.readString(env).contains("\nSITE_URL=https://app.example.com\n"));
        assertEquals("already-in-the-database", file.get("POSTGRES_PASSWORD"));
        assertTrue(JwtCheck.hs256Valid(file.get("ANON_KEY"), file.get("JWT_SECRET")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));

        CliRunner.Result forced = new CliRunner()
                .run("keys", "generate", "--all", "--write", env.toString(), "--force", "--output", "json");
        assertEquals(0, forced.exitCode(), forced::toString);
        JsonNode w = forced.json().get("written");
        assertTrue(w.get("replaced").toString().contains("POSTGRES_PASSWORD"), w::toString);
        assertTrue(forced.json().get("values").get("POSTGRES_PASSWORD").asText().startsWith("…(redacted"));
        assertTrue(forced.stderr().contains("warning: POSTGRES_PASSWORD was replaced"), forced.stderr());
        assertFalse(DotEnv.parse(Files.readString(env))
                .get("POSTGRES_PASSWORD")
                .orElseThrow()
                .equals("already-in-the-database"));

        CliRunner.Result revealed = new CliRunner()
                .run("keys", "generate", "--write", dir.resolve("other.env").toString(), "--reveal");
        Map<String, String> shown = DotEnv.parse(revealed.stdout()).toMap();
        assertEquals(
                DotEnv.parse(Files.readString(dir.resolve("other.env"))).toMap(),
                shown,
                "--reveal prints what was written");
    }

    @Test
    void inspectExitsFiveOnDemoAndExpiredKeys() throws Exception {
        CliRunner.Result demo = new CliRunner()
                .stdin(PublishedExamples.DOCKER_ANON_KEY + "\n" + PublishedExamples.DOCKER_SERVICE_ROLE_KEY + "\n")
                .run("keys", "inspect", "-");
        assertEquals(5, demo.exitCode(), demo::toString);
        assertTrue(demo.stdout().contains("the ANON_KEY of Supabase's docker/.env.example"), demo.stdout());
        assertTrue(
                demo.stdout().contains("signed with the JWT_SECRET of Supabase's docker/.env.example"), demo.stdout());
        assertFalse(demo.stdout().contains(PublishedExamples.DOCKER_SERVICE_ROLE_KEY));

        String expired = JwtCheck.hs256(
                "{\"role\":\"anon\",\"iss\":\"supabase\",\"iat\":1600000000,\"exp\":1700000000}", SECRET);
        CliRunner.Result r = new CliRunner().env("S", SECRET).run("keys", "inspect", expired, "--jwt-secret", "env:S");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("expired on 2023-11-14T22:13:20Z"), r.stdout());
        assertTrue(r.stdout().contains("signature: valid"), r.stdout());
    }

    @Test
    void aServiceKeyOnTheCommandLineIsWarnedAbout() throws Exception {
        String service = JwtCheck.hs256("{\"role\":\"service_role\",\"iss\":\"supabase\",\"exp\":4000000000}", SECRET);
        CliRunner.Result r = new CliRunner().run("keys", "inspect", service);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("warning: a service key on the command line"), r.stderr());
        assertFalse(r.stdout().contains(service));
    }

    @Test
    void stdinCannotCarryKeysAndSecret() {
        CliRunner.Result r = new CliRunner().stdin("x").run("keys", "inspect", "-", "--jwt-secret", "-");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("both the keys and the JWT secret"), r.stderr());
    }
}
