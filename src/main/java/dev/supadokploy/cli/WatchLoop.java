package dev.supadokploy.cli;

import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.util.Json;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * {@code --watch SECONDS [--count N]} for commands that take snapshots ({@code db connections},
 * {@code monitor health}): redraw when a person watches a terminal, otherwise append each snapshot
 * (JSON Lines with --output json) so a script reads them as they come. Ctrl-C stops it.
 */
public final class WatchLoop {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    /** What to do with each snapshot: how to render it as text, and the exit code it implies. */
    public interface View<R> {
        void renderText(R snapshot, TextOutput out, CliSession session);

        int exitCode(R snapshot);
    }

    private WatchLoop() {}

    /** Checks --watch/--count before anything is contacted; {@code example} is a sensible interval for messages. */
    public static void validate(Integer watch, Integer count, int example, CliSession session) {
        if (watch == null) {
            if (count != null) {
                throw SupaException.invalidInput(
                        "--count only makes sense with --watch",
                        "Add --watch SECONDS, e.g. --watch " + example + " --count 10.");
            }
            return;
        }
        if (watch < 1) {
            throw SupaException.invalidInput(
                    "--watch needs at least 1 second, not " + watch, "Use e.g. --watch " + example + ".");
        }
        if (count != null && count < 1) {
            throw SupaException.invalidInput("--count needs at least 1, not " + count, "Use e.g. --count 10.");
        }
        if (session.format() == OutputFormat.csv) {
            throw SupaException.invalidInput(
                    "--output csv is only available for row results (db sql)", "Use --output text or --output json.");
        }
    }

    /** Takes snapshots every {@code seconds} until Ctrl-C or {@code count} of them; returns the last one's exit code. */
    public static <R> int run(CliSession session, int seconds, Integer count, Supplier<R> snapshot, View<R> view) {
        PrintStream stdout = session.environment().stdout();
        boolean redraw = session.format() == OutputFormat.text
                && session.environment().stderrTerminal()
                && session.environment().stdinTerminal()
                && stdout == System.out
                && System.console() != null;
        int exit = ErrorFamily.OK;
        try (Cancellation.Registration interrupt = session.cancelOnInterrupt()) {
            for (int taken = 0; count == null || taken < count; taken++) {
                long started = System.nanoTime();
                R r = snapshot.get();
                exit = view.exitCode(r);
                if (session.format() == OutputFormat.json) {
                    stdout.println(Json.write(r));
                } else {
                    if (redraw) {
                        stdout.print(CLEAR_SCREEN);
                    } else if (taken > 0) {
                        stdout.println();
                    }
                    view.renderText(r, session.text(), session);
                    if (redraw) {
                        stdout.println();
                        stdout.println("Every " + seconds + "s; Ctrl-C to stop.");
                    }
                }
                stdout.flush();
                if (count != null && taken + 1 >= count) {
                    break;
                }
                long sleepMs = seconds * 1000L - (System.nanoTime() - started) / 1_000_000;
                if (sleepMs > 0) {
                    Thread.sleep(sleepMs);
                }
                session.cancellation().throwIfCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorFamily.INTERRUPTED;
        }
        return exit;
    }
}
