package dev.supadokploy.ops;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Everything an operation may use besides its input: configuration, secrets, the caller's policy,
 * progress, cancellation, a clock, a way to ask a person, and a sink for warnings (stderr in the CLI,
 * logged in MCP). The environment is passed in, never read from System.getenv, so tests control it.
 */
public record OperationContext(
        Config config,
        Map<String, String> env,
        SecretResolver secrets,
        Policy policy,
        Interaction interaction,
        Progress progress,
        Cancellation cancellation,
        Clock clock,
        Consumer<String> warnings) {

    /**
     * Gate for a destructive step: proceeds with --yes (or the MCP confirm argument), asks on a terminal,
     * refuses otherwise.
     */
    public void confirm(String question) {
        if (policy.assumeYes()) {
            return;
        }
        Boolean answer = interaction
                .confirm(question)
                .orElseThrow(() -> new SupaException(
                        ErrorCode.VALIDATION_CONFIRMATION_REQUIRED,
                        "Confirmation required: " + question,
                        "Review the plan with --dry-run, then pass --yes (MCP: \"confirm\": true) to proceed."));
        if (!answer) {
            throw new SupaException(
                    ErrorCode.VALIDATION_CONFIRMATION_REQUIRED,
                    "Not confirmed: " + question,
                    "Nothing was changed. Run again and answer yes, or pass --yes.");
        }
    }

    /**
     * Gate for writing files on the machine this runs on. An agent naming a path on the MCP server would be
     * changing the server's state, like a SQL write, so it takes the same opt-in: the server's --allow-writes.
     */
    public void requireFileWritesAllowed(String what) {
        requireWrites(
                "Writing files from an agent is off (" + what + ")",
                "Run it without writing (the result shows what would change), or restart the server with supa-dokploy mcp --allow-writes.");
    }

    /** Gate for an operation that writes to a database (not through SQL the caller wrote): the same opt-in. */
    public void requireDatabaseWritesAllowed(String what) {
        requireWrites(
                "Writing to a database from an agent is off (" + what + ")",
                "Restart the server with supa-dokploy mcp --allow-writes to let agents change databases.");
    }

    private void requireWrites(String refusal, String suggestion) {
        if (!policy.allowWrites()) {
            throw SupaException.invalidInput(
                    refusal + ": the MCP server was started without --allow-writes", suggestion);
        }
    }

    /** The same context reporting progress somewhere else (a CLI progress bar, MCP notifications). */
    public OperationContext withProgress(Progress to) {
        return new OperationContext(config, env, secrets, policy, interaction, to, cancellation, clock, warnings);
    }

    /**
     * Waits {@code duration} between polls, ending at once on a cancel (the caller then checks
     * {@link Cancellation#throwIfCancelled()}). The wait goes through the clock ({@link Sleeper#of}), so a test's
     * clock moves its time on instead of sleeping.
     */
    public void pause(Duration duration) throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Cancellation.Registration ignored = cancellation.onCancel(cancelled::countDown)) {
            Sleeper.of(clock).sleep(duration, cancelled);
        }
    }

    public void warn(String message) {
        warnings.accept(message);
    }
}
