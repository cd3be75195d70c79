package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dokploy_monitor_health over MCP on PR #1068's stack and on a stack of a remote Dokploy server. */
@NeedsSimulator
class McpShapeToolsTest {
    private DokploySimulator sim;
    private InProcessMcp server;
    private McpTestClient client;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        sim = DokploySimulator.start(DokploySimulator.Options.defaults().withDeployDuration(Duration.ofMillis(30)));
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
        server = InProcessMcp.start(settings, List.of(new MonitorHealthOperation()));
        client = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private JsonNode health(String composeId) {
        JsonNode result = client.callTool("dokploy_monitor_health", Map.of("applicationId", composeId));
        assertFalse(result.path("isError").asBoolean(), result::toString);
        return result.get("structuredContent");
    }

    @Test
    void prNumber1068sStackOnARemoteServer() {
        sim.supabaseTemplate(Variant.PR1068);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.composeServer(stack.composeId(), "srv-remote-1");
        JsonNode health = health(stack.composeId());
        assertEquals("healthy", health.get("overall").asText(), health::toString);
        assertEquals(11, health.get("ready").asInt());
        assertEquals(0, health.get("missing").size());
        assertEquals(0, health.get("alerts").size(), health::toString);
    }
}
