package dev.supadokploy.cli;

import dev.supadokploy.cli.completion.CompletionCommand;
import dev.supadokploy.cli.db.DbCommand;
import dev.supadokploy.cli.deploy.DeployCommand;
import dev.supadokploy.cli.instances.InstancesCommand;
import dev.supadokploy.cli.keys.KeysCommand;
import dev.supadokploy.cli.mcp.McpCommand;
import dev.supadokploy.cli.backup.BackupCommand;
import dev.supadokploy.cli.migrate.MigrateCommand;
import dev.supadokploy.cli.monitor.MonitorCommand;
import dev.supadokploy.cli.validate.ValidateCommand;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the command tree and runs one invocation. Failures become one line on stderr (the stack trace
 * only with --verbose) and an exit code per error family; usage errors exit 2.
 */
public final class Cli {
    /** Command groups, each listed only once it has working operations. */
    static final List<Object> GROUPS = List.of(new DeployCommand(), new DbCommand(), new ValidateCommand(), new KeysCommand(), new MonitorCommand(), new InstancesCommand(), new MigrateCommand(),
            new BackupCommand(), new McpCommand(), new CompletionCommand());

    private Cli() {}

    /** Root options that take a value: skipped when looking for the group the arguments name. */
    static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--output", "--config");

    /** The whole command tree (for docs, completion scripts and tests). */
    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, GROUPS, false);
    }

    private static CommandLine commandLine(CliEnvironment environment, List<Object> groups, boolean noColorFlag) {
        RootCommand root = new RootCommand(environment);
        CommandLine cl = new CommandLine(root);
        for (Object group : groups) {
            cl.addSubcommand(group);
        }
        // Help goes to stdout and usage errors to stderr: colour only when both are a terminal.
        boolean color = environment.stderrTerminal() && environment.stdout() == System.out && Terminals.isTerminal(1)
                && environment.env().get("NO_COLOR") == null && !noColorFlag;
        cl.setColorScheme(Help.defaultColorScheme(color ? Help.Ansi.ON : Help.Ansi.OFF));
        cl.setOut(new PrintWriter(environment.stdout(), true));
        cl.setErr(new PrintWriter(environment.stderr(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UncheckedIOException && environment.stdout().checkError()) {
                // stdout was closed by the reader (… | head): stop quietly, as a process killed by SIGPIPE does.
                return ErrorFamily.BROKEN_PIPE;
            }
            SupaException error = ex instanceof SupaException se ? se : SupaException.internal(ex);
            CliSession session = CliSession.of(commandLine.getCommandSpec());
            session.reportError(error);
            return error.exitCode();
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            CommandSpec spec = failed.getCommandSpec();
            PrintWriter err = new PrintWriter(environment.stderr(), true);
            err.println("error: " + ex.getMessage() + " [USAGE]");
            // "Did you mean: db connect?" for a mistyped command, the closest options for a mistyped option.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.print("Usage: " + failed.getHelp().abbreviatedSynopsis());
            err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
            return ErrorFamily.USAGE;
        });
        return cl;
    }

    public static int run(String[] args, CliEnvironment environment) {
        // Picocli hides the root's global flags until parse; apply --verbose logging before anything makes a logger (the
        // MCP tools are prepared on another thread from here on, and a logger's level is fixed when it is made).
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
                // The MCP SDK logs every received message whole at debug (an agent's password with it), and Reactor
                // the values it drops: their debug is never ours to print. OperationTool logs each call redacted instead.
                System.setProperty("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "info");
                System.setProperty("org.slf4j.simpleLogger.log.reactor", "info");
            }
        }
        Object group = namedGroup(args);
        if (group instanceof McpCommand mcp) {
            mcp.prepare(); // the tools are made on another thread while picocli parses
        }
        CommandLine cl = commandLine(environment, group == null ? GROUPS : List.of(group), List.of(args).contains("--no-color"));
        return cl.execute(args);
    }

    /**
     * The group the arguments name (the first word that is not an option or a root option's value), so that only its
     * commands are built: picocli reflects over every command it is given, and loads each operation's classes to do so,
     * which is most of the start time of `mcp` or `db connect`. Null (the whole tree) when no word names a group: root
     * help, and a mistyped group, whose suggestions need every name.
     */
    static Object namedGroup(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (ROOT_OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
            } else if (args[i].equals("--")) {
                return null;
            } else if (!args[i].startsWith("-")) {
                for (Object group : GROUPS) {
                    if (group.getClass().getAnnotation(CommandLine.Command.class).name().equals(args[i])) {
                        return group;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
