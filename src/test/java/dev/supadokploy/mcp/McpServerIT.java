package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code supa-dokploy mcp} as a real process, spoken to over its stdin and stdout as an agent's client
 * would, against the real operation catalog and a real PostgreSQL.
 */
@NeedsPostgres
@StartsProcess
class McpServerIT {
    private static TestPostgres pg;
    private static String db;

    @TempDir
    Path home;

    private McpProcess server;

    @BeforeAll
    static void database() {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("mcp_it");
    }

    /**
     * A clean environment: no developer config, no stray credentials. Direct connection strings carry the
     * admin password literally when there is one (an agent's PGPASSWORD fallback is refused by design).
     */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        return env;
    }

    private McpTestClient start(Map<String, String> env) {
        server = McpProcess.start(env);
        JsonNode init = server.client().initialize();
        assertEquals(
                McpTestClient.PROTOCOL_VERSION,
                init.get("result").get("protocolVersion").asText(),
                init::toString);
        return server.client();
    }

    private McpTestClient start() {
        return start(env());
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

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void initializeAnswersWithServerInfoAndToolsCapability() {
        server = McpProcess.start(env());
        JsonNode result = server.client().initialize().get("result");
        assertEquals("supa-dokploy", result.get("serverInfo").get("name").asText());
        assertFalse(result.get("serverInfo").get("version").asText().isBlank());
        assertFalse(result.get("capabilities").get("tools").get("listChanged").asBoolean());
        assertTrue(server.client().request("ping", null).has("result"));
    }

    @Test
    void beforeInitializeOnlyPingIsAnsweredAndBatchesNeed20250326() {
        server = McpProcess.start(env());
        McpTestClient c = server.client();
        Duration prompt = Duration.ofSeconds(20); // the process's start included; held requests would never come
        assertTrue(c.await(c.send("ping", null), prompt).get("result").isEmpty());
        JsonNode refused = c.await(c.send("tools/list", Map.of()), prompt);
        assertEquals(-32600, refused.path("error").path("code").asInt(), refused::toString);
        assertEquals(
                "2025-03-26",
                c.initialize("2025-03-26")
                        .path("result")
                        .path("protocolVersion")
                        .asText());
        c.sendLine(
                "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"ping\"}]");
        JsonNode answers = c.awaitBatch(0, McpTestClient.TIMEOUT);
        assertEquals(2, answers.size(), answers::toString);
        for (JsonNode answer : answers) {
            assertTrue(answer.has("result"), answers::toString);
            if (answer.get("id").asText().equals("a")) {
                assertEquals(
                        OperationCatalog.all().size(),
                        answer.get("result").get("tools").size());
            }
        }
    }

    @Test
    void everyCatalogOperationIsAToolWithItsInputsAndHints() {
        JsonNode tools = start().request("tools/list", Map.of()).get("result").get("tools");
        assertEquals(OperationCatalog.all().size(), tools.size(), tools::toString);
        for (Operation<?, ?> op : OperationCatalog.all()) {
            JsonNode tool = null;
            for (JsonNode t : tools) {
                if (t.get("name").asText().equals(op.info().toolName())) {
                    tool = t;
                }
            }
            assertNotNull(tool, "tool " + op.info().toolName() + " is listed");
            List<String> expected = new ArrayList<>(
                    InputField.of(op.inputType()).stream().map(InputField::name).toList());
            if (op.info().destructive()) {
                expected.add(ToolSchemas.CONFIRM);
            }
            JsonNode input = tool.get("inputSchema");
            assertEquals(expected, names(input.get("properties")), op.info().toolName());
            assertFalse(input.get("additionalProperties").asBoolean());
            assertEquals("object", tool.get("outputSchema").get("type").asText());
            assertEquals(op.info().title(), tool.get("title").asText());
            assertEquals(op.info().description(), tool.get("description").asText());
            JsonNode hints = tool.get("annotations");
            assertEquals(
                    op.info().readOnly(),
                    hints.get("readOnlyHint").asBoolean(),
                    op.info().toolName());
            assertEquals(
                    op.info().destructive(),
                    hints.get("destructiveHint").asBoolean(),
                    op.info().toolName());
            assertTrue(hints.get("idempotentHint").isBoolean(), op.info().toolName() + " sets idempotentHint");
            assertEquals(
                    op.info().idempotent(),
                    hints.get("idempotentHint").asBoolean(),
                    op.info().toolName());
            assertTrue(hints.get("openWorldHint").asBoolean());
        }
    }

    @Test
    void connectReportsTheDatabase() throws IOException {
        JsonNode result = start().callTool("connect", Map.of("connectionString", pg.adminUrl(db), "latencySamples", 3));
        assertFalse(result.get("isError").asBoolean(), result::toString);
        JsonNode s = result.get("structuredContent");
        assertEquals("connected", s.get("status").asText());
        assertEquals(db, s.get("database").asText());
        assertEquals(pg.adminUser(), s.get("currentUser").asText());
        assertTrue(s.get("supabase").asBoolean());
        assertEquals(3, s.get("latency").get("samples").asInt());
        assertTrue(s.get(ToolSchemas.UNTRUSTED_MARKER).asBoolean(), "version and role names come from the server");
        assertEquals(s, McpResults.textJson(result), "text and structuredContent agree");
    }

    @Test
    void anInstanceFromTheServersConfigKeepsThePasswordOnTheServer() throws IOException {
        assumeTrue(pg.passwordAuth(), "the server does not ask for passwords");
        Path config = home.resolve("agent-config.toml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[instances.staging]",
                        "database_url = \"postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port()
                                + "/" + db + "\"",
                        "database_password = \"env:SUPA_IT_DB_PASSWORD\"",
                        ""));
        Map<String, String> env = env();
        env.put("SUPA_DOKPLOY_CONFIG", config.toString());
        env.put("SUPA_IT_DB_PASSWORD", TestPostgres.LOGIN_PASSWORD);
        McpTestClient client = start(env);
        JsonNode result = client.callTool("connect", Map.of("instance", "staging"));
        assertFalse(result.get("isError").asBoolean(), result::toString);
        assertEquals(
                TestPostgres.LOGIN_ROLE,
                result.get("structuredContent").get("currentUser").asText());
        assertEquals(db, result.get("structuredContent").get("database").asText());
        for (String line : client.lines()) {
            assertFalse(line.contains(TestPostgres.LOGIN_PASSWORD), "the password never reaches the agent: " + line);
        }
        JsonNode refused = client.callTool(
                "connect",
                Map.of(
                        "connectionString",
                        "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db,
                        "password",
                        "env:SUPA_IT_DB_PASSWORD"));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.error(refused).get("code").asText(),
                "an agent cannot point the server's own secrets at a database of its choosing");
    }

    @Test
    void theServersPgpasswordIsNotSentToAHostTheAgentNames() throws IOException {
        assumeTrue(pg.passwordAuth(), "the server does not ask for passwords");
        Map<String, String> env = env();
        env.put("PGPASSWORD", TestPostgres.LOGIN_PASSWORD);
        JsonNode result = start(env)
                .callTool(
                        "connect",
                        Map.of(
                                "connectionString",
                                "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/"
                                        + db));
        assertEquals(
                "CONNECTION_PASSWORD_REQUIRED",
                McpResults.error(result).get("code").asText(),
                result::toString);
    }

    @Test
    void malformedLinesAreAnsweredAndServingGoesOn() {
        McpTestClient client = start();
        client.sendLine("{not json");
        JsonNode parseError = client.awaitNullIdError(0, McpTestClient.TIMEOUT);
        assertEquals(-32700, parseError.get("error").get("code").asInt(), parseError::toString);
        assertTrue(parseError.get("error").get("message").asText().startsWith("Parse error"));
        assertTrue(client.request("ping", null).has("result"), "still serving after a malformed line");
        client.sendLine("");
        client.sendLine("{\"hello\":\"world\"}");
        assertEquals(
                -32600,
                client.awaitNullIdError(1, McpTestClient.TIMEOUT)
                        .get("error")
                        .get("code")
                        .asInt());
        client.sendLine("[{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}]");
        assertEquals(
                -32600,
                client.awaitNullIdError(2, McpTestClient.TIMEOUT)
                        .get("error")
                        .get("code")
                        .asInt());
        assertTrue(client.request("tools/list", Map.of()).has("result"));
    }

    @Test
    void anUnknownToolIsAJsonRpcError() {
        JsonNode response = start().request("tools/call", Map.of("name", "no_such_tool", "arguments", Map.of()));
        assertEquals(-32602, response.get("error").get("code").asInt(), response::toString);
        assertTrue(
                response.get("error").get("message").asText().startsWith("Unknown tool: no_such_tool"),
                response::toString);
    }

    @Test
    void paramsTheSpecificationRulesOnAreInvalidParams() {
        McpTestClient c = start();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("arguments", Map.of()), Map.of("name", 5), Map.of("name", "connect", "arguments", List.of()))) {
            JsonNode response = c.request("tools/call", bad);
            assertEquals(-32602, response.path("error").path("code").asInt(), response::toString);
            assertFalse(response.path("error").path("message").asText().contains("java"), response::toString);
        }
        assertEquals(
                -32602,
                c.request("tools/list", Map.of("cursor", "nonsense"))
                        .path("error")
                        .path("code")
                        .asInt());
        assertEquals(
                -32602,
                c.request("logging/setLevel", Map.of("level", "verbose"))
                        .path("error")
                        .path("code")
                        .asInt());
        assertEquals(
                -32602,
                c.request("logging/setLevel", Map.of())
                        .path("error")
                        .path("code")
                        .asInt());
        assertTrue(c.request("logging/setLevel", Map.of("level", "warning")).has("result"));
    }

    @Test
    void warningsReachTheClientAsLogMessagesAtTheLevelItSet() throws IOException {
        // no Dokploy configured: listing instances warns that only config.toml's are listed
        Path config = home.resolve("config.toml");
        Files.writeString(config, "[instances.staging]\ndatabase_url = \"postgres://127.0.0.1:5/postgres\"\n");
        Map<String, String> env = env();
        env.put("SUPA_DOKPLOY_CONFIG", config.toString());
        McpTestClient c = start(env);
        McpResults.ok(c.callTool("dokploy_list_instances", Map.of()));
        List<JsonNode> logs = c.notifications("notifications/message");
        assertEquals(1, logs.size(), logs::toString);
        JsonNode params = logs.get(0).get("params");
        assertEquals("warning", params.get("level").asText());
        assertEquals("dokploy_list_instances", params.get("logger").asText());
        assertTrue(params.get("data").asText().contains("No Dokploy server configured"), params::toString);
        assertTrue(server.stderr().contains("No Dokploy server configured"), "the operator's log has it too");

        assertTrue(c.request("logging/setLevel", Map.of("level", "error")).has("result"));
        McpResults.ok(c.callTool("dokploy_list_instances", Map.of()));
        assertEquals(1, c.notifications("notifications/message").size(), "below the level the client set: not sent");
    }

    @Test
    void aFailingCallIsAnErrorResultWithCodeAndSuggestion() throws IOException {
        JsonNode result = start().callTool(
                        "connect",
                        Map.of("connectionString", "postgres://postgres@127.0.0.1:" + closedPort() + "/postgres"));
        JsonNode s = McpResults.error(result);
        assertEquals("CONNECTION_REFUSED", s.get("code").asText());
        assertFalse(s.get("message").asText().isBlank());
        assertFalse(s.get("suggestion").asText().isBlank());
        assertTrue(
                result.get("content").get(0).get("text").asText().startsWith("connect failed: CONNECTION_REFUSED\n"),
                result::toString);
    }

    @Test
    void unknownArgumentsAndWrongTypesAreInvalidInput() {
        McpTestClient client = start();
        JsonNode unknown = client.callTool("connect", Map.of("connectionString", pg.adminUrl(db), "conection", "typo"));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.error(unknown).get("code").asText());
        assertTrue(McpResults.error(unknown).get("message").asText().contains("conection"));
        JsonNode wrongType =
                client.callTool("connect", Map.of("connectionString", pg.adminUrl(db), "latencySamples", "five"));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.error(wrongType).get("code").asText());
    }

    @Test
    void everythingWrittenBeforeStdinClosesIsAnsweredThenTheServerExitsZero() throws IOException {
        server = McpProcess.start(env());
        McpTestClient client = server.client();
        long init = client.send(
                "initialize",
                Map.of(
                        "protocolVersion",
                        McpTestClient.PROTOCOL_VERSION,
                        "capabilities",
                        Map.of(),
                        "clientInfo",
                        Map.of("name", "it", "version", "1")));
        client.notify("notifications/initialized", null);
        List<Long> ids = new ArrayList<>(List.of(init));
        ids.add(client.send("tools/list", Map.of()));
        ids.add(client.send(
                "tools/call", Map.of("name", "connect", "arguments", Map.of("connectionString", pg.adminUrl(db)))));
        ids.add(client.send(
                "tools/call",
                Map.of(
                        "name",
                        "connect",
                        "arguments",
                        Map.of("connectionString", "postgres://postgres@127.0.0.1:" + closedPort() + "/postgres"))));
        ids.add(client.send("ping", null));
        int exit = server.finish(Duration.ofSeconds(40)); // closes stdin right away
        assertEquals(0, exit, server::stderr);
        for (long id : ids) {
            assertEquals(
                    1,
                    client.responsesTo(id).size(),
                    "one answer to request " + id + "; stdout:\n" + String.join("\n", client.lines()));
        }
        assertEquals(
                "connected",
                client.await(ids.get(2), Duration.ZERO)
                        .get("result")
                        .get("structuredContent")
                        .get("status")
                        .asText());
        assertEquals(
                "CONNECTION_REFUSED",
                McpResults.error(client.await(ids.get(3), Duration.ZERO).get("result"))
                        .get("code")
                        .asText());
        assertEquals(List.of(), client.violations());
        server.close();
        server = null;
    }

    @Test
    void launchToInitializeTime() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (McpProcess p = McpProcess.start(env())) {
                JsonNode init = p.client()
                        .request(
                                "initialize",
                                Map.of(
                                        "protocolVersion",
                                        McpTestClient.PROTOCOL_VERSION,
                                        "capabilities",
                                        Map.of(),
                                        "clientInfo",
                                        Map.of("name", "timing", "version", "1")));
                millis.add((System.nanoTime() - p.startedNanos()) / 1_000_000);
                assertTrue(init.has("result"));
                assertEquals(0, p.finish(Duration.ofSeconds(40)), p::stderr);
            }
        }
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        String report =
                "MCP launch -> initialize answer: min " + sorted.get(0) + " ms, median " + sorted.get(sorted.size() / 2)
                        + " ms, max " + sorted.get(sorted.size() - 1) + " ms (runs " + millis + ")";
        System.err.println(report);
        System.out.println(report);
        assertTrue(sorted.get(0) < 30_000, report);
    }
}
