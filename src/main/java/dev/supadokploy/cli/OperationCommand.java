package dev.supadokploy.cli;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Operation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: build the operation's input from the options, run it, print the result
 * (JSON document or text). Failures propagate as {@link SupaException} to {@code dev.supadokploy.Cli}'s handler, which
 * prints one line on stderr and picks the exit code.
 *
 * <p>An option that sets an input record component and declares no {@code description} shows the component's
 * {@code @Doc} in help ({@link OptionHelp}); give it text of its own only where the CLI differs (--yes, --no-…, files).
 */
public abstract class OperationCommand<I extends Record, R extends Record> implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected abstract Operation<I, R> operation();

    protected abstract I input(CliSession session);

    protected abstract void renderText(R result, TextOutput out, CliSession session);

    @Override
    public Integer call() {
        CliSession session = CliSession.of(spec);
        I input = input(session);
        R result;
        try (Cancellation.Registration interrupt = session.cancelOnInterrupt()) {
            result = execute(input, session);
        }
        render(result, session);
        return exitCode(result);
    }

    /** Runs the operation; a command whose output streams (CSV exports) overrides this. */
    protected R execute(I input, CliSession session) {
        return operation().run(input, session.context());
    }

    /** Runs the operation with its progress shown (a bar on a terminal, a line per step otherwise), ending full. */
    protected final R executeWithProgress(I input, CliSession session, String task) {
        try (ProgressDisplay progress = ProgressDisplay.of(session, task)) {
            R result = operation().run(input, session.context().withProgress(progress));
            progress.complete();
            return result;
        }
    }

    protected void render(R result, CliSession session) {
        if (session.format() == OutputFormat.json) {
            session.printJson(result);
        } else if (session.format() == OutputFormat.csv) {
            throw SupaException.invalidInput(
                    "--output csv is only available for row results (db sql)", "Use --output text or --output json.");
        } else {
            renderText(result, session.text(), session);
        }
    }

    /** A result can still fail the command (e.g. a health check that found problems). */
    protected int exitCode(R result) {
        return 0;
    }
}
