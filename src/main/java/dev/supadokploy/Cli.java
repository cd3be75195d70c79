package dev.supadokploy;

import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OptionHelp;
import dev.supadokploy.cli.RootCommand;
import dev.supadokploy.cli.Terminals;
import dev.supadokploy.cli.backup.BackupCommand;
import dev.supadokploy.cli.completion.CompletionCommand;
import dev.supadokploy.cli.db.DbCommand;
import dev.supadokploy.cli.deploy.DeployCommand;
import dev.supadokploy.cli.instances.InstancesCommand;
import dev.supadokploy.cli.keys.KeysCommand;
import dev.supadokploy.cli.mcp.McpCommand;
import dev.supadokploy.cli.migrate.MigrateCommand;
import dev.supadokploy.cli.monitor.MonitorCommand;
import dev.supadokploy.cli.validate.ValidateCommand;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    static final List<Object> GROUPS = List.of(
            new DeployCommand(),
            new DbCommand(),
            new ValidateCommand(),
            new KeysCommand(),
            new MonitorCommand(),
            new InstancesCommand(),
            new MigrateCommand(),
            new BackupCommand(),
            new McpCommand(),
            new CompletionCommand());

    private Cli() {}

    /** Root options that take a value: skipped when looking for the commands the arguments name. */
    static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--output", "--config");

    /** The whole command tree (for docs, completion scripts and tests). */
    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, null, false);
    }

    /**
     * The command {@code type} as far as {@code path} (the commands the arguments name, outermost first) needs it: a
     * command on the path with its subcommands (in full when it has none, to parse its options), and every other
     * command as a stub: its name, aliases and description, which is all a parent's help and the "Did you mean" of a
     * mistyped name show. Picocli reflects over every command it is given (and loads its operation's classes doing
     * so), which was most of the start of `--help` when given the whole tree. {@code instance}: the group's, or null.
     */
    private static CommandLine built(Object instance, Class<?> type, List<Class<?>> path, int depth) {
        CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
        boolean named = depth < path.size() && path.get(depth) == type;
        if (named && command.subcommands().length == 0) {
            return instance != null ? new CommandLine(instance) : new CommandLine(type);
        }
        // A group (groups have no options of their own: CliFrameTest compares every help page with the whole tree's),
        // or a stub, which the path never runs.
        Object userObject = named
                ? (instance != null ? instance : instance(type))
                : (Runnable) () -> {
                    throw new IllegalStateException(
                            "command '" + command.name() + "' was not built for these arguments");
                };
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject);
        if (named) {
            spec.updateCommandAttributes(command, CommandLine.defaultFactory());
        } else {
            // What a parent's help and its suggestions show of a command: reading all forty attributes through the
            // annotation's proxy, in the interpreter, was a tenth of a usage error's time.
            spec.name(command.name());
            spec.usageMessage()
                    .header(command.header())
                    .description(command.description())
                    .hidden(command.hidden());
        }
        spec.aliases(command.aliases());
        CommandLine line = new CommandLine(spec);
        if (named) {
            for (Class<?> sub : command.subcommands()) {
                CommandLine built = built(null, sub, path, depth + 1);
                line.addSubcommand(built.getCommandName(), built);
            }
        }
        return line;
    }

    private static Object instance(Class<?> type) {
        try {
            return CommandLine.defaultFactory().create(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make command " + type.getName(), e);
        }
    }

    private static CommandLine commandLine(CliEnvironment environment, List<Class<?>> path, boolean noColorFlag) {
        RootCommand root = new RootCommand(environment, () -> commandLine(environment));
        CommandLine cl = new CommandLine(root);
        for (Object group : GROUPS) {
            if (path == null) {
                cl.addSubcommand(group);
            } else {
                CommandLine built = built(group, group.getClass(), path, 0);
                cl.addSubcommand(built.getCommandName(), built);
            }
        }
        OptionHelp.apply(cl);
        // Help goes to stdout and usage errors to stderr: colour only when both are a terminal.
        boolean color = environment.stderrTerminal()
                && environment.stdout() == System.out
                && Terminals.isTerminal(1)
                && environment.env().get("NO_COLOR") == null
                && !noColorFlag;
        cl.setColorScheme(Help.defaultColorScheme(color ? Help.Ansi.ON : Help.Ansi.OFF));
        cl.setOut(new PrintWriter(environment.stdout(), true));
        cl.setErr(new PrintWriter(environment.stderr(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ExecutionErrors(environment));
        cl.setParameterExceptionHandler(new UsageErrors(environment));
        return cl;
    }

    /*
     * The two handlers are classes rather than lambdas for the class-data archive (install.sh): making a lambda of a
     * picocli interface links it while the archive is written, and Java 17 then leaves that interface (picocli's are
     * Java 5 class files) and the lambda out, which cost every usage error and failing command their generation.
     */

    /** A failing command: one line on stderr (the stack trace with --verbose) and its error family's exit code. */
    private record ExecutionErrors(CliEnvironment environment) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            if (ex instanceof UncheckedIOException && environment.stdout().checkError()) {
                // stdout was closed by the reader (… | head): stop quietly, as a process killed by SIGPIPE does.
                return ErrorFamily.BROKEN_PIPE;
            }
            SupaException error = ex instanceof SupaException se ? se : SupaException.internal(ex);
            CliSession session = CliSession.of(commandLine.getCommandSpec());
            session.reportError(error);
            return error.exitCode();
        }
    }

    /** A usage error: the message, the closest names for a mistyped one, the synopsis; exit 2. */
    private record UsageErrors(CliEnvironment environment) implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine failed = ex.getCommandLine();
            CommandSpec spec = failed.getCommandSpec();
            PrintWriter err = new PrintWriter(environment.stderr(), true);
            err.println("error: " + ex.getMessage() + " [USAGE]");
            // "Did you mean: db connect?" for a mistyped command, the closest options for a mistyped option.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.print("Usage: " + failed.getHelp().abbreviatedSynopsis());
            err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
            return ErrorFamily.USAGE;
        }
    }

    public static int run(String[] args, CliEnvironment environment) {
        // Picocli hides the root's global flags until parse; apply --verbose logging before anything makes a logger
        // (the
        // MCP tools are prepared on another thread from here on, and a logger's level is fixed when it is made).
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
                // The MCP SDK logs every received message whole at debug (an agent's password with it), and Reactor
                // the values it drops: their debug is never ours to print. OperationTool logs each call redacted
                // instead.
                System.setProperty("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "info");
                System.setProperty("org.slf4j.simpleLogger.log.reactor", "info");
            }
        }
        List<Class<?>> path = namedPath(args);
        for (Object group : GROUPS) {
            if (group instanceof McpCommand mcp && path.contains(McpCommand.class)) {
                mcp.prepare(); // the tools are made on another thread while picocli parses
            }
        }
        CommandLine cl = commandLine(environment, path, List.of(args).contains("--no-color"));
        return cl.execute(args);
    }

    /**
     * The commands the arguments name, outermost first: the first word that is not an option (nor a root option's
     * value) when it names a group, then each following word that names a subcommand of the one before. Groups have no
     * options of their own, so only the root's options (inherited) can stand between them. Empty for root help and a
     * mistyped group (whose suggestions need every name); a mistyped subcommand ends the path at its group.
     */
    static List<Class<?>> namedPath(String[] args) {
        List<Class<?>> path = new ArrayList<>();
        List<Class<?>> candidates =
                GROUPS.stream().<Class<?>>map(Object::getClass).toList();
        for (int i = 0; i < args.length && !candidates.isEmpty(); i++) {
            if (ROOT_OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
            } else if (args[i].equals("--")) {
                break;
            } else if (!args[i].startsWith("-")) {
                Class<?> match = named(candidates, args[i]);
                if (match == null) {
                    break;
                }
                path.add(match);
                candidates =
                        List.of(match.getAnnotation(CommandLine.Command.class).subcommands());
            }
        }
        return path;
    }

    private static Class<?> named(List<Class<?>> commands, String word) {
        for (Class<?> command : commands) {
            CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
            if (annotation.name().equals(word) || List.of(annotation.aliases()).contains(word)) {
                return command;
            }
        }
        return null;
    }
}
