package dev.supadokploy.ops.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Environment;
import dev.supadokploy.dokploy.ServiceParent;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.instances.InstancesListOperation.Stack;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code instances list}: each stack with its server (issue 23.2), and compose.one only for the composes it lists (16.9). */
@NeedsSimulator
class ListInstancesPlacementTest {
    @TempDir
    Path home;

    @Simulated
    DokploySimulator sim;

    private InstancesListOperation.Result list(String environment, Config config) {
        return new InstancesListOperation()
                .run(
                        new InstancesListOperation.Input(DokployInput.fromEnvironment(), environment),
                        SimulatorEnv.context(sim, home).config(config).build());
    }

    private static String template(DokployApi api, String environmentId, String projectId, String serverId) {
        return api.deployTemplate(ServiceParent.environment(projectId, environmentId), "supabase", serverId, null)
                .map(Compose::composeId)
                .orElseThrow();
    }

    private long composeReads() {
        return sim.requests().stream()
                .filter(c -> c.path().equals("/api/compose.one"))
                .count();
    }

    @Test
    void eachStackShowsItsServerAndOnlyTheListedEnvironmentIsRead() {
        sim.trimmedProjectList(true); // as Dokploy lists: no env in project.all
        DokployApi api = DeployedStack.api(sim);
        String edge = sim.addServer("edge-1", "127.0.0.10", true);
        CreatedProject acme = api.createProject("Acme", "x");
        String projectId = acme.project().projectId();
        String onHost = template(api, acme.environment().environmentId(), projectId, null);
        Environment staging = api.createEnvironment(projectId, "staging", "x");
        String onEdge = template(api, staging.environmentId(), projectId, edge);
        Environment dev = api.createEnvironment(projectId, "dev", "x");
        String devStack = template(api, dev.environmentId(), projectId, null);

        long before = composeReads();
        InstancesListOperation.Result all = list(null, Config.empty());
        assertEquals(3, composeReads() - before, "one compose.one per compose without a filter");
        Map<String, Stack> byId = new java.util.HashMap<>();
        all.stacks().forEach(s -> byId.put(s.composeId(), s));
        assertEquals(edge, byId.get(onEdge).serverId());
        assertEquals("edge-1", byId.get(onEdge).server());
        assertNull(byId.get(onHost).serverId());
        assertNull(byId.get(onHost).server());

        // a filter reads the environment's composes, plus those config.toml names (to classify them right)
        Config config = new Config(
                null,
                new DokployServerConfig(null, null),
                Map.of("dev", new InstanceConfig("dev", null, null, devStack, null, "dev")));
        before = composeReads();
        InstancesListOperation.Result filtered = list("staging", config);
        assertEquals(
                2,
                composeReads() - before,
                "staging's compose and the one config.toml names; production's is not read");
        assertEquals(1, filtered.stacks().size());
        assertEquals(onEdge, filtered.stacks().get(0).composeId());
        assertEquals("edge-1", filtered.stacks().get(0).server());

        var cli = SimulatorEnv.cli(sim, home).run("instances", "list", "--environment", "staging");
        assertEquals(0, cli.exitCode(), cli::toString);
        assertTrue(cli.stdout().contains("SERVER") && cli.stdout().contains("edge-1"), cli::stdout);
    }
}
