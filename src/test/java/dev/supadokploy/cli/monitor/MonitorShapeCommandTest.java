package dev.supadokploy.cli.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor health} and {@code monitor logs} at the CLI on PR #1068's stack, an Envoy stack and a remote one. */
@NeedsSimulator
class MonitorShapeCommandTest {
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
    void prNumber1068sStackIsHealthyWithoutAnalytics() {
        sim.supabaseTemplate(Variant.PR1068);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("healthy", r.json().get("overall").asText());
        assertEquals(11, r.json().get("total").asInt());
        assertFalse(r.stdout().contains("analytics"), r.stdout());
    }

    @Test
    void anEnvoyStacksGatewayAndItsLog() {
        sim.supabaseTemplate(Variant.ENVOY);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        CliRunner.Result logs =
                cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "api-gw", "--tail", "5");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertTrue(logs.stdout().contains("api-gw ready"), logs.stdout());
    }

    @Test
    void aStackOnARemoteServerIsNotDown() {
        DeployedStack stack = DeployedStack.deploy(sim, "cloud");
        sim.composeServer(stack.composeId(), "srv-remote-1");
        CliRunner.Result r = cli.run("monitor", "health", "--compose-id", stack.composeId(), "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(13, r.json().get("ready").asInt());
    }
}
