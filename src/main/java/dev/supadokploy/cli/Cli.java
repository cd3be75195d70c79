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

    public static CommandLine commandLine(CliEnvironment environment) {
        RootCommand root = new RootCommand(environment);
        CommandLine cl = new CommandLine(root);
        for (Object group : GROUPS) {
            cl.addSubcommand(group);
        }
        boolean color = environment.stderrTerminal() && environment.env().get("NO_COLOR") == null;
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
        CommandLine cl = commandLine(environment);
        // Picocli hides the root's global flags until parse; apply --verbose logging as early as possible.
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
        }
        return cl.execute(args);
    }
}
