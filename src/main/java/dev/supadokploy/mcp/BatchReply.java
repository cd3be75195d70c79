package dev.supadokploy.mcp;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers to one JSON-RPC batch (MCP 2025-03-26 only): collected while its elements are handled, and
 * written as one array when the last is done. Each element reports {@link #done()} exactly once, answered or not
 * (a notification, a cancelled request); a batch of notifications only gets no answer at all (JSON-RPC 2.0, 6).
 */
final class BatchReply implements Reply {
    private final LineWriter output;
    private final List<Object> answers = new ArrayList<>(); // guarded by this
    private int pending; // guarded by this

    BatchReply(LineWriter output, int elements) {
        this.output = output;
        this.pending = elements;
    }

    @Override
    public synchronized void send(Object answer) {
        answers.add(answer);
    }

    /** One element is finished; after the last, the answers go out. */
    void done() {
        List<Object> all;
        synchronized (this) {
            if (--pending != 0 || answers.isEmpty()) {
                return;
            }
            all = List.copyOf(answers);
        }
        output.write(all);
    }
}
