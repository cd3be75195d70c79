package dev.supadokploy.cli.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.ServedStack;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate config --compose-id} through the CLI: exit 5 on errors, 0 once fixed; JSON on stdout only. */
@NeedsSimulator
class ConfigDokployCommandTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    CliRunner cli;

    @BeforeEach
    void start() {
        cli = SimulatorEnv.cli(sim, home);
    }

    @Test
    void roleLessKeysExitFiveThenFixYesRedeploysAndExitsZero() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = ServedStack.deploy(sim, "acme");
        String secret = DotEnv.parse(sim.composes().get(0).env())
                .get("SERVICE_ROLE_KEY")
                .orElseThrow();

        CliRunner.Result audit = cli.run("validate", "config", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(5, audit.exitCode(), audit::toString);
        JsonNode json = audit.json();
        assertEquals("dokploy", json.get("source").asText());
        assertFalse(json.get("passed").asBoolean());
        assertEquals(3, json.get("counts").get("errors").asInt(), audit::toString);
        assertEquals(
                "keys.anon-equals-service",
                json.get("findings").get(0).get("ruleId").asText());

        CliRunner.Result text = cli.run("validate", "config", "--compose-id", stack.composeId(), "--offer-fix");
        assertEquals(5, text.exitCode(), text::toString);
        assertTrue(text.stdout().contains("--offer-fix: the env patch (nothing was changed):"), text.stdout());
        assertTrue(text.stdout().contains("SET SERVICE_ROLE_KEY=eyJ"), text.stdout());
        assertFalse(text.stdout().contains(secret), "no secret on stdout");

        CliRunner.Result refused = cli.run("validate", "config", "--compose-id", stack.composeId(), "--fix");
        assertEquals(5, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("VALIDATION_CONFIRMATION_REQUIRED"), refused.stderr());
        assertEquals("", refused.stdout());

        CliRunner.Result fixed =
                cli.run("--yes", "validate", "config", "--compose-id", stack.composeId(), "--fix", "--output", "json");
        assertEquals(0, fixed.exitCode(), fixed::toString);
        JsonNode f = fixed.json();
        assertTrue(f.get("passed").asBoolean());
        assertTrue(f.get("fix").get("redeployed").asBoolean());
        assertEquals(3, f.get("fix").get("resolved").size());
        assertTrue(f.get("probe").get("passed").asBoolean());
        Map<String, String> deployed =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertFalse(deployed.get("ANON_KEY").equals(deployed.get("SERVICE_ROLE_KEY")));

        CliRunner.Result again = cli.run("validate", "config", "--compose-id", stack.composeId());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stdout().contains("PASSED"), again.stdout());
        assertTrue(again.stdout().contains("every check passed"), again.stdout());
    }

    @Test
    void bothSourcesIsAUsageErrorOfTheValidationFamily() {
        CliRunner.Result r = cli.run("validate", "config", "--env-file", ".env", "--compose-id", "abc");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("not both"), r.stderr());
        CliRunner.Result missing = cli.run("validate", "config", "--compose-id", "nope", "--no-probe");
        assertEquals(4, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("DOKPLOY_NOT_FOUND"), missing.stderr());
    }
}
