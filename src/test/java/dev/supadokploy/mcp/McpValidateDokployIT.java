package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.ServedStack;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatedMcpServer;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dokploy_validate_config} on a Dokploy compose through the real server process: the server's own
 * DOKPLOY_URL / DOKPLOY_API_KEY, the public surface reached through the simulator's edge, and a fix that changes
 * the running stack only with {@code "confirm": true}.
 */
@NeedsSimulator
@StartsProcess
class McpValidateDokployIT {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    SimulatedMcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<String> posts(int since) {
        return sim.requests().subList(since, sim.requests().size()).stream()
                .filter(c -> c.method().equals("POST"))
                .map(DokploySimulator.Call::path)
                .toList();
    }

    @Test
    void anAgentAuditsOffersAndFixesOnlyWithConfirm() {
        server = new SimulatedMcpServer(sim, home);
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = ServedStack.deploy(sim, "agent");
        String serviceKey = DotEnv.parse(sim.composes().get(0).env())
                .get("SERVICE_ROLE_KEY")
                .orElseThrow();
        McpTestClient client = server.start();

        JsonNode audit = client.callTool("dokploy_validate_config", Map.of("applicationId", stack.composeId()));
        assertFalse(audit.get("isError").asBoolean(), audit::toString);
        JsonNode s = audit.get("structuredContent");
        assertFalse(s.get("passed").asBoolean());
        assertEquals(
                "keys.anon-equals-service",
                s.get("findings").get(0).get("ruleId").asText());
        assertTrue(s.get("probe").get("ran").asBoolean(), s::toString);

        int before = sim.requests().size();
        JsonNode offer = client.callTool(
                "dokploy_validate_config", Map.of("applicationId", stack.composeId(), "offerFix", true));
        JsonNode patch = offer.get("structuredContent").get("offeredFix").get("patch");
        assertEquals("SERVICE_ROLE_KEY", patch.get(1).get("variable").asText());
        assertTrue(patch.get(1).get("redacted").asBoolean());
        assertFalse(offer.toString().contains(serviceKey), "the stack's secret never reaches the agent");

        JsonNode unconfirmed =
                client.callTool("dokploy_validate_config", Map.of("applicationId", stack.composeId(), "fix", true));
        assertEquals(
                "VALIDATION_CONFIRMATION_REQUIRED",
                McpResults.error(unconfirmed).get("code").asText());
        assertEquals(List.of(), posts(before), "neither offerFix nor an unconfirmed fix changes anything");

        JsonNode fixed = client.callTool(
                "dokploy_validate_config", Map.of("applicationId", stack.composeId(), "fix", true, "confirm", true));
        assertFalse(fixed.get("isError").asBoolean(), fixed::toString);
        JsonNode f = fixed.get("structuredContent");
        assertTrue(f.get("passed").asBoolean(), f::toString);
        assertTrue(f.get("fix").get("redeployed").asBoolean());
        assertTrue(posts(before).contains("/api/compose.redeploy"), posts(before)::toString);
        assertTrue(
                sim.containerEnv(sim.composes().get(0).composeId())
                        .entrySet()
                        .containsAll(DotEnv.parse(sim.composes().get(0).env())
                                .toMap()
                                .entrySet()),
                "the saved env is deployed");
    }
}
