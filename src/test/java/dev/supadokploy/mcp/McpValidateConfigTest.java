package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dokploy_validate_config over MCP: the result passes its output schema, secrets stay out of it, fix works. */
class McpValidateConfigTest {
    @TempDir
    Path dir;

    private InProcessMcp server;
    private McpTestClient client;

    private McpTestClient start() {
        return start(true);
    }

    private McpTestClient start(boolean allowWrites) {
        server = InProcessMcp.start(
                new McpServerSettings(
                        "test",
                        null,
                        Map.of("XDG_CONFIG_HOME", "/nonexistent-supa-dokploy-test-config"),
                        allowWrites,
                        McpServerSettings.DEFAULT_DRAIN_TIMEOUT),
                List.of(new ValidateConfigOperation()));
        client = server.client();
        return client;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fixWritesNothingWithoutAllowWrites() throws Exception {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.DOKPLOY_V0_25_5);
        String before = java.nio.file.Files.readString(env);
        JsonNode refused =
                start(false).callTool("dokploy_validate_config", Map.of("envFile", env.toString(), "fix", true));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.error(refused).get("code").asText());
        assertTrue(McpResults.error(refused).get("suggestion").asText().contains("--allow-writes"), refused::toString);
        assertEquals(before, java.nio.file.Files.readString(env), "the file is untouched");
        JsonNode checked = client.callTool("dokploy_validate_config", Map.of("envFile", env.toString()));
        assertFalse(checked.path("isError").asBoolean(), "checking without fix needs no opt-in: " + checked);
    }

    @Test
    void findingsAndFixOverMcp() throws Exception {
        Path env = EnvFixtures.copyTo(dir, EnvFixtures.DOKPLOY_V0_25_5);
        String secret = EnvFixtures.values(EnvFixtures.DOKPLOY_V0_25_5).get("JWT_SECRET");
        start();

        JsonNode checked = client.callTool("dokploy_validate_config", Map.of("envFile", env.toString()));
        assertFalse(checked.path("isError").asBoolean(), checked::toString);
        JsonNode structured = checked.get("structuredContent");
        assertFalse(structured.get("passed").asBoolean());
        assertEquals(
                "keys.anon-equals-service",
                structured.get("findings").get(0).get("ruleId").asText());
        assertTrue(
                structured.get(ToolSchemas.UNTRUSTED_MARKER).asBoolean(),
                "the result quotes the file: treated as data");
        assertFalse(checked.toString().contains(secret));

        JsonNode fixed = client.callTool("dokploy_validate_config", Map.of("envFile", env.toString(), "fix", true));
        assertFalse(fixed.path("isError").asBoolean(), fixed::toString);
        JsonNode report = fixed.get("structuredContent").get("fix");
        assertTrue(report.get("written").asBoolean());
        assertEquals(
                List.of("ANON_KEY", "SERVICE_ROLE_KEY"), report.get("changes").findValuesAsText("variable"));
        assertTrue(Files.exists(Path.of(report.get("backup").asText())));
        String newAnon = EnvFixtures.parse(Files.readString(env)).get("ANON_KEY");
        assertFalse(fixed.toString().contains(newAnon), "new keys are read from the file, never from the result");
    }

    @Test
    void aMissingFileIsAToolError() {
        start();
        JsonNode result = client.callTool(
                "dokploy_validate_config",
                Map.of("envFile", dir.resolve("missing.env").toString()));
        assertEquals("VALIDATION_INVALID_INPUT", McpResults.code(result), result::toString);
    }
}
