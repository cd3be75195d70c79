package dev.supadokploy.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.ops.Operation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * MCP revision 2026-07-28 beside the session revisions: the SDK's stateless server ({@code
 * io.modelcontextprotocol.modern}, SDK 2.2.0), fed by {@link StdioTransportProvider} with the requests that belong to
 * it ({@link #routes}). Its tools come from the same {@link OperationTool}s as the session server's, so names, schemas,
 * hints, results and errors are the same under both revisions: the tool definition is converted from the session
 * one, and a call runs {@link OperationTool#call(Map, boolean, OperationTool.Notifier, RequestScope)} and converts
 * its result. The SDK has no Tasks extension: long operations are ordinary calls with progress, as under the session
 * revisions.
 */
final class ModernMcp {
    /** The stateless revision. */
    static final String REVISION = McpSchema.LATEST_PROTOCOL_VERSION;

    private final McpServer server;
    private final List<String> sessionRevisions;
    private final McpJsonMapper jsonMapper;
    private volatile Map<String, McpSyncTool> tools = Map.of();
    /** The input schemas of the tools, by identity: the SDK's input check is left to ToolArguments (see below). */
    private final Set<Map<String, Object>> inputSchemas = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param sessionRevisions the revisions spoken through initialize, listed by server/discover after this one
     */
    ModernMcp(ObjectMapper mapper, McpServerSettings settings, String instructions, List<String> sessionRevisions) {
        this.sessionRevisions = List.copyOf(sessionRevisions);
        this.jsonMapper = new JacksonMcpJsonMapper(mapper);
        List<String> supported = new ArrayList<>();
        supported.add(REVISION);
        // newest first
        sessionRevisions.stream()
                .filter(v -> !v.equals(REVISION))
                .sorted(Comparator.reverseOrder())
                .forEach(supported::add);
        JsonSchemaValidator outputs = new LazySchemaValidator(mapper);
        // ToolArguments checks arguments and answers in the tools' own {code, message, suggestion} form, as under the
        // session revisions (validateToolInputs(false) there); the SDK's input check would answer first, with a bare
        // text. Output schemas are checked as there.
        JsonSchemaValidator validator = new JsonSchemaValidator() {
            @Override
            public ValidationResponse validate(Map<String, Object> schema, Object content) {
                boolean input;
                synchronized (inputSchemas) {
                    input = inputSchemas.contains(schema);
                }
                return input ? ValidationResponse.asValid(null) : outputs.validate(schema, content);
            }

            @Override
            public ValidationResponse validateSchema(Map<String, Object> schema) {
                return outputs.validateSchema(schema);
            }
        };
        this.server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(McpStdioServer.NAME, settings.version())
                        .build())
                .instructions(instructions)
                .supportedVersions(supported)
                .jsonMapper(jsonMapper)
                .requestStateCodec(new NoRequestState())
                .feature(ToolsFeature.ofSync(new Repository(), jsonMapper, validator, 0, McpSchema.CacheScope.PRIVATE))
                .build();
    }

    /** The tools, made from the same operations and definitions as the session server's. */
    void tools(
            List<Operation<?, ?>> operations,
            List<io.modelcontextprotocol.spec.McpSchema.Tool> definitions,
            McpServerSettings settings) {
        Map<String, McpSyncTool> made = new LinkedHashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            McpSchema.Tool tool = definition(definitions.get(i));
            synchronized (inputSchemas) {
                inputSchemas.add(tool.inputSchema());
            }
            OperationTool<?, ?> call = OperationTool.of(operations.get(i), settings);
            made.put(tool.name(), McpSyncTool.of(tool, (context, request) -> call(call, context, request)));
        }
        tools = Collections.unmodifiableMap(made);
    }

    /** The session server's tool definition in this revision's records: the same name, schemas and hints. */
    private McpSchema.Tool definition(io.modelcontextprotocol.spec.McpSchema.Tool tool) {
        Map<String, Object> input = jsonMapper.convertValue(tool.inputSchema(), new TypeRef<>() {});
        io.modelcontextprotocol.spec.McpSchema.ToolAnnotations hints = tool.annotations();
        return McpSchema.Tool.builder(tool.name(), input)
                .title(tool.title())
                .description(tool.description())
                .outputSchema(tool.outputSchema())
                .annotations(new McpSchema.ToolAnnotations(
                        hints.title(),
                        hints.readOnlyHint(),
                        hints.destructiveHint(),
                        hints.idempotentHint(),
                        hints.openWorldHint()))
                .build();
    }

    private static McpSyncResponse<McpSchema.CallToolOutcome> call(
            OperationTool<?, ?> tool, McpRequestContext context, McpSchema.CallToolRequest request) {
        return McpSyncResponse.streaming(notifier -> toModern(tool.call(
                request.arguments(), context.progressToken() != null, notifier(context, notifier), scope(context))));
    }

    private static OperationTool.Notifier notifier(McpRequestContext context, McpSyncNotifier notifier) {
        Object level = context.meta() == null ? null : context.meta().get(McpSchema.MetaKeys.LOG_LEVEL);
        // The request's log level (2026-07-28 has no logging/setLevel); without one, info, as the session default.
        int threshold =
                level instanceof String l ? RequestChecks.LEVELS.indexOf(l) : RequestChecks.LEVELS.indexOf("info");
        boolean warnings = threshold >= 0 && threshold <= RequestChecks.LEVELS.indexOf("warning");
        return new OperationTool.Notifier() {
            @Override
            public void progress(double value, Double total, String message) {
                notifier.progress(value, total, message);
            }

            @Override
            public void warning(String logger, String message) {
                if (warnings) {
                    Map<String, Object> params = new LinkedHashMap<>();
                    params.put("level", "warning");
                    params.put("logger", logger);
                    params.put("data", message);
                    notifier.notify(McpSchema.METHOD_NOTIFICATION_MESSAGE, params);
                }
            }
        };
    }

    private static RequestScope scope(McpRequestContext context) {
        McpTransportContext transport = context.transportContext();
        Object scope = transport == null ? null : transport.get(RequestScope.KEY);
        return scope instanceof RequestScope s ? s : new RequestScope(context.requestId());
    }

    private static McpSchema.CallToolResult toModern(io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
        McpSchema.CallToolResult.Builder built = McpSchema.CallToolResult.builder();
        for (io.modelcontextprotocol.spec.McpSchema.Content content : result.content()) {
            if (content instanceof io.modelcontextprotocol.spec.McpSchema.TextContent text) {
                built.addContent(McpSchema.TextContent.builder(text.text()).build());
            }
        }
        if (result.structuredContent() != null) {
            built.structuredContent(result.structuredContent());
        }
        return built.isError(Boolean.TRUE.equals(result.isError())).build();
    }

    /**
     * Whether a request belongs to this revision: server/discover, and every request whose {@code _meta} claims a
     * protocol version other than a session revision (a version this server does not speak gets the SDK's
     * "Unsupported protocol version" with the list). Everything else is the session server's.
     */
    boolean routes(String method, Object params) {
        if (McpSchema.METHOD_SERVER_DISCOVER.equals(method)) {
            return true;
        }
        Map<?, ?> meta = meta(params);
        if (meta == null || !meta.containsKey(McpSchema.MetaKeys.PROTOCOL_VERSION)) {
            return false;
        }
        return !(meta.get(McpSchema.MetaKeys.PROTOCOL_VERSION) instanceof String v && sessionRevisions.contains(v));
    }

    private static Map<?, ?> meta(Object params) {
        return params instanceof Map<?, ?> p && p.get("_meta") instanceof Map<?, ?> m ? m : null;
    }

    /**
     * Handles one request of this revision; the messages to send back, its response last. A server/discover without a
     * protocol version in {@code _meta} (a probe) is answered as this revision's: discovery lists every revision.
     */
    Flux<JsonRpc.JSONRPCMessage> handle(String jsonrpc, String method, Object id, Object params, RequestScope scope) {
        Object effective = params;
        if (McpSchema.METHOD_SERVER_DISCOVER.equals(method)) {
            Map<?, ?> meta = meta(params);
            if (meta == null || !meta.containsKey(McpSchema.MetaKeys.PROTOCOL_VERSION)) {
                Map<String, Object> filled = new LinkedHashMap<>();
                if (meta != null) {
                    meta.forEach((k, v) -> filled.put(String.valueOf(k), v));
                }
                filled.put(McpSchema.MetaKeys.PROTOCOL_VERSION, REVISION);
                filled.putIfAbsent(McpSchema.MetaKeys.CLIENT_CAPABILITIES, Map.of());
                Map<String, Object> withMeta = new LinkedHashMap<>();
                if (params instanceof Map<?, ?> p) {
                    p.forEach((k, v) -> withMeta.put(String.valueOf(k), v));
                }
                withMeta.put("_meta", filled);
                effective = withMeta;
            }
        }
        McpTransportContext context = McpTransportContext.create(
                Map.of(RequestScope.KEY, scope, McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaders.NOT_MIRRORED));
        return server.handle(context, new JsonRpc.JSONRPCRequest(jsonrpc, method, id, effective))
                .flatMapMany(response -> {
                    if (response instanceof McpTransportResponse.Result r) {
                        return Flux.just(r.response());
                    }
                    if (response instanceof McpTransportResponse.Error e) {
                        return Flux.just(e.response());
                    }
                    return ((McpTransportResponse.Streaming) response).messages();
                });
    }

    void close() {
        server.closeGracefully();
    }

    /**
     * No tool asks the client for input (Interaction.NONE: an agent is never asked anything), so no request state is
     * ever sealed; a client's requestState is refused as invalid. Also keeps the SDK's default codec from warning
     * on every start that it made a random key.
     */
    private static final class NoRequestState implements RequestStateCodec {
        @Override
        public String seal(McpRequestContext context, String state) {
            throw new IllegalStateException("no tool of this server asks for input");
        }

        @Override
        public String open(McpRequestContext context, String sealed) {
            return null;
        }
    }

    private final class Repository implements McpSyncToolRepository {
        @Override
        public ToolsPage list(McpRequestContext context, String cursor) {
            return ToolsPage.of(
                    tools.values().stream().map(McpSyncTool::definition).toList());
        }

        @Override
        public McpSyncTool find(McpRequestContext context, String name) {
            return tools.get(name);
        }
    }
}
