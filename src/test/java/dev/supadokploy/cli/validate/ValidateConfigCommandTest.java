package dev.supadokploy.cli.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.EnvFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate config} as a script or CI step sees it: exit codes, one JSON document, no secret on stdout. */
class ValidateConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void healthyEnvPasses() {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.HEALTHY);
        CliRunner.Result r = new CliRunner().run("validate", "config", "--env-file", env.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("No findings."), r.stdout());
        assertTrue(r.stdout().contains("PASSED"), r.stdout());
    }

    @Test
    void errorsExitWithTheValidationCodeAndJsonCarriesTheWholeResult() {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.DOKPLOY_V0_25_5);
        CliRunner.Result r =
                new CliRunner().run("validate", "config", "--env-file", env.toString(), "--output", "json");
        assertEquals(5, r.exitCode(), r::toString);
        JsonNode json = r.json();
        assertFalse(json.get("passed").asBoolean());
        assertEquals(4, json.get("counts").get("errors").asInt());
        JsonNode first = json.get("findings").get(0);
        assertEquals("keys.anon-equals-service", first.get("ruleId").asText());
        assertEquals("keys", first.get("category").asText());
        assertEquals("error", first.get("severity").asText());
        assertEquals("resign_key", first.get("fix").get("remedy").asText());
        assertEquals("", r.stderr());
    }

    @Test
    void warningsAloneDoNotFail() throws Exception {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.HEALTHY);
        CliRunner.Result r = new CliRunner()
                .run("validate", "config", "--env-file", env.toString(), "--domain", "supabase.example.com");
        assertEquals(0, r.exitCode(), r::toString);
        Path slashed = dir.resolve("slash.env");
        Files.writeString(
                slashed,
                Files.readString(env).replace("SITE_URL=https://app.example.com", "SITE_URL=https://app.example.com/"));
        CliRunner.Result warned = new CliRunner().run("validate", "config", "--env-file", slashed.toString());
        assertEquals(0, warned.exitCode(), warned::toString);
        assertTrue(warned.stdout().contains("warning urls.trailing-slash  SITE_URL"), warned.stdout());
    }

    @Test
    void fixPrintsWhatChangedButNoValue() throws Exception {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.DOKPLOY_V0_25_5);
        Map<String, String> before = EnvFixtures.parse(Files.readString(env));
        CliRunner.Result r = new CliRunner().run("validate", "config", "--env-file", env.toString(), "--fix");
        assertEquals(5, r.exitCode(), "SMTP still needs the operator: " + r);
        Map<String, String> after = EnvFixtures.parse(Files.readString(env));
        assertTrue(r.stdout().contains("--fix changed 2 values and resolved 3 findings"), r.stdout());
        assertTrue(r.stdout().contains(env + ".bak"), r.stdout());
        for (String secret : List.of(
                before.get("JWT_SECRET"),
                before.get("POSTGRES_PASSWORD"),
                before.get("ANON_KEY"),
                after.get("ANON_KEY"),
                after.get("SERVICE_ROLE_KEY"),
                before.get("DASHBOARD_PASSWORD"))) {
            assertFalse(r.stdout().contains(secret) || r.stderr().contains(secret), "no secret printed");
        }
        CliRunner.Result again =
                new CliRunner().run("validate", "config", "--env-file", env.toString(), "--output", "json");
        assertEquals(
                List.of("smtp.placeholder", "urls.site-url-default"),
                again.json().get("findings").findValuesAsText("ruleId"));
    }

    @Test
    void missingFileIsAValidationError() {
        CliRunner.Result r = new CliRunner()
                .run(
                        "validate",
                        "config",
                        "--env-file",
                        dir.resolve("missing.env").toString(),
                        "--output",
                        "json");
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals(
                "VALIDATION_INVALID_INPUT", r.json().get("error").get("code").asText());
        assertTrue(r.stderr().startsWith("error: Env file not found: "), r.stderr());
    }

    @Test
    void noEnvFileAndRotationWithoutFixAreRefused() {
        CliRunner.Result none = new CliRunner().run("validate", "config");
        assertEquals(5, none.exitCode(), none::toString);
        assertTrue(none.stderr().contains("VALIDATION_MISSING_INPUT"), none.stderr());

        Path env = EnvFixtures.copyTo(dir, EnvFixtures.HEALTHY);
        CliRunner.Result rotate =
                new CliRunner().run("validate", "config", "--env-file", env.toString(), "--rotate-jwt-secret");
        assertEquals(5, rotate.exitCode(), rotate::toString);
        assertTrue(rotate.stderr().contains("only take effect with --fix"), rotate.stderr());
    }
}
