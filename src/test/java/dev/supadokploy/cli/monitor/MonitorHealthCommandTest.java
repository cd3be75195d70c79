package dev.supadokploy.cli.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor health} through the CLI against the Dokploy simulator: verdicts, alerts and exit codes. */
@NeedsSimulator
class MonitorHealthCommandTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    CliRunner cli;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        cli = SimulatorEnv.cli(sim, home);
    }

    @Test
    void aFreshDeployIsHealthyAndExitsZero() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = r.json();
        assertEquals("healthy", json.get("overall").asText());
        assertEquals(13, json.get("total").asInt());
        assertEquals(13, json.get("ready").asInt());
        assertEquals(0, json.get("missing").size());
        assertEquals(0, json.get("alerts").size());
        assertEquals("done", json.get("composeStatus").asText());
        assertEquals("db", json.get("containers").get(0).get("service").asText(), "template order: the database first");
        assertTrue(json.get("containers").get(0).get("essential").asBoolean());

        CliRunner.Result text = cli.run("monitor", "health", "--compose-id", stack.composeId());
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().contains("HEALTHY, 13 of 13 containers ready"), text.stdout());
        assertTrue(text.stdout().contains("No alerts"), text.stdout());
    }

    @Test
    void anUnhealthyAuthIsDegradedWithAnAlertNamingAuth() {
        sim.unhealthyService("auth", Sickness.UNHEALTHY);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(MonitorHealthCommand.EXIT_DEGRADED, r.exitCode(), r::toString);
        JsonNode json = r.json();
        assertEquals("degraded", json.get("overall").asText());
        assertEquals(12, json.get("ready").asInt());
        JsonNode alert = json.get("alerts").get(0);
        assertEquals("critical", alert.get("severity").asText(), "auth is essential");
        assertEquals("auth", alert.get("service").asText());
        assertTrue(alert.get("message").asText().contains("health check fails"), alert.toString());
        assertTrue(
                alert.get("action")
                        .asText()
                        .contains("supa-dokploy monitor logs --compose-id " + stack.composeId()
                                + " --service auth --tail 200"),
                alert.toString());
        assertTrue(alert.get("action").asText().contains("dokploy_get_logs"), alert.toString());
    }

    @Test
    void aRestartingAuthNamesTheLogsCommandInTheTextOutput() {
        sim.unhealthyService("auth", Sickness.RESTARTING);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId());
        assertEquals(MonitorHealthCommand.EXIT_DEGRADED, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("auth is restarting in a loop (exit code 1)"), r.stdout());
        assertTrue(
                r.stdout().contains("monitor logs --compose-id " + stack.composeId() + " --service auth --tail 200"),
                r.stdout());
    }

    @Test
    void aRestartingDatabaseIsDown() {
        sim.unhealthyService("db", Sickness.RESTARTING);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(MonitorHealthCommand.EXIT_DOWN, r.exitCode(), r::toString);
        assertEquals("down", r.json().get("overall").asText());
    }

    @Test
    void aFailedDeployIsReportedAndNeverHealthy() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.deployFails(true);
        stack.redeploy(sim);
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(MonitorHealthCommand.EXIT_DEGRADED, r.exitCode(), r::toString);
        JsonNode json = r.json();
        assertEquals("error", json.get("composeStatus").asText());
        assertEquals("error", json.get("lastDeployment").get("status").asText());
        // Dokploy's errorMessage is null for an ordinary failure: the reason is the deployment log's last line before
        // Dokploy's own "Docker command failed"
        assertTrue(
                json.get("alerts")
                        .get(0)
                        .get("message")
                        .asText()
                        .equals("The last deploy failed: \"service \"db\" "
                                + "didn't complete successfully: exit 1\" (deployment log)"),
                json.get("alerts").toString());
        assertEquals(
                "Error occurred ❌, check the logs for details.",
                json.get("lastDeployment")
                        .get("logTail")
                        .get(json.get("lastDeployment").get("logTail").size() - 1)
                        .asText());
    }

    @Test
    void aComposeNeverDeployedIsDown() {
        sim.deployFails(true);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId());
        assertEquals(MonitorHealthCommand.EXIT_DOWN, r.exitCode(), r::toString);
        assertTrue(
                r.stdout().contains("No containers of " + stack.appName() + " are listed, and its last deploy failed"),
                r.stdout());
    }

    @Test
    void aWrongKeyExitsFourUnauthorized() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.apiKey("rotated-key");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId());
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("[DOKPLOY_UNAUTHORIZED]"), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void anUnknownComposeIsNotFound() {
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", "no-such-compose", "--output", "json");
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("DOKPLOY_NOT_FOUND", r.json().get("error").get("code").asText());
    }

    @Test
    void anInstanceFromConfigNamesTheCompose(@TempDir Path dir) throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "[instances.production]\ndokploy_compose_id = \"" + stack.composeId() + "\"\n");
        CliRunner.Result r = cli.run("--config", config.toString(), "monitor", "health", "--instance", "production");
        assertEquals(0, r.exitCode(), r::toString);
        CliRunner.Result neither = cli.run("monitor", "health");
        assertEquals(5, neither.exitCode(), neither::toString);
        assertTrue(neither.stderr().contains("--compose-id"), neither.stderr());
    }

    @Test
    void watchWithCountAppendsJsonLinesAndExitsWithTheLastVerdict() {
        sim.unhealthyService("storage", Sickness.UNHEALTHY);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run(
                "monitor",
                "health",
                "--compose-id",
                stack.composeId(),
                "--watch",
                "1",
                "--count",
                "2",
                "--output",
                "json");
        assertEquals(MonitorHealthCommand.EXIT_DEGRADED, r.exitCode(), r::toString);
        String[] lines = r.stdout().strip().split("\n");
        assertEquals(2, lines.length, r.stdout());
        assertTrue(lines[1].contains("\"overall\":\"degraded\""), lines[1]);
        assertTrue(lines[1].contains("\"severity\":\"warning\",\"service\":\"storage\""), lines[1]);
    }
}
