package dev.supadokploy.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.util.Lines;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one line of the stdio stream. Whatever the line holds, the result is either a JSON-RPC message
 * for the session or the error response the client gets instead: -32700 when the line is not JSON,
 * -32600 when it is JSON but not a JSON-RPC 2.0 message. One bad line never ends the session. A JSON
 * array is a batch of such results when batches are accepted (MCP 2025-03-26), else one -32600.
 */
final class JsonRpcLineParser {
    private final ObjectMapper mapper;

    JsonRpcLineParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What a line turned out to be. */
    sealed interface Parsed permits Message, Rejected, Batch {}

    record Message(JSONRPCMessage message) implements Parsed {}

    /** The line is answered with {@code response} and otherwise ignored. */
    record Rejected(ErrorResponse response) implements Parsed {}

    /** A JSON-RPC batch: each element a message or a rejection (JSON-RPC 2.0 section 6); never empty. */
    record Batch(List<Parsed> elements) implements Parsed {}

    /** @param batches whether a JSON array is a batch (MCP 2025-03-26) or refused (every later revision) */
    Parsed parse(String line, boolean batches) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            return reject(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return reject(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: no JSON value");
        }
        if (node.isArray()) {
            if (!batches) {
                return reject(
                        null,
                        McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Invalid Request: batches are not supported in this protocol version; send one message per line");
            }
            if (node.isEmpty()) {
                return reject(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: an empty batch");
            }
            List<Parsed> elements = new ArrayList<>();
            node.forEach(element -> elements.add(
                    element.isArray()
                            ? reject(
                                    null,
                                    McpSchema.ErrorCodes.INVALID_REQUEST,
                                    "Invalid Request: a batch inside a batch")
                            : message(element)));
            return new Batch(List.copyOf(elements));
        }
        return message(node);
    }

    private Parsed message(JsonNode node) {
        if (!node.isObject()) {
            return reject(
                    null,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: expected a JSON-RPC object, got " + kind(node));
        }
        JsonNode idNode = node.get("id");
        boolean hasId = idNode != null && !idNode.isNull();
        boolean validId = hasId && (idNode.isTextual() || idNode.isIntegralNumber());
        // The id goes back in the error only when it is one the client could have meant (JSON-RPC 5.1).
        Object id = validId ? (idNode.isTextual() ? idNode.asText() : idNode.numberValue()) : null;
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
            return reject(id, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
        }
        if (hasId && !validId) {
            return reject(
                    null,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: \"id\" must be a string or an integer");
        }
        Class<? extends JSONRPCMessage> type;
        if (node.has("method")) {
            if (!node.get("method").isTextual()) {
                return reject(id, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: \"method\" must be a string");
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isNull() && !params.isObject()) {
                return reject(
                        id, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: \"params\" must be an object");
            }
            if (node.has("id") && !hasId) {
                return reject(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: \"id\" must not be null");
            }
            type = hasId ? McpSchema.JSONRPCRequest.class : McpSchema.JSONRPCNotification.class;
        } else if (node.has("result") || node.has("error")) {
            if (!hasId) {
                return reject(
                        null,
                        McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Invalid Request: a response needs the id of its request");
            }
            type = McpSchema.JSONRPCResponse.class;
        } else {
            return reject(
                    id,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: no \"method\", \"result\" or \"error\"");
        }
        try {
            return new Message(mapper.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return reject(id, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: " + Lines.first(e.getMessage()));
        }
    }

    private static Rejected reject(Object id, int code, String message) {
        return new Rejected(ErrorResponse.of(id, code, message));
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
