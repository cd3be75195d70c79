package dev.supadokploy.mcp;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.ConfigLoader;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operation as an MCP tool: its description and schemas, and a call handler that binds the
 * arguments, runs the operation and turns the outcome into a tool result. Every failure, expected or
 * not, becomes a result with {@code isError: true}; none escapes as a protocol error.
 */
final class OperationTool<I extends Record, R extends Record> {
    private static final Logger log = LoggerFactory.getLogger(OperationTool.class);

    private final Operation<I, R> operation;
    private final ToolArguments<I> arguments;
    private final McpServerSettings settings;

    private OperationTool(Operation<I, R> operation, McpServerSettings settings) {
        this.operation = operation;
        this.arguments = new ToolArguments<>(operation);
        this.settings = settings;
    }

    /** The tool as the SDK serves it; {@code tool} is {@link #tool(Operation)} of the operation, made beforehand. */
    static SyncToolSpecification specification(
            Operation<?, ?> operation, McpSchema.Tool tool, McpServerSettings settings) {
        return of(operation, settings).specification(tool);
    }

    static <I extends Record, R extends Record> OperationTool<I, R> of(Operation<I, R> op, McpServerSettings settings) {
        return new OperationTool<>(op, settings);
    }

    private SyncToolSpecification specification(McpSchema.Tool tool) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler(this::call)
                .build();
    }

    static McpSchema.Tool tool(Operation<?, ?> operation) {
        OperationInfo info = operation.info();
        return McpSchema.Tool.builder()
                .name(info.toolName())
                .title(info.title())
                .description(info.description())
                .inputSchema(ToolSchemas.input(operation))
                .outputSchema(ToolSchemas.output(operation))
                // openWorldHint: every operation reaches a database or server outside this process.
                .annotations(new McpSchema.ToolAnnotations(
                        info.title(), info.readOnly(), info.destructive(), info.idempotent(), true, null))
                .build();
    }

    CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request) {
        Object token = request.progressToken();
        Notifier notifier = new Notifier() {
            @Override
            public void progress(double value, Double total, String message) {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, value, total, message, null));
            }

            @Override
            public void warning(String logger, String message) {
                // the SDK sends it only when the client's logging/setLevel (default info) lets warnings through
                exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
                        .level(McpSchema.LoggingLevel.WARNING)
                        .logger(logger)
                        .data(message)
                        .build());
            }
        };
        return call(request.arguments(), token != null, notifier, RequestScope.of(exchange));
    }

    /**
     * What a client sees of a call, under either revision (the 2026-07-28 server converts this result, {@link
     * ModernMcp}): binds {@code args}, runs the operation, and turns its outcome into a tool result.
     */
    CallToolResult call(Map<String, Object> args, boolean wantsProgress, Notifier notifier, RequestScope scope) {
        String tool = operation.info().toolName();
        long start = System.nanoTime();
        // Names only: values include passwords, connection strings and SQL, whose literals may be secrets too.
        log.debug("{} called with arguments {}", tool, args == null ? "[]" : new TreeSet<>(args.keySet()));
        try {
            ToolArguments.Bound<I> bound = arguments.bind(args);
            Progress progress = wantsProgress ? new ProgressNotifier(notifier) : Progress.NONE;
            R result = operation.run(
                    bound.input(), context(bound.confirm(), progress, scope.cancellation(), warnings(notifier)));
            log.debug("{} succeeded in {} ms", tool, (System.nanoTime() - start) / 1_000_000);
            return ToolResults.success(operation.info(), result);
        } catch (SupaException e) {
            log.debug("{} failed: {} [{}]", tool, e.getMessage(), e.code());
            return ToolResults.failure(tool, e);
        } catch (Throwable t) {
            // A bug or an environment failure: the agent gets a coded error, the operator the stack trace.
            log.error("{} failed unexpectedly", tool, t);
            return ToolResults.failure(tool, SupaException.internal(t));
        }
    }

    /** How a call talks to its client while it runs: progress for its token, and warnings as log messages. */
    interface Notifier {
        void progress(double value, Double total, String message);

        void warning(String logger, String message);
    }

    /**
     * The context of one call. The configuration is read per call, so an operator's edit to config.toml
     * applies without restarting the agent's server. Nobody can be asked anything, and stdin is the
     * protocol, so a secret reference "-" reads nothing rather than eating protocol messages. Secrets in results
     * are redacted unless the call asks for them.
     */
    private OperationContext context(
            boolean confirm, Progress progress, Cancellation cancellation, Consumer<String> warnings) {
        Config config = ConfigLoader.load(settings.configPath(), settings.env());
        SecretResolver secrets = new SecretResolver(settings.env(), InputStream::nullInputStream, warnings);
        return new OperationContext(
                config,
                settings.env(),
                secrets,
                new Policy(settings.allowWrites(), confirm, false, false, false, settings.agentSql()),
                Interaction.NONE,
                progress,
                cancellation,
                Clock.systemUTC(),
                warnings);
    }

    /**
     * What the CLI prints on stderr as "warning:" goes to the operator's log (stderr) and to the client as
     * notifications/message at level warning, the logging capability the server declares, when the client's level
     * (logging/setLevel, or the request's log level under 2026-07-28; default info) lets warnings through. Warnings carry no secrets: the
     * CLI prints the same text. A client that stopped listening must not fail the operation.
     */
    private Consumer<String> warnings(Notifier notifier) {
        String tool = operation.info().toolName();
        return message -> {
            log.warn("{}: {}", tool, message);
            try {
                notifier.warning(tool, message);
            } catch (RuntimeException e) {
                log.debug("Could not send a log notification: {}", e.getMessage());
            }
        };
    }
}
