package dev.supadokploy.mcp;

import static dev.supadokploy.testing.McpResults.error;
import static dev.supadokploy.testing.McpResults.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatedMcpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dokploy_monitor_health, dokploy_get_logs and dokploy_list_instances through the real server process, which holds
 * the Dokploy server and key in its own environment (DOKPLOY_URL, DOKPLOY_API_KEY, as Dokploy's own tools take
 * them) so the agent never sees the key.
 */
@NeedsSimulator
@StartsProcess
class McpDokployToolsIT {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    SimulatedMcpServer server;

    @BeforeEach
    void start() {
        server = new SimulatedMcpServer(sim, home);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void assertNoKey(JsonNode result) {
        assertFalse(result.toString().contains(sim.apiKey()), "the Dokploy key never reaches the agent");
    }

    @Test
    void aHealthyStack() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        McpTestClient client = server.start();

        JsonNode result = client.callTool("dokploy_monitor_health", Map.of("applicationId", stack.composeId()));
        JsonNode health = ok(result);
        assertEquals(stack.composeId(), health.get("applicationId").asText());
        assertEquals(stack.appName(), health.get("appName").asText());
        assertEquals("healthy", health.get("overall").asText());
        assertEquals("done", health.get("composeStatus").asText());
        assertEquals("done", health.get("lastDeployment").get("status").asText());
        int services = DokploySimulator.SUPABASE_SERVICES.size();
        assertEquals(services, health.get("ready").asInt());
        assertEquals(services, health.get("total").asInt());
        assertEquals(services, health.get("containers").size());
        for (JsonNode container : health.get("containers")) {
            assertEquals(
                    stack.appName() + "-" + container.get("service").asText() + "-1",
                    container.get("name").asText());
            assertEquals("running", container.get("state").asText(), container::toString);
            // a health state only where the template's compose file has a healthcheck (not rest, meta, functions)
            boolean checked = !java.util.List.of("rest", "meta", "functions")
                    .contains(container.get("service").asText());
            assertEquals(checked ? "healthy" : "none", container.get("health").asText(), container::toString);
            assertTrue(container.get("ready").asBoolean(), container::toString);
            assertEquals(64, container.get("containerId").asText().length());
        }
        assertEquals("db", health.get("containers").get(0).get("service").asText(), "template order: db first");
        assertEquals(0, health.get("missing").size());
        assertEquals(0, health.get("alerts").size());
        assertTrue(result.get("content").get(0).get("text").asText().contains("healthy"), result::toString);
        assertNoKey(result);
    }

    @Test
    void aDegradedStackAndTheLogOfItsFailingService() {
        sim.unhealthyService("auth", Sickness.UNHEALTHY);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        McpTestClient client = server.start();

        JsonNode health = ok(client.callTool("dokploy_monitor_health", Map.of("applicationId", stack.composeId())));
        assertEquals("degraded", health.get("overall").asText());
        assertEquals(
                DokploySimulator.SUPABASE_SERVICES.size() - 1,
                health.get("ready").asInt());
        assertEquals(1, health.get("alerts").size(), health::toString);
        JsonNode alert = health.get("alerts").get(0);
        assertEquals("critical", alert.get("severity").asText(), "auth is essential");
        assertEquals("auth", alert.get("service").asText());
        assertTrue(alert.get("message").asText().contains("health check fails"), alert::toString);
        assertTrue(alert.get("action").asText().contains("--service auth"), alert::toString);

        JsonNode result = client.callTool(
                "dokploy_get_logs", Map.of("applicationId", stack.composeId(), "service", "auth", "timestamps", true));
        JsonNode logs = ok(result);
        assertEquals("auth", logs.get("service").asText());
        assertEquals(stack.appName() + "-auth-1", logs.get("container").asText());
        assertTrue(logs.get("status").asText().endsWith("(unhealthy)"), logs::toString);
        assertEquals(logs.get("lines").size(), logs.get("count").asInt());
        JsonNode last = logs.get("lines").get(logs.get("count").asInt() - 1);
        assertTrue(last.get("text").asText().contains("invalid JWT"), logs::toString);
        assertTrue(last.get("timestamp").asText().endsWith("Z"), logs::toString);
        assertNoKey(result);
    }

    /** Before v0.29 the server process reads logs over Dokploy's WebSocket, with the key from its environment. */
    @Test
    void logsOfAServiceByNameOnAnOlderDokploy() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.version("v0.28.0");
        McpTestClient client = server.start();

        JsonNode logs = ok(client.callTool(
                "dokploy_get_logs", Map.of("applicationId", stack.composeId(), "service", "rest", "tail", 2)));
        assertEquals(2, logs.get("count").asInt());
        assertEquals(
                List.of("rest ready", "rest health check ok"),
                StreamSupport.stream(logs.get("lines").spliterator(), false)
                        .map(l -> l.get("text").asText())
                        .toList());
        assertFalse(logs.get("lines").get(0).has("timestamp"), "no timestamps unless asked");
        assertTrue(
                sim.requests().stream().anyMatch(c -> c.path().equals("/docker-container-logs") && c.status() == 101));
        assertTrue(sim.requests().stream().noneMatch(c -> c.path().equals("/api/compose.readLogs")));
    }

    @Test
    void theListShowsTheStackWithItsPublicUrl() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        Domain kong = DeployedStack.api(sim).domains(stack.composeId()).stream()
                .filter(d -> "kong".equals(d.serviceName()))
                .findFirst()
                .orElseThrow();
        McpTestClient client = server.start();

        JsonNode result = client.callTool("dokploy_list_instances", Map.of());
        JsonNode list = ok(result);
        assertEquals(sim.url(), list.get("dokployUrl").asText());
        assertEquals(1, list.get("stacks").size(), list::toString);
        JsonNode listed = list.get("stacks").get(0);
        assertEquals(stack.composeId(), listed.get("composeId").asText());
        assertEquals(stack.appName(), listed.get("appName").asText());
        assertEquals("acme", listed.get("project").asText());
        assertEquals("production", listed.get("environment").asText());
        assertEquals("done", listed.get("status").asText());
        assertEquals(
                "http://" + kong.host(),
                listed.get("publicUrl").asText(),
                "the kong domain, http while its HTTPS is off");
        assertEquals("domain", listed.get("publicUrlSource").asText());
        assertNoKey(result);
    }

    /** The server's key is for the server's Dokploy: an agent naming another URL must bring that server's key. */
    @Test
    void anAgentNamingAnotherDokployWithoutAKeyIsRefused() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        try (DokploySimulator other = DokploySimulator.start()) {
            McpTestClient client = server.start();

            JsonNode refused = error(client.callTool(
                    "dokploy_monitor_health",
                    Map.of("dokployApiUrl", other.url(), "applicationId", stack.composeId())));
            assertEquals("CONFIGURATION_NOT_FOUND", refused.get("code").asText(), refused::toString);
            assertTrue(other.requests().isEmpty(), "nothing was sent to the named server, least of all our key");
            JsonNode alsoRefused =
                    error(client.callTool("dokploy_list_instances", Map.of("dokployApiUrl", other.url())));
            assertEquals("CONFIGURATION_NOT_FOUND", alsoRefused.get("code").asText());
            assertTrue(other.requests().isEmpty());

            JsonNode withItsKey = ok(client.callTool(
                    "dokploy_list_instances", Map.of("dokployApiUrl", other.url(), "dokployApiKey", other.apiKey())));
            assertEquals(0, withItsKey.get("stacks").size(), "the other server, asked with its own key");
            assertTrue(other.requests().stream().allMatch(c -> c.status() == 200), other.requests()::toString);
        }
    }
}
