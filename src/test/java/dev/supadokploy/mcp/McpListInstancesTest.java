package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.instances.InstancesListOperation;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.SupabaseFleet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** dokploy_list_instances over MCP: the server's own Dokploy credentials, a result that passes its schema, no secrets. */
@NeedsSimulator
class McpListInstancesTest {
    private DokploySimulator sim;
    private InProcessMcp server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void listsTheStacksWithTheServersCredentials() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        sim = DokploySimulator.start();
        SupabaseFleet fleet = SupabaseFleet.create(sim);
        McpServerSettings settings = new McpServerSettings(
                "test",
                null,
                Map.of(
                        "XDG_CONFIG_HOME",
                        "/nonexistent-supa-dokploy-test-config",
                        "DOKPLOY_URL",
                        sim.url(),
                        "DOKPLOY_API_KEY",
                        sim.apiKey()),
                false,
                McpServerSettings.DEFAULT_DRAIN_TIMEOUT);
        server = InProcessMcp.start(settings, List.of(new InstancesListOperation()));
        McpTestClient client = server.client();

        JsonNode result = client.callTool("dokploy_list_instances", Map.of("environment", "production"));
        assertFalse(result.path("isError").asBoolean(), result::toString);
        JsonNode stacks = result.get("structuredContent").get("stacks");
        assertEquals(1, stacks.size(), result::toString);
        assertEquals(fleet.productionId(), stacks.get(0).get("composeId").asText());
        assertEquals(fleet.productionUrl(), stacks.get(0).get("publicUrl").asText());
        for (String secret : fleet.secretValues()) {
            assertFalse(result.toString().contains(secret), "no secret reaches the agent");
        }
        assertFalse(result.toString().contains(sim.apiKey()));
    }
}
