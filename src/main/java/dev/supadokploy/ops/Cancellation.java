package dev.supadokploy.ops;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Cooperative cancellation: set by Ctrl-C in the CLI and by notifications/cancelled in MCP. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new SupaException(ErrorCode.INTERRUPTED, "Cancelled", "Nothing further was done; run the command again to resume.");
        }
    }
}
