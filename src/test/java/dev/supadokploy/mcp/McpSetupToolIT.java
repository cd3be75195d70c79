package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatedMcpServer;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dokploy_setup_wizard through the real server process, against the simulator: the server's own Dokploy URL and key
 * (its environment), writes only with --allow-writes, secrets redacted in what the agent sees, progress per step.
 */
@NeedsSimulator
@StartsProcess
class McpSetupToolIT {
    @TempDir
    Path home;

    @Simulated(deployMillis = 40)
    DokploySimulator sim;

    SimulatedMcpServer server;

    @BeforeEach
    void startSimulator() {
        server = new SimulatedMcpServer(sim, home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> arguments() {
        // an agent makes the mail choice too: no SMTP, sign-up without confirmation e-mails
        return Map.of(
                "projectName",
                "acme",
                "domain",
                "supabase.acme.test",
                "waitTimeout",
                "30s",
                "emailConfirmation",
                false,
                "templatesUrl",
                "https://templates.dokploy.com");
    }

    @Test
    void withoutAllowWritesTheAgentIsRefusedAndNothingIsCreated() {
        JsonNode refused = server.start().callTool("dokploy_setup_wizard", arguments());
        assertTrue(McpResults.error(refused).toString().contains("--allow-writes"), refused::toString);
        assertTrue(sim.requests().isEmpty(), "refused before any request");
        assertEquals(0, sim.projectCount());
    }

    @Test
    void anAgentDeploysTheStackAndSeesNoSecret() throws Exception {
        McpTestClient client = server.start("--allow-writes");
        long t0 = System.nanoTime();
        JsonNode response = client.request(
                "tools/call",
                Map.of(
                        "name",
                        "dokploy_setup_wizard",
                        "arguments",
                        arguments(),
                        "_meta",
                        Map.of("progressToken", "setup-1")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode result = response.get("result");
        assertFalse(result.get("isError").asBoolean(), result::toString);
        JsonNode s = result.get("structuredContent");
        System.out.printf(
                "deploy setup over MCP, simulated end to end: %.2f s, %d Dokploy API calls%n",
                seconds, s.get("dokployApiCalls").asInt());
        assertTrue(s.get("untrustedData").asBoolean());
        assertEquals(sim.composes().get(0).composeId(), s.get("applicationId").asText());
        assertEquals("healthy", s.get("health").get("overall").asText());
        assertEquals(
                "true",
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap().get("ENABLE_EMAIL_AUTOCONFIRM"));
        assertTrue(
                sim.requests().stream()
                        .anyMatch(c -> c.path().equals("/api/compose.deployTemplate")
                                && c.body().contains("\"baseUrl\":\"https://templates.dokploy.com\"")),
                "templatesUrl reaches Dokploy");

        Path file = home.resolve("config/supa-dokploy/credentials/acme-production.env");
        assertEquals(file.toString(), s.get("credentialsFile").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, String> creds = DotEnv.parse(Files.readString(file)).toMap();
        assertFalse(s.get("credentials").get("revealed").asBoolean());
        for (String secret :
                List.of("JWT_SECRET", "POSTGRES_PASSWORD", "DASHBOARD_PASSWORD", "SUPABASE_SERVICE_ROLE_KEY")) {
            assertFalse(result.toString().contains(creds.get(secret)), secret + " reached the agent");
        }
        assertEquals(
                creds.get("SUPABASE_ANON_KEY"),
                s.get("credentials").get("anonKey").asText());
        assertTrue(client.notifications("notifications/progress").size() >= 9, "a progress notification per step");
    }
}
