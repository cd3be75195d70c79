package dev.supadokploy.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's outside world, passed in so the whole CLI can run in-process in tests with its own
 * streams and environment.
 *
 * @param stdinTerminal  standard input is a terminal (a person can be asked)
 * @param stderrTerminal standard error is a terminal (colour and progress bars make sense)
 */
public record CliEnvironment(
        InputStream stdin,
        PrintStream stdout,
        PrintStream stderr,
        Map<String, String> env,
        boolean stdinTerminal,
        boolean stderrTerminal) {

    public static CliEnvironment forProcess() {
        return new CliEnvironment(
                System.in, System.out, System.err, System.getenv(), Terminals.isTerminal(0), Terminals.isTerminal(2));
    }
}
