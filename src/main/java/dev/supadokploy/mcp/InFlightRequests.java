package dev.supadokploy.mcp;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Every inbound message the session is still working on, so that the end of stdin can wait until each
 * request has been answered, notifications/cancelled can reach the right operation, and each answer goes
 * where its request came from (a line of its own, or its batch).
 */
final class InFlightRequests {
    private final Map<Long, RequestScope> open = new HashMap<>();
    private final Map<Long, Reply> replies = new HashMap<>();
    private long next;

    /** Registers a message; {@code requestId} is null for notifications and responses. */
    synchronized Ticket open(Object requestId, Reply reply) {
        long key = next++;
        RequestScope scope = new RequestScope(requestId);
        open.put(key, scope);
        replies.put(key, reply);
        return new Ticket(key, scope);
    }

    synchronized void close(Ticket ticket) {
        open.remove(ticket.key());
        replies.remove(ticket.key());
        notifyAll();
    }

    /** Cancels the request with this id, if it is still running; false when there is none. */
    synchronized boolean cancel(Object requestId) {
        boolean found = false;
        for (RequestScope scope : open.values()) {
            if (scope.requestId() != null && sameId(scope.requestId(), requestId)) {
                scope.cancellation().cancel();
                found = true;
            }
        }
        return found;
    }

    synchronized void cancelAll() {
        open.values().forEach(scope -> scope.cancellation().cancel());
    }

    /**
     * Where the answer to the running request with this id goes ({@code fallback} when none is running), or null
     * when it was cancelled: its answer is then left out (MCP cancellation).
     */
    synchronized Reply replyTo(Object requestId, Reply fallback) {
        Reply found = fallback;
        for (Map.Entry<Long, RequestScope> entry : open.entrySet()) {
            RequestScope scope = entry.getValue();
            if (scope.requestId() != null && sameId(scope.requestId(), requestId)) {
                if (scope.cancellation().isCancelled()) {
                    return null;
                }
                found = replies.get(entry.getKey());
            }
        }
        return found;
    }

    synchronized int size() {
        return open.size();
    }

    /** Waits until nothing is in flight; false when {@code timeout} passed first. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** JSON-RPC ids are strings or numbers; 7 and 7L are the same id, "7" is not. */
    static boolean sameId(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue();
        }
        return a != null && a.equals(b);
    }

    record Ticket(long key, RequestScope scope) {}
}
