package dev.supadokploy.cli;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.ConfigLoader;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.util.Background;
import dev.supadokploy.util.Json;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One CLI invocation: the global options, the environment, and the streams. Owns stdout (results only)
 * and stderr (warnings, errors), and builds the {@link OperationContext} operations run in.
 */
public final class CliSession {
    private final RootCommand root;
    private final CliEnvironment env;
    private final Cancellation cancellation = new Cancellation();
    private Config config;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    CliSession(RootCommand root) {
        this.root = root;
        this.env = root.environment;
    }

    public static CliSession of(CommandSpec spec) {
        return new CliSession((RootCommand) spec.root().userObject());
    }

    /** The whole command tree (completion scripts); this run built only the commands its arguments name. */
    public CommandLine wholeTree() {
        return root.wholeTree.get();
    }

    public OutputFormat format() {
        return root.output;
    }

    public boolean colorEnabled() {
        return !root.noColor && env.env().get("NO_COLOR") == null && env.stderrTerminal();
    }

    public boolean quiet() {
        return root.quiet;
    }

    public boolean verbose() {
        return root.verbose;
    }

    /** {@code --config}, or null when the file is found through SUPA_DOKPLOY_CONFIG or the default location. */
    public Path configPath() {
        return root.config;
    }

    public CliEnvironment environment() {
        return env;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * While open, Ctrl-C (SIGINT/SIGTERM) cancels this session's work before the JVM exits, so a query
     * running on the server is stopped there rather than left to finish on its own.
     */
    public Cancellation.Registration cancelOnInterrupt() {
        Thread hook = Background.thread("interrupt", cancellation::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        };
    }

    public Config config() {
        if (config == null) {
            config = ConfigLoader.load(root.config, env.env());
        }
        return config;
    }

    /** Once per message: an operation may warn as it runs and list the same warning again in its result. */
    public void warn(String message) {
        if (!root.quiet && warned.add(message)) {
            env.stderr().println("warning: " + message);
        }
    }

    public OperationContext context() {
        boolean interactive = env.stdinTerminal() && env.stderrTerminal();
        // One method reference for both: Java 17's class-data archive keeps one lambda class per identical reference
        // in a class, and the second would be generated at every start.
        Consumer<String> warnings = this::warn;
        SecretResolver secrets = new SecretResolver(env.env(), env::stdin, warnings);
        return new OperationContext(
                config(),
                env.env(),
                secrets,
                new Policy(true, root.yes, interactive),
                interactive ? new TerminalInteraction() : Interaction.NONE,
                Progress.NONE,
                cancellation,
                Clock.systemUTC(),
                warnings);
    }

    /** Standard output is the real process's terminal (not a pipe, a file or a test's buffer). */
    public boolean stdoutTerminal() {
        return env.stdout() == System.out && Terminals.isTerminal(1);
    }

    public TextOutput text() {
        boolean terminal = stdoutTerminal();
        return new TextOutput(env.stdout(), colorEnabled() && terminal, terminal ? Terminals.columns(1, env.env()) : 0);
    }

    /** Prints one JSON document on stdout. */
    public void printJson(Object value) {
        env.stdout().println(Json.writePretty(value));
        env.stdout().flush();
    }

    public void reportError(SupaException e) {
        if (root.output == OutputFormat.json) {
            printJson(new ErrorDocument(e.report()));
        }
        env.stderr()
                .println("error: " + e.getMessage() + " [" + e.code() + "]"
                        + (e.suggestion() == null ? "" : " — " + e.suggestion()));
        if (root.verbose) {
            e.printStackTrace(env.stderr());
        }
    }

    /** The JSON document printed on stdout for a failure with --output json. */
    public record ErrorDocument(dev.supadokploy.errors.ErrorReport error) {}

    /** Asks on the terminal: questions and prompts on stderr, answers from stdin. */
    private final class TerminalInteraction implements Interaction {
        @Override
        public Optional<Boolean> confirm(String question) {
            env.stderr().print(question + " [y/N] ");
            env.stderr().flush();
            try {
                String answer =
                        new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8)).readLine();
                return Optional.of(answer != null
                        && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes")));
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<char[]> readSecret(String prompt) {
            Console console = System.console();
            if (console != null) {
                return Optional.ofNullable(console.readPassword("%s", prompt));
            }
            // stdout is piped (… --output json | jq): Java has no Console then, but the person is still at the
            // terminal. Ask on /dev/tty with echo off, as psql does.
            return readFromTty(prompt);
        }

        private Optional<char[]> readFromTty(String prompt) {
            java.io.File tty = new java.io.File("/dev/tty");
            if (!tty.canRead()) {
                return Optional.empty();
            }
            env.stderr().print(prompt);
            env.stderr().flush();
            try {
                stty(tty, "-echo");
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(new java.io.FileInputStream(tty), StandardCharsets.UTF_8))) {
                    String line = in.readLine();
                    return Optional.ofNullable(line == null ? null : line.toCharArray());
                } finally {
                    stty(tty, "echo");
                    env.stderr().println();
                }
            } catch (java.io.IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private void stty(java.io.File tty, String mode) throws java.io.IOException, InterruptedException {
            new ProcessBuilder("stty", mode)
                    .redirectInput(tty)
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
        }
    }
}
