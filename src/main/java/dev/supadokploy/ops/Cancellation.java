package dev.supadokploy.ops;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation: set by Ctrl-C in the CLI and by notifications/cancelled in MCP. Work that
 * blocks outside the JVM (a query running on the server) registers a listener that stops it there.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            listeners.forEach(Cancellation::runQuietly);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new SupaException(
                    ErrorCode.INTERRUPTED, "Cancelled", "Nothing further was done; run the command again to resume.");
        }
    }

    /**
     * Runs {@code onCancel} when cancelled (at once if already so) until the returned registration is
     * closed. Use with try-with-resources around the blocking call.
     */
    public Registration onCancel(Runnable onCancel) {
        listeners.add(onCancel);
        if (cancelled.get()) {
            runQuietly(onCancel);
        }
        return () -> listeners.remove(onCancel);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // cancelling is best effort; the work being cancelled reports its own failure
        }
    }

    /** A listener registration; closing it removes the listener. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
