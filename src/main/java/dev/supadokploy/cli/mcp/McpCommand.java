package dev.supadokploy.cli.mcp;

import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.Version;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.mcp.McpServerSettings;
import dev.supadokploy.mcp.McpStdioServer;
import dev.supadokploy.ops.OperationCatalog;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code supa-dokploy mcp}: every operation of the catalog as an MCP tool, over stdio. Thin by design;
 * the server lives in {@code dev.supadokploy.mcp}.
 */
@Command(name = "mcp",
        description = {"Serve the operations as MCP tools to an AI agent over stdio (JSON-RPC on stdin/stdout).",
                "Credentials come from this process's environment and config.toml (name them with the 'instance' argument), "
                        + "so the agent never needs to see them. Logs go to stderr; stdout carries the protocol only."})
public final class McpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--allow-writes", description = "Agents may change data: SQL writes, and files such as a .env written by keys generate. Default: read-only.")
    boolean allowWrites;

    private McpStdioServer.PreparedTools tools;

    /** Starts making the tools while the arguments are still being parsed (Cli.run calls it for {@code mcp}). */
    public void prepare() {
        if (tools == null) {
            tools = McpStdioServer.prepare(OperationCatalog::all);
        }
    }

    @Override
    public Integer call() {
        prepare();
        CliSession session = CliSession.of(spec);
        CliEnvironment env = session.environment();
        McpServerSettings settings = new McpServerSettings(Version.version(), session.configPath(), env.env(),
                allowWrites, McpServerSettings.DEFAULT_DRAIN_TIMEOUT);
        if (!session.quiet()) {
            env.stderr().println("supa-dokploy " + settings.version() + ": MCP server on stdio, "
                    + OperationCatalog.all().size() + (OperationCatalog.all().size() == 1 ? " tool" : " tools") + ", " + (allowWrites ? "writes allowed" : "read-only"));
        }
        // The operator hears of configuration problems at startup, but the client's initialize need not wait for
        // config.toml to be read and checked: the check runs beside the server.
        Thread check = new Thread(() -> checkConfiguration(session), "mcp-config-check");
        check.setDaemon(true);
        check.start();
        PrintStream protocol = env.stdout();
        PrintStream previous = System.out;
        // Anything that prints to System.out by mistake (a library, a stray debug line) would corrupt the
        // protocol; send it to stderr while serving, and keep the real stdout for the transport alone.
        if (protocol == previous) {
            System.setOut(env.stderr());
        }
        try {
            return McpStdioServer.serve(env.stdin(), protocol, settings, tools);
        } finally {
            System.setOut(previous);
        }
    }

    /**
     * Tool calls read the configuration each time and report its problems to the agent; the operator, who
     * can fix them, hears of them at startup.
     */
    private static void checkConfiguration(CliSession session) {
        try {
            session.config();
        } catch (SupaException e) {
            session.warn(e.getMessage() + " [" + e.code() + "]; every tool call reports it until fixed: " + e.suggestion());
        }
    }
}
