package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.instances.ListInstancesOperation;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.StreamPipe;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.SupabaseFleet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** dokploy_list_instances over MCP: the server's own Dokploy credentials, a result that passes its schema, no secrets. */
class McpListInstancesTest {
    private DokploySimulator sim;
    private Thread serverThread;
    private McpTestClient client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.closeInput();
            serverThread.join(TimeUnit.SECONDS.toMillis(40));
            assertEquals(List.of(), client.violations());
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
        StreamPipe stdin = new StreamPipe();
        StreamPipe stdout = new StreamPipe();
        McpServerSettings settings = new McpServerSettings("test", null, Map.of("XDG_CONFIG_HOME", "/nonexistent-supa-dokploy-test-config",
                "DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey()), false, McpServerSettings.DEFAULT_DRAIN_TIMEOUT);
        serverThread = new Thread(() -> {
            try {
                McpStdioServer.serve(stdin.input(), stdout.output(), settings, List.of(new ListInstancesOperation()));
            } finally {
                stdout.close();
            }
        }, "mcp-list-instances-under-test");
        serverThread.start();
        client = new McpTestClient(stdin.output(), stdout.input());
        client.initialize();

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
