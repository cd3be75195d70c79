package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.StartsProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP revision 2026-07-28 (stateless: server/discover, per-request {@code _meta}, no initialize) beside the session
 * revisions, in one real server process: the same tools, results and errors under both.
 */
@StartsProcess
class McpStatelessRevisionIT {
    private static final List<String> EVERY_REVISION =
            List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    @TempDir
    Path home;

    private McpProcess server;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        return env;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.finishCleanly();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void serverDiscoverIsAnsweredAtOnceInAnyStateListingEveryRevision() {
        server = McpProcess.start(env());
        McpTestClient c = server.client();
        Duration prompt = Duration.ofSeconds(20); // the process's start included; a held probe would never come
        JsonNode discovered = c.await(
                c.send(
                        "server/discover",
                        Map.of(
                                "_meta",
                                Map.of(
                                        "io.modelcontextprotocol/protocolVersion",
                                        McpTestClient.STATELESS_REVISION,
                                        "io.modelcontextprotocol/clientCapabilities",
                                        Map.of()))),
                prompt);
        JsonNode result = discovered.get("result");
        assertEquals(EVERY_REVISION, strings(result.get("supportedVersions")), discovered::toString);
        assertFalse(result.get("capabilities").get("tools").get("listChanged").asBoolean(), discovered::toString);
        assertEquals("complete", result.get("resultType").asText());
        assertEquals(
                "supa-dokploy",
                result.get("_meta")
                        .get("io.modelcontextprotocol/serverInfo")
                        .get("name")
                        .asText());
        assertTrue(result.get("instructions").asText().contains("untrustedData"), discovered::toString);

        // a bare probe (no _meta) gets the same answer
        JsonNode probe = c.await(c.send("server/discover", Map.of()), prompt);
        assertEquals(EVERY_REVISION, strings(probe.path("result").path("supportedVersions")), probe::toString);

        // a session revision still works after it, and discovery still answers inside the session
        assertEquals(
                "2025-11-25",
                c.initialize("2025-11-25").get("result").get("protocolVersion").asText());
        JsonNode late = c.await(c.send("server/discover", Map.of()), prompt);
        assertTrue(late.has("result"), late::toString);
    }

    @Test
    void aStatelessClientListsAndCallsToolsWithoutInitialize() throws IOException {
        server = McpProcess.start(env());
        McpTestClient c = server.client();
        JsonNode list = c.statelessRequest("tools/list", Map.of());
        assertEquals(
                OperationCatalog.all().size(), list.get("result").get("tools").size(), list::toString);

        JsonNode keys = McpResults.ok(c.statelessCallTool("supabase_generate_keys", Map.of()));
        assertTrue(keys.get("untrustedData").asBoolean(), keys::toString);
        assertTrue(keys.get("values").has("ANON_KEY"), keys::toString);

        JsonNode refused = c.statelessCallTool(
                "connect", Map.of("connectionString", "postgres://postgres@127.0.0.1:" + closedPort() + "/postgres"));
        assertEquals("CONNECTION_REFUSED", McpResults.code(refused));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.code(c.statelessCallTool("connect", Map.of("conection", "typo"))));

        JsonNode unknown = c.statelessRequest("tools/call", Map.of("name", "no_such_tool", "arguments", Map.of()));
        assertEquals(-32602, unknown.path("error").path("code").asInt(), unknown::toString);
        assertTrue(unknown.path("error").path("message").asText().startsWith("Unknown tool: no_such_tool"));
        assertEquals(
                -32602,
                c.statelessRequest("tools/list", Map.of("cursor", "nonsense"))
                        .path("error")
                        .path("code")
                        .asInt());

        // a revision this server does not speak: the SDK's error, listing the revisions it does
        JsonNode future = c.request(
                "tools/list",
                Map.of(
                        "_meta",
                        Map.of(
                                "io.modelcontextprotocol/protocolVersion",
                                "2099-01-01",
                                "io.modelcontextprotocol/clientCapabilities",
                                Map.of())));
        assertTrue(
                future.path("error").path("message").asText().contains("Unsupported protocol version"),
                future::toString);
        assertEquals(EVERY_REVISION, strings(future.path("error").path("data").path("supported")), future::toString);

        // requests without the revision's _meta are the session's: before initialize, refused at once
        assertEquals(
                -32600,
                c.request("tools/list", Map.of()).path("error").path("code").asInt());
        c.initialize();
        McpResults.ok(c.callTool("supabase_generate_keys", Map.of()));
        McpResults.ok(c.statelessCallTool("supabase_generate_keys", Map.of()));
    }

    @Test
    void bothRevisionsServeTheSameToolsResultsErrorsAndWarnings() throws IOException {
        Path config = home.resolve("config.toml");
        Files.writeString(config, "[instances.staging]\ndatabase_url = \"postgres://127.0.0.1:5/postgres\"\n");
        Map<String, String> env = env();
        env.put("SUPA_DOKPLOY_CONFIG", config.toString());
        server = McpProcess.start(env);
        McpTestClient c = server.client();
        c.initialize();

        JsonNode session = c.request("tools/list", Map.of()).get("result").get("tools");
        JsonNode stateless =
                c.statelessRequest("tools/list", Map.of()).get("result").get("tools");
        assertEquals(byName(session), byName(stateless), "the same tools: names, titles, descriptions, schemas, hints");

        JsonNode sessionList = c.callTool("dokploy_list_instances", Map.of());
        JsonNode statelessList = c.statelessCallTool("dokploy_list_instances", Map.of());
        assertEquals(McpResults.ok(sessionList), McpResults.ok(statelessList));
        assertEquals(McpResults.textJson(sessionList), McpResults.textJson(statelessList));
        // the warning (no Dokploy configured) reaches the client under both revisions
        List<JsonNode> logs = c.notifications("notifications/message");
        assertEquals(2, logs.size(), logs::toString);
        for (JsonNode log : logs) {
            assertEquals("warning", log.get("params").get("level").asText());
            assertEquals(
                    "dokploy_list_instances", log.get("params").get("logger").asText());
        }

        int port = closedPort();
        Map<String, Object> args = Map.of("connectionString", "postgres://postgres@127.0.0.1:" + port + "/postgres");
        JsonNode sessionFailure = c.callTool("connect", args);
        JsonNode statelessFailure = c.statelessCallTool("connect", args);
        assertEquals(McpResults.error(sessionFailure), McpResults.error(statelessFailure));
        assertEquals(withoutNonce(sessionFailure), withoutNonce(statelessFailure));
    }

    /** Each tool without the fields only one revision has, by name. */
    private static Map<String, JsonNode> byName(JsonNode tools) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        tools.forEach(t -> out.put(t.get("name").asText(), t));
        return out;
    }

    private static String withoutNonce(JsonNode result) {
        return result.get("content")
                        .get(0)
                        .get("text")
                        .asText()
                        .replaceAll("untrusted-data-[0-9a-f]{16}", "untrusted-data-N")
                + " isError=" + result.get("isError").asBoolean();
    }
}
