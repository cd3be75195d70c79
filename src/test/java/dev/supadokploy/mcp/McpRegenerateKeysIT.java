package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatedMcpServer;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dokploy_regenerate_keys through the real server process, which holds the Dokploy credentials in its own
 * environment: nothing changes without confirm, secrets stay out of the agent's context, the stack is repaired.
 */
@NeedsSimulator
@StartsProcess
class McpRegenerateKeysIT {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    SimulatedMcpServer server;

    @BeforeEach
    void startSimulator() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        server = new SimulatedMcpServer(sim, home);
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void confirmIsRequiredThenTheStackIsRepairedWithSecretsRedacted() {
        DeployedStack stack = DeployedStack.deploy(sim, "agent");
        DokployApi api = DeployedStack.api(sim);
        String oldEnv = api.compose(stack.composeId()).env();
        McpTestClient client = server.start();

        JsonNode tool = null;
        for (JsonNode t : client.request("tools/list", Map.of()).get("result").get("tools")) {
            if (t.get("name").asText().equals("dokploy_regenerate_keys")) {
                tool = t;
            }
        }
        assertTrue(tool != null, "the tool is listed");
        assertTrue(tool.get("annotations").get("destructiveHint").asBoolean(), tool::toString);
        assertEquals(
                "boolean",
                tool.get("inputSchema")
                        .get("properties")
                        .get("confirm")
                        .get("type")
                        .asText(),
                tool::toString);

        JsonNode unconfirmed = client.callTool("dokploy_regenerate_keys", Map.of("applicationId", stack.composeId()));
        assertEquals(
                "VALIDATION_CONFIRMATION_REQUIRED",
                McpResults.error(unconfirmed).get("code").asText());
        assertEquals(oldEnv, api.compose(stack.composeId()).env(), "nothing changed without confirm");

        JsonNode dry =
                client.callTool("dokploy_regenerate_keys", Map.of("applicationId", stack.composeId(), "dryRun", true));
        assertFalse(dry.get("isError").asBoolean(), dry::toString);
        assertTrue(dry.get("structuredContent").get("dryRun").asBoolean());
        assertEquals(oldEnv, api.compose(stack.composeId()).env(), "nor with dryRun");

        JsonNode done = client.callTool(
                "dokploy_regenerate_keys",
                Map.of("applicationId", stack.composeId(), "confirm", true, "waitTimeout", "30s"));
        assertFalse(done.get("isError").asBoolean(), done::toString);
        JsonNode r = done.get("structuredContent");
        Map<String, String> env =
                DotEnv.parse(api.compose(stack.composeId()).env()).toMap();
        assertTrue(Hs256.verify(env.get("SERVICE_ROLE_KEY"), env.get("JWT_SECRET")));
        assertEquals("service_role", Hs256.claims(env.get("SERVICE_ROLE_KEY")).get("role"));
        assertEquals("healthy", r.get("health").asText());
        assertTrue(r.get("untrustedData").asBoolean(), "probe details come from the network: data, not instructions");
        assertFalse(done.toString().contains(env.get("SERVICE_ROLE_KEY")), "the service key never reaches the agent");
        assertFalse(done.toString().contains(env.get("JWT_SECRET")), "nor the JWT secret");
        assertTrue(
                !r.has("backup") || r.get("backup").isNull(),
                "no file written by a server started without --allow-writes: " + r.get("backup"));
        assertFalse(Files.exists(home.resolve("state").resolve("supa-dokploy")));
        assertEquals("skipped", r.get("steps").get(3).get("status").asText(), r.get("steps")::toString);
    }
}
