package dev.supadokploy.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP over stdio, one session: newline-delimited JSON-RPC on a pair of streams. Written instead of the
 * SDK's StdioServerTransportProvider, which stops serving at the first malformed line and may drop
 * answers still being computed when stdin closes.
 *
 * <ul>
 *   <li>{@link #serve()} reads stdin line by line on the calling thread. Blank lines are skipped; a line
 *       that is not a JSON-RPC message is answered with -32700 / -32600 and serving goes on.</li>
 *   <li>Every message handed to the session is registered in {@link InFlightRequests} until the session's
 *       handling of it completes, which for a request is after its answer was written (the SDK sends the
 *       response inside the Mono that {@code handle} returns).</li>
 *   <li>Outbound messages go through one {@link LineWriter}: a whole line, flushed, under one lock.</li>
 *   <li>At EOF, {@link #serve()} waits up to the drain timeout for everything in flight, then returns, and
 *       the caller ends the process with exit code 0. Requests still running then are cancelled.</li>
 *   <li>notifications/cancelled sets the Cancellation of the named request (the SDK has no handler for it)
 *       and that request's answer is left out, as MCP asks.</li>
 *   <li>{@code ping} is answered here at once, before {@code initialize} too (the SDK would hold it until
 *       notifications/initialized); any other request before {@code initialize} gets an error at once, and
 *       notifications and responses before it are dropped.</li>
 *   <li>server/discover and the requests of revision 2026-07-28 (their {@code _meta} protocol version) go to the
 *       stateless server ({@link ModernMcp}) in any state; the other requests are the session's.</li>
 *   <li>When 2025-03-26 was negotiated, a JSON array is a batch: its elements are handled as if each came on
 *       its own line, and their answers go back as one array ({@link BatchReply}).</li>
 * </ul>
 */
public final class StdioTransportProvider implements McpServerTransportProvider {
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);
    private static final String CANCELLED = "notifications/cancelled";
    /** Revision 2026-07-28's first request; without {@link #serveModern} it is refused at once (docs/mcp.md). */
    private static final String DISCOVER = "server/discover";
    /** The one revision with JSON-RPC batches: "Implementations MUST support receiving JSON-RPC batches". */
    private static final String BATCH_PROTOCOL = "2025-03-26";
    /** After the drain timeout, how long cancelled operations get to stop before we give up on them. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    private final InputStream input;
    private final LineWriter output;
    private final ObjectMapper mapper;
    private final JsonRpcLineParser parser;
    private final Duration drainTimeout;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final RequestChecks checks = new RequestChecks();
    private volatile McpServerSession session;
    /** The server of revision 2026-07-28, or null when only the session revisions are spoken. */
    private volatile ModernMcp modern;
    /** An initialize request came; read and written on the thread that reads stdin only. */
    private boolean initializeReceived;
    /** The revision the SDK's answer to initialize agreed on, null before that answer. */
    private volatile String protocolVersion;

    private final Reply line;
    /** Requests other than initialize and ping wait for this (the tools being made); done unless held. */
    private volatile CompletableFuture<?> ready = CompletableFuture.completedFuture(null);

    public StdioTransportProvider(InputStream input, OutputStream output, ObjectMapper mapper, Duration drainTimeout) {
        this.input = input;
        this.output = new LineWriter(output, mapper);
        this.mapper = mapper;
        this.parser = new JsonRpcLineParser(mapper);
        this.drainTimeout = drainTimeout;
        this.line = this.output::write;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        this.session = sessionFactory.create(new SessionTransport());
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.error(new IllegalStateException("no session yet")) : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }

    /**
     * Requests other than initialize and ping are handed to the session only once {@code ready} completes: the
     * reader waits for it, so they keep their order. Its failure ends {@link #serve()} with that error.
     */
    public void holdRequestsUntil(CompletableFuture<?> ready) {
        this.ready = ready;
    }

    /**
     * Serves revision 2026-07-28 beside the session revisions: server/discover and the requests {@link
     * ModernMcp#routes} picks go to {@code modern}, answered in any state (no initialize), the rest to the session.
     */
    void serveModern(ModernMcp modern) {
        this.modern = modern;
    }

    /** The parameter checks requests pass before the session sees them; tell it the tools' names. */
    RequestChecks checks() {
        return checks;
    }

    /**
     * Serves until stdin ends, then until every request that arrived has been answered (or the drain
     * timeout passed). The session must exist: build the McpServer with this provider first.
     */
    public void serve() {
        if (session == null) {
            throw new IllegalStateException("build the MCP server with this transport before serving");
        }
        // No try-with-resources: stdin belongs to the process, and EOF already means it is finished.
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                accept(line);
            }
        } catch (IOException e) {
            log.warn("Reading stdin failed, treating it as closed: {}", e.getMessage());
        }
        drain();
    }

    private void accept(String text) {
        if (text.isBlank()) {
            return;
        }
        JsonRpcLineParser.Parsed parsed = parser.parse(text, BATCH_PROTOCOL.equals(protocolVersion));
        if (parsed instanceof JsonRpcLineParser.Batch batch) {
            BatchReply reply = new BatchReply(output, batch.elements().size());
            batch.elements().forEach(element -> accept(element, text, reply, reply::done));
        } else {
            accept(parsed, text, line, () -> {});
        }
    }

    /** One message (or the rejection of one); {@code done} runs once, when nothing more will be answered to it. */
    private void accept(JsonRpcLineParser.Parsed parsed, String text, Reply reply, Runnable done) {
        if (parsed instanceof JsonRpcLineParser.Rejected rejected) {
            // The reason and the size only: the message may hold an agent's arguments, passwords among them.
            log.debug(
                    "Rejected an inbound message of {} characters: {}",
                    text.length(),
                    rejected.response().error().message());
            reply.send(rejected.response());
            done.run();
            return;
        }
        JSONRPCMessage message = ((JsonRpcLineParser.Message) parsed).message();
        if (message instanceof McpSchema.JSONRPCNotification n && CANCELLED.equals(n.method())) {
            cancel(n);
            done.run();
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest r && McpSchema.METHOD_PING.equals(r.method())) {
            // "The receiver MUST respond promptly with an empty response", whatever the session's state.
            reply.send(McpSchema.JSONRPCResponse.result(r.id(), Map.of()));
            done.run();
            return;
        }
        ModernMcp stateless = modern;
        if (message instanceof McpSchema.JSONRPCRequest r
                && stateless != null
                && stateless.routes(r.method(), r.params())) {
            if (!DISCOVER.equals(r.method())) {
                // server/discover is answered at once; the tools' requests wait for the tools, as in a session
                awaitReady();
            }
            if (!refuse(r, r.method().startsWith("tools/") ? checks.check(r) : null, reply, done)) {
                dispatchModern(stateless, r, reply, done);
            }
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest r && DISCOVER.equals(r.method())) {
            // Only a transport served without the 2026-07-28 server (tests of the session alone) gets here: its
            // clients fall back to initialize on "method not found", answered at once in any state, never held.
            reply.send(ErrorResponse.of(
                    r.id(),
                    McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                    "Method not found: server/discover (this server speaks MCP " + String.join(", ", protocolVersions())
                            + " through initialize)"));
            done.run();
            return;
        }
        if (!initializeReceived) {
            if (!(message instanceof McpSchema.JSONRPCRequest r && McpSchema.METHOD_INITIALIZE.equals(r.method()))) {
                beforeInitialize(message, reply);
                done.run();
                return;
            }
            initializeReceived = true;
        } else if (message instanceof McpSchema.JSONRPCRequest r) {
            awaitReady();
            if (refuse(r, checks.check(r), reply, done)) {
                return;
            }
        }
        dispatch(message, reply, done);
    }

    /** Answers {@code r} with {@code refused} (RequestChecks' verdict) when there is one; true when it did. */
    private boolean refuse(McpSchema.JSONRPCRequest r, ErrorResponse refused, Reply reply, Runnable done) {
        if (refused == null) {
            return false;
        }
        log.debug(
                "Refusing request {} ({}): {}",
                r.id(),
                r.method(),
                refused.error().message());
        reply.send(refused);
        done.run();
        return true;
    }

    private void awaitReady() {
        try {
            ready.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * A message before initialize. MCP 2025-11-25, lifecycle: "The client SHOULD NOT send requests other than
     * pings before the server has responded to the initialize request". The SDK would hold such a request until
     * the session is initialized, answering late or never; it is answered at once instead, with -32600 Invalid
     * Request: the specification names no code for it, and -32002 (LSP's "server not initialized") is MCP's
     * "resource not found". Notifications and responses before initialize have nothing to act on: dropped.
     */
    private void beforeInitialize(JSONRPCMessage message, Reply reply) {
        if (message instanceof McpSchema.JSONRPCRequest r) {
            log.debug("Refusing request {} ({}) before initialize", r.id(), r.method());
            reply.send(
                    ErrorResponse.of(
                            r.id(),
                            McpSchema.ErrorCodes.INVALID_REQUEST,
                            "Invalid Request: the session is not initialized; send initialize first (only ping is answered before it)"));
        } else {
            log.debug("Dropping {} before initialize", describe(message));
        }
    }

    private void dispatch(JSONRPCMessage message, Reply reply, Runnable done) {
        Object requestId = message instanceof McpSchema.JSONRPCRequest r ? r.id() : null;
        log.debug("Received {}", describe(message));
        InFlightRequests.Ticket ticket = inFlight.open(requestId, reply);
        McpTransportContext context = McpTransportContext.create(Map.of(RequestScope.KEY, ticket.scope()));
        session.handle(message)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                // after the subscriber's error handler below, so a batch holds the backstop's answer too
                .doFinally(signal -> {
                    inFlight.close(ticket);
                    done.run();
                })
                .subscribe(null, error -> {
                    // The session turns handler failures into JSON-RPC errors itself; this is the backstop
                    // that keeps a request from going unanswered if something below it broke.
                    log.error("Handling {} failed: {}", describe(message), error.toString());
                    if (requestId != null) {
                        reply.send(ErrorResponse.of(
                                requestId,
                                McpSchema.ErrorCodes.INTERNAL_ERROR,
                                "Internal error: " + error.getMessage()));
                    }
                });
    }

    /** A request of revision 2026-07-28: like {@link #dispatch}, through the stateless server. */
    private void dispatchModern(ModernMcp stateless, McpSchema.JSONRPCRequest request, Reply reply, Runnable done) {
        log.debug("Received {} (revision {})", describe(request), ModernMcp.REVISION);
        InFlightRequests.Ticket ticket = inFlight.open(request.id(), reply);
        stateless
                .handle(request.jsonrpc(), request.method(), request.id(), request.params(), ticket.scope())
                .doOnNext(out -> {
                    if (!(out instanceof JsonRpc.JSONRPCResponse response)) {
                        output.write(out);
                        return;
                    }
                    Reply to = inFlight.replyTo(response.id(), line);
                    if (to == null) {
                        log.debug("Leaving out the answer to cancelled request {}", response.id());
                        return;
                    }
                    to.send(response);
                })
                .doFinally(signal -> {
                    inFlight.close(ticket);
                    done.run();
                })
                .subscribe(null, error -> {
                    log.error("Handling {} failed: {}", describe(request), error.toString());
                    reply.send(ErrorResponse.of(
                            request.id(),
                            McpSchema.ErrorCodes.INTERNAL_ERROR,
                            "Internal error: " + error.getMessage()));
                });
    }

    private void cancel(McpSchema.JSONRPCNotification notification) {
        Object requestId = notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
        if (requestId != null && inFlight.cancel(requestId)) {
            log.debug("Request {} cancelled by the client", requestId);
        } else {
            log.debug("notifications/cancelled for {}, which is not running", requestId);
        }
    }

    private void drain() {
        int pending = inFlight.size();
        if (pending > 0) {
            log.debug("stdin closed; answering {} message(s) still in flight", pending);
        }
        try {
            if (!inFlight.awaitIdle(drainTimeout)) {
                log.warn(
                        "{} request(s) still running {} ms after stdin closed; cancelling them",
                        inFlight.size(),
                        drainTimeout.toMillis());
                inFlight.cancelAll();
                inFlight.awaitIdle(CANCEL_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest r) {
            return "request " + r.id() + " (" + r.method() + ")";
        }
        if (message instanceof McpSchema.JSONRPCNotification n) {
            return "notification " + n.method();
        }
        return "a response";
    }

    /** The session's side of the pipe: writes go to the shared LineWriter. */
    private final class SessionTransport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                if (!(message instanceof McpSchema.JSONRPCResponse r)) {
                    output.write(message);
                    return;
                }
                Reply reply = inFlight.replyTo(r.id(), line);
                if (reply == null) {
                    log.debug("Leaving out the answer to cancelled request {}", r.id());
                    return;
                }
                if (r.result() instanceof McpSchema.InitializeResult init) {
                    protocolVersion = init.protocolVersion();
                }
                reply.send(message);
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, mapper.getTypeFactory().constructType(typeRef.getType()));
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
