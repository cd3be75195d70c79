package dev.supadokploy.cli.mcp;

import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.mcp.McpServerSettings;
import dev.supadokploy.mcp.McpStdioServer;
import dev.supadokploy.ops.AgentSqlPolicy;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.ops.db.DbSqlOperation;
import dev.supadokploy.util.Background;
import dev.supadokploy.util.ByteSize;
import dev.supadokploy.util.Version;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code supa-dokploy mcp}: every operation of the catalog as an MCP tool, over stdio. Thin by design;
 * the server lives in {@code dev.supadokploy.mcp}.
 */
@Command(
        name = "mcp",
        description = {
            "Serve the operations as MCP tools to an AI agent over stdio (JSON-RPC on stdin/stdout).",
            "Credentials come from this process's environment and config.toml (name them with the 'instance' argument), "
                    + "so the agent never needs to see them. Logs go to stderr; stdout carries the protocol only."
        })
public final class McpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--allow-writes",
            description =
                    "Agents may change data: SQL writes, and files such as a .env written by keys generate. Default: read-only.")
    boolean allowWrites;

    @Option(
            names = "--allow-privileged-login",
            description =
                    "Run agent SQL (execute_sql) even on a superuser or otherwise privileged login (REPLICATION, BYPASSRLS, "
                            + "CREATEROLE, pg_execute_server_program …). Default: refused, because a read-only transaction does not "
                            + "confine such a login; give agents a login made by 'db agent-role create' instead.")
    boolean allowPrivilegedLogin;

    @Option(
            names = "--statement-timeout",
            paramLabel = "DURATION",
            description = "statement_timeout of agent SQL when the call names none (default 30s; 0 for none).")
    String statementTimeout;

    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            description = "lock_timeout of agent SQL (default 5s; 0 for none).")
    String lockTimeout;

    @Option(
            names = "--idle-in-transaction-timeout",
            paramLabel = "DURATION",
            description = "idle_in_transaction_session_timeout of agent SQL (default 60s; 0 for none).")
    String idleInTransactionTimeout;

    @Option(
            names = "--max-result-bytes",
            paramLabel = "SIZE",
            description =
                    "The most row JSON an execute_sql result carries (default 1MiB; 0 for no cap); calls may ask for less.")
    String maxResultBytes;

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
        McpServerSettings settings = new McpServerSettings(
                Version.version(),
                session.configPath(),
                env.env(),
                allowWrites,
                McpServerSettings.DEFAULT_DRAIN_TIMEOUT,
                agentSql());
        if (!session.quiet()) {
            env.stderr()
                    .println("supa-dokploy " + settings.version() + ": MCP server on stdio, "
                            + OperationCatalog.all().size()
                            + (OperationCatalog.all().size() == 1 ? " tool" : " tools") + ", "
                            + (allowWrites ? "writes allowed" : "read-only")
                            + (allowPrivilegedLogin ? ", privileged logins allowed for agent SQL" : ""));
        }
        // The operator hears of configuration problems at startup, but the client's initialize need not wait for
        // config.toml to be read and checked: the check runs beside the server.
        Background.start("mcp-config-check", () -> checkConfiguration(session));
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

    private AgentSqlPolicy agentSql() {
        AgentSqlPolicy d = AgentSqlPolicy.DEFAULTS;
        long maxBytes = maxResultBytes == null
                ? d.maxResultBytes()
                : ByteSize.parse(maxResultBytes)
                        .orElseThrow(() -> SupaException.invalidInput(
                                "Cannot read --max-result-bytes '" + maxResultBytes + "'",
                                "Use a size such as 512kB, 1MiB or 0 for no cap."));
        return new AgentSqlPolicy(
                allowPrivilegedLogin,
                duration("--statement-timeout", statementTimeout, d.statementTimeout()),
                duration("--lock-timeout", lockTimeout, d.lockTimeout()),
                duration("--idle-in-transaction-timeout", idleInTransactionTimeout, d.idleInTransactionTimeout()),
                maxBytes);
    }

    /** The option's duration (the same syntax as execute_sql's timeout), or the default when not given. */
    private static Duration duration(String option, String text, Duration fallback) {
        try {
            return text == null ? fallback : DbSqlOperation.parseTimeout(text);
        } catch (SupaException e) {
            throw SupaException.invalidInput(option + ": " + e.getMessage(), e.suggestion());
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
            session.warn(
                    e.getMessage() + " [" + e.code() + "]; every tool call reports it until fixed: " + e.suggestion());
        }
    }
}
