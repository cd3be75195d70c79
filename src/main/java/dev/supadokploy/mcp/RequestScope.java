package dev.supadokploy.mcp;

import dev.supadokploy.ops.Cancellation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;

/**
 * What the transport knows about one inbound request and hands to its handler: the Cancellation that
 * notifications/cancelled (or the end of stdin) sets. Travels in the SDK's McpTransportContext, the one
 * channel from a transport to a tool handler.
 */
final class RequestScope {
    static final String KEY = RequestScope.class.getName();

    private final Object requestId;
    private final Cancellation cancellation = new Cancellation();

    RequestScope(Object requestId) {
        this.requestId = requestId;
    }

    /** The scope the transport attached, or a fresh one when the handler runs under another transport. */
    static RequestScope of(McpSyncServerExchange exchange) {
        McpTransportContext context = exchange.transportContext();
        Object scope = context == null ? null : context.get(KEY);
        return scope instanceof RequestScope s ? s : new RequestScope(null);
    }

    Object requestId() {
        return requestId;
    }

    Cancellation cancellation() {
        return cancellation;
    }
}
