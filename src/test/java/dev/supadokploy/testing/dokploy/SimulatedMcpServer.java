package dev.supadokploy.testing.dokploy;

import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpTestClient;
import java.nio.file.Path;

/**
 * The real MCP server process against a {@link DokploySimulator}, with {@link SimulatorEnv#of} as its whole
 * environment. {@link #close()} (an {@code @AfterEach}) checks that a started server ends cleanly
 * ({@link McpProcess#finishCleanly()}); the simulator stays its owner's ({@link Simulated} closes it after that).
 */
public final class SimulatedMcpServer implements AutoCloseable {
    private final DokploySimulator sim;
    private final Path home;
    private McpProcess process;

    public SimulatedMcpServer(DokploySimulator sim, Path home) {
        this.sim = sim;
        this.home = home;
    }

    /** Starts {@code mcp [args]} and completes the initialize handshake. */
    public McpTestClient start(String... args) {
        process = McpProcess.start(SimulatorEnv.of(sim, home), args);
        process.client().initialize();
        return process.client();
    }

    @Override
    public void close() {
        if (process != null) {
            process.finishCleanly();
        }
    }
}
