package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.supadokploy.mcp.McpServerSettings;
import dev.supadokploy.mcp.McpStdioServer;
import dev.supadokploy.ops.Operation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MCP server in this JVM, over in-memory pipes, initialized and ready for {@link #client()}: the real server with
 * the operations a test gives it (the process-level tests start the jar instead, {@link McpProcess}). Closing it closes
 * the server's stdin, as a client going away does, and checks that the server ended and wrote nothing but JSON-RPC.
 */
public final class InProcessMcp implements AutoCloseable {
    private final Thread thread;
    private final McpTestClient client;
    private final AtomicInteger exitCode = new AtomicInteger(-1);

    private InProcessMcp(McpServerSettings settings, List<? extends Operation<?, ?>> operations) {
        StreamPipe stdin = new StreamPipe();
        StreamPipe stdout = new StreamPipe();
        thread = new Thread(
                () -> {
                    try {
                        exitCode.set(McpStdioServer.serve(
                                stdin.input(), stdout.output(), settings, List.copyOf(operations)));
                    } finally {
                        stdout.close(); // the process would exit here, closing its stdout
                    }
                },
                "mcp-server-under-test");
        thread.start();
        client = new McpTestClient(stdin.output(), stdout.input());
    }

    /** A server with these settings and operations, after initialize. */
    public static InProcessMcp start(McpServerSettings settings, List<? extends Operation<?, ?>> operations) {
        InProcessMcp server = new InProcessMcp(settings, operations);
        server.client.initialize();
        return server;
    }

    public McpTestClient client() {
        return client;
    }

    /** The server's exit code once it ended, -1 before. */
    public int exitCode() {
        return exitCode.get();
    }

    @Override
    public void close() {
        client.closeInput();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), "the server ends after stdin closes");
        assertEquals(List.of(), client.violations(), "every line on stdout is a JSON-RPC message");
    }
}
