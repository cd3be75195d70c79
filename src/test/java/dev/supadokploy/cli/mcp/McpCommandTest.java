package dev.supadokploy.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.util.Version;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command wiring, in-process: a whole session is piped into {@code supa-dokploy mcp} at once (so stdin
 * ends right after the last request) and every answer must still come out on stdout.
 */
class McpCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String session(String... toolCalls) {
        StringBuilder in = new StringBuilder();
        in.append(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n");
        in.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
        int id = 2;
        for (String call : toolCalls) {
            in.append("{\"jsonrpc\":\"2.0\",\"id\":")
                    .append(id++)
                    .append(",\"method\":\"tools/call\",\"params\":")
                    .append(call)
                    .append("}\n");
        }
        return in.toString();
    }

    private static Map<Integer, JsonNode> responses(CliRunner.Result r) throws IOException {
        Map<Integer, JsonNode> byId = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertEquals("2.0", node.get("jsonrpc").asText(), line);
            byId.put(node.get("id").asInt(), node);
        }
        return byId;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesTheCatalogAndUsesTheConfigFileOfTheGlobalOption(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.toml");
        Files.writeString(
                config,
                "[instances.gone]\ndatabase_url = \"postgres://postgres@127.0.0.1:" + closedPort() + "/postgres\"\n");
        CliRunner.Result r = new CliRunner()
                .stdin(session(
                        "{\"name\":\"connect\",\"arguments\":{\"instance\":\"gone\"}}",
                        "{\"name\":\"connect\",\"arguments\":{\"instance\":\"unknown\"}}"))
                .run("--config", config.toString(), "mcp");
        assertEquals(0, r.exitCode(), r::toString);
        Map<Integer, JsonNode> byId = responses(r);
        assertEquals(3, byId.size(), r::toString);
        JsonNode init = byId.get(1).get("result");
        assertEquals("supa-dokploy", init.get("serverInfo").get("name").asText());
        assertEquals(Version.version(), init.get("serverInfo").get("version").asText());
        assertEquals(
                false, init.get("capabilities").get("tools").get("listChanged").asBoolean());
        assertTrue(init.get("instructions").asText().contains("read-only"), init::toString);
        assertEquals(
                "CONNECTION_REFUSED",
                McpResults.error(byId.get(2).get("result")).get("code").asText(),
                "the instance came from --config");
        assertEquals(
                "CONFIGURATION_UNKNOWN_INSTANCE",
                McpResults.error(byId.get(3).get("result")).get("code").asText());
        assertTrue(r.stderr().contains("MCP server on stdio"), r::toString);
    }

    @Test
    void allowWritesIsAnnounced() throws IOException {
        CliRunner.Result r = new CliRunner().stdin(session()).run("mcp", "--allow-writes");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(responses(r)
                .get(1)
                .get("result")
                .get("instructions")
                .asText()
                .contains("--allow-writes: SQL may change data"));
        assertTrue(r.stderr().contains("writes allowed"), r::toString);
    }

    @Test
    void aBrokenConfigurationIsReportedAtStartupAndToEachCall(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "[instances.x]\ndatabase_ulr = \"typo\"\n");
        CliRunner.Result r = new CliRunner()
                .stdin(session("{\"name\":\"connect\",\"arguments\":{\"instance\":\"x\"}}"))
                .run("mcp", "--config", config.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("database_ulr") && r.stderr().contains("CONFIGURATION_INVALID"), r::toString);
        assertEquals(
                "CONFIGURATION_INVALID",
                McpResults.error(responses(r).get(2).get("result")).get("code").asText());
    }

    @Test
    void quietLeavesStderrForRealProblems() {
        CliRunner.Result r = new CliRunner().stdin("").run("mcp", "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stdout());
        assertEquals("", r.stderr());
    }
}
