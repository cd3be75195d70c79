package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

class McpLineParserTest {
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonRpcLineParser parser = new JsonRpcLineParser(mapper);

    private McpSchema.JSONRPCMessage message(String line) {
        return assertInstanceOf(JsonRpcLineParser.Message.class, parser.parse(line, false), line)
                .message();
    }

    private ErrorResponse rejected(String line) {
        return assertInstanceOf(JsonRpcLineParser.Rejected.class, parser.parse(line, false), line)
                .response();
    }

    @Test
    void requestsNotificationsAndResponses() {
        McpSchema.JSONRPCRequest r = assertInstanceOf(
                McpSchema.JSONRPCRequest.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}"));
        assertEquals(7, ((Number) r.id()).intValue());
        assertEquals("tools/list", r.method());
        McpSchema.JSONRPCRequest s = assertInstanceOf(
                McpSchema.JSONRPCRequest.class, message("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\"}"));
        assertEquals("abc", s.id());
        McpSchema.JSONRPCNotification n = assertInstanceOf(
                McpSchema.JSONRPCNotification.class,
                message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals("notifications/initialized", n.method());
        assertInstanceOf(McpSchema.JSONRPCResponse.class, message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        assertInstanceOf(
                McpSchema.JSONRPCResponse.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-1,\"message\":\"no\"}}"));
    }

    @Test
    void unknownMembersFromNewerClientsAreTolerated() {
        assertInstanceOf(
                McpSchema.JSONRPCRequest.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"somethingNew\":true}"));
    }

    @Test
    void notJsonIsAParseErrorWithNullId() {
        for (String line : new String[] {"{not json", "{\"jsonrpc\":\"2.0\",", "}", "nul", "{\"a\":1} trailing"}) {
            ErrorResponse e = rejected(line);
            assertEquals(-32700, e.error().code(), line);
            assertNull(e.id(), line);
            assertTrue(
                    e.error().message().startsWith("Parse error: "), e.error().message());
        }
    }

    @Test
    void jsonThatIsNotJsonRpcIsAnInvalidRequest() {
        for (String line : new String[] {
            "[1,2]",
            "[]",
            "\"hello\"",
            "42",
            "true",
            "null",
            "{}",
            "{\"foo\":1}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}"
        }) {
            assertEquals(-32600, rejected(line).error().code(), line);
        }
    }

    @Test
    void aBatchIsItsElementsEachReadAlone() {
        JsonRpcLineParser.Batch batch = assertInstanceOf(
                JsonRpcLineParser.Batch.class,
                parser.parse(
                        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"x\"},1,[]]",
                        true));
        assertEquals(4, batch.elements().size());
        assertInstanceOf(
                McpSchema.JSONRPCRequest.class,
                assertInstanceOf(
                                JsonRpcLineParser.Message.class,
                                batch.elements().get(0))
                        .message());
        assertInstanceOf(
                McpSchema.JSONRPCNotification.class,
                assertInstanceOf(
                                JsonRpcLineParser.Message.class,
                                batch.elements().get(1))
                        .message());
        for (int i = 2; i < 4; i++) {
            ErrorResponse e = assertInstanceOf(
                            JsonRpcLineParser.Rejected.class, batch.elements().get(i))
                    .response();
            assertEquals(-32600, e.error().code());
            assertNull(e.id());
        }
    }

    @Test
    void anEmptyBatchIsOneInvalidRequestAndBatchesAreRefusedWhereTheyAreOff() {
        ErrorResponse empty = assertInstanceOf(JsonRpcLineParser.Rejected.class, parser.parse("[]", true))
                .response();
        assertEquals(-32600, empty.error().code());
        assertTrue(
                empty.error().message().contains("empty batch"), empty.error().message());
        ErrorResponse off = rejected("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertTrue(
                off.error().message().contains("batches are not supported"),
                off.error().message());
    }

    @Test
    void theIdIsEchoedWhenItCanBeRead() {
        assertEquals(
                "x",
                rejected("{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"ping\"}")
                        .id());
        assertEquals(
                3,
                ((Number) rejected("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":false}")
                                .id())
                        .intValue());
        assertNull(
                rejected("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}").id(),
                "an unusable id is answered with null");
    }

    @Test
    void errorResponsesSerialiseWithAnExplicitNullId() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(rejected("{oops")));
        assertTrue(json.has("id") && json.get("id").isNull(), json::toString);
        assertEquals("2.0", json.get("jsonrpc").asText());
        assertEquals(-32700, json.get("error").get("code").asInt());
        assertTrue(!json.get("error").has("data"), "no data member when there is none");
    }
}
