package dev.supadokploy.mcp;

import dev.supadokploy.ops.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an operation's progress as notifications/progress for the client's progress token (under either revision). MCP requires
 * the progress value to rise with every notification, while an operation counts each step from zero; so
 * the values of finished steps are carried forward and a report that would not rise is skipped.
 */
final class ProgressNotifier implements Progress {
    private static final Logger log = LoggerFactory.getLogger(ProgressNotifier.class);

    private final OperationTool.Notifier notifier;
    private double offset;
    private double last = -1;

    ProgressNotifier(OperationTool.Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public synchronized void report(String step, long done, long total) {
        double value = offset + done;
        if (value < last) {
            offset = last; // a new step started counting again
            value = offset + done;
        }
        if (value <= last) {
            return;
        }
        last = value;
        Double of = total < 0 ? null : offset + total;
        try {
            notifier.progress(value, of, step);
        } catch (RuntimeException e) {
            // Progress is a courtesy: a client that stopped listening must not fail the operation.
            log.debug("Could not send progress: {}", e.getMessage());
        }
    }
}
