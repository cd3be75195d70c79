package dev.supadokploy.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The specification's rules for request parameters that the SDK does not hold to (issue 25), checked before the
 * session sees the request: a broken request gets -32602 Invalid params with a plain message, not the SDK's
 * -32603 with Java internals, a whole list for a bad cursor, or {@code {}} for an unknown log level.
 */
final class RequestChecks {
    /** MCP's log levels (RFC 5424 severities), as logging/setLevel names them. */
    static final List<String> LEVELS =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private static final int NAME_SHOWN = 200;

    private volatile Set<String> tools = Set.of();

    /** The names tools/call may ask for; set once the tools are made, before any tools/call is checked. */
    void knownTools(Set<String> names) {
        tools = Set.copyOf(names);
    }

    /** The error to answer {@code request} with, or null when it goes to the session. */
    ErrorResponse check(McpSchema.JSONRPCRequest request) {
        Map<?, ?> params = request.params() instanceof Map<?, ?> m ? m : Map.of();
        String problem = switch (request.method()) {
            // "Invalid cursors SHOULD result in an error with code -32602": this server lists every tool on one page
            // and hands out no cursor, so every cursor is one it never gave.
            case McpSchema.METHOD_TOOLS_LIST ->
                params.get("cursor") == null
                        ? null
                        : "Invalid params: unknown cursor (every tool is on the first page; list without a cursor)";
            case McpSchema.METHOD_LOGGING_SET_LEVEL ->
                params.get("level") instanceof String level && LEVELS.contains(level)
                        ? null
                        : "Invalid params: \"level\" must be one of " + String.join(", ", LEVELS);
            case McpSchema.METHOD_TOOLS_CALL -> toolCall(params);
            default -> null;
        };
        return problem == null ? null : ErrorResponse.of(request.id(), McpSchema.ErrorCodes.INVALID_PARAMS, problem);
    }

    private String toolCall(Map<?, ?> params) {
        if (!(params.get("name") instanceof String name)) {
            return "Invalid params: \"name\" must be the name of a tool (a string); tools/list lists them";
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return "Invalid params: \"arguments\" must be an object";
        }
        if (!tools.contains(name)) {
            String shown = name.length() > NAME_SHOWN ? name.substring(0, NAME_SHOWN) + "…" : name;
            return "Unknown tool: " + shown + " (tools/list lists the tools)";
        }
        return null;
    }
}
