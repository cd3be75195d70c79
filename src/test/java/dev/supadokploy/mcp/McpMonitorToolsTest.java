package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.ops.monitor.MonitorLogsOperation;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dokploy_monitor_health and dokploy_get_logs over MCP, the server holding the Dokploy credentials in its own
 * environment: results pass their output schemas, failures come back as tool errors with codes.
 */
@NeedsSimulator
class McpMonitorToolsTest {
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
        server = InProcessMcp.start(settings, List.of(new MonitorHealthOperation(), new MonitorLogsOperation()));
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

    @Test
    void healthAndLogsOfADegradedStack() {
        sim.unhealthyService("auth", Sickness.RESTARTING);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");

        JsonNode health = client.callTool("dokploy_monitor_health", Map.of("applicationId", stack.composeId()));
        assertFalse(health.path("isError").asBoolean(), health::toString);
        JsonNode result = health.get("structuredContent");
        assertEquals("degraded", result.get("overall").asText());
        assertEquals("auth", result.get("alerts").get(0).get("service").asText());

        JsonNode logs = client.callTool(
                "dokploy_get_logs", Map.of("applicationId", stack.composeId(), "service", "auth", "tail", 1));
        assertFalse(logs.path("isError").asBoolean(), logs::toString);
        JsonNode lines = logs.get("structuredContent").get("lines");
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).get("text").asText().contains("invalid JWT"), lines::toString);
    }

    @Test
    void failuresAreToolErrorsWithCodes() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        JsonNode unknownService =
                client.callTool("dokploy_get_logs", Map.of("applicationId", stack.composeId(), "service", "gotrue"));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.error(unknownService).get("code").asText());
        assertTrue(
                McpResults.error(unknownService).get("suggestion").asText().contains("auth"), unknownService::toString);

        JsonNode notFound = client.callTool("dokploy_monitor_health", Map.of("applicationId", "no-such-compose"));
        assertEquals("DOKPLOY_NOT_FOUND", McpResults.error(notFound).get("code").asText());

        sim.apiKey("rotated-key");
        JsonNode unauthorized = client.callTool("dokploy_monitor_health", Map.of("applicationId", stack.composeId()));
        assertEquals(
                "DOKPLOY_UNAUTHORIZED",
                McpResults.error(unauthorized).get("code").asText());
    }
}
