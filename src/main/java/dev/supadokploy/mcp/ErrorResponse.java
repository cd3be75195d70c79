package dev.supadokploy.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A JSON-RPC error response the transport writes itself, for a line that never became a message. Not the
 * SDK's JSONRPCResponse: that one leaves out a null id, and JSON-RPC 2.0 requires {@code "id": null} when
 * the request's id could not be read.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ErrorResponse(String jsonrpc, Object id, Error error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(int code, String message) {}

    static ErrorResponse of(Object id, int code, String message) {
        return new ErrorResponse("2.0", id, new Error(code, message));
    }
}
