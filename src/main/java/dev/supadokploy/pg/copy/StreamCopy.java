package dev.supadokploy.pg.copy;

import dev.supadokploy.pg.PgConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Streams one COPY from a source connection into a COPY on a target connection. A reader thread drains the source
 * into chunks of about {@value #CHUNK_BYTES} bytes while this thread writes them to the target, so both servers work
 * at once; at most {@value #QUEUED_CHUNKS} chunks wait between them, so memory stays flat whatever the table's size
 * (a single row larger than a chunk travels alone).
 */
public final class StreamCopy {
    static final int CHUNK_BYTES = 256 * 1024;
    static final int QUEUED_CHUNKS = 8;

    /** Which side of the copy failed: decides the message and what to check. */
    public enum Side {
        source,
        target
    }

    /** A copy failed on one side; the other side was stopped. */
    public static final class Failure extends Exception {
        private final Side side;

        Failure(Side side, SQLException cause) {
            super(cause.getMessage(), cause);
            this.side = side;
        }

        public Side side() {
            return side;
        }

        public SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    /** Told how much went through, chunk by chunk (rows are counted by COPY messages, one per row). */
    public interface Listener {
        void copied(long bytes, long rows);
    }

    /** Rows as the target's COPY counted them, and bytes streamed. */
    public record Outcome(long rows, long bytes) {}

    private record Chunk(byte[] data, int length, long rows, SQLException failure) {
        static final Chunk END = new Chunk(new byte[0], 0, 0, null);
    }

    private StreamCopy() {}

    /**
     * @param copyOut  {@code COPY (…) TO STDOUT …} run on {@code source}
     * @param copyIn   {@code COPY … FROM STDIN …} run on {@code target}, in the same format
     * @param readers  where the reader runs (one task per copy)
     */
    public static Outcome run(
            Connection source, String copyOut, Connection target, String copyIn, Listener listener, Executor readers)
            throws Failure {
        CopyOut out;
        CopyIn in;
        try {
            out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
        } catch (SQLException e) {
            throw new Failure(Side.source, e);
        }
        try {
            in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
        } catch (SQLException e) {
            PgConnector.cancelRunningQuery(source);
            drain(out);
            throw new Failure(Side.target, e);
        }
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> read(out, queue), readers);
        long bytes = 0;
        try {
            while (true) {
                Chunk chunk = take(queue);
                if (chunk.failure() != null) {
                    cancel(in);
                    throw new Failure(Side.source, chunk.failure());
                }
                if (chunk == Chunk.END) {
                    break;
                }
                in.writeToCopy(chunk.data(), 0, chunk.length());
                bytes += chunk.length();
                listener.copied(chunk.length(), chunk.rows());
            }
            return new Outcome(in.endCopy(), bytes);
        } catch (SQLException e) {
            // The target refused (constraint, disk full, lost connection): stop the source's COPY where it runs, and
            // let the reader end on the error that follows.
            PgConnector.cancelRunningQuery(source);
            while (!reader.isDone()) {
                poll(queue); // keep room so the reader can reach the error and end
            }
            throw new Failure(Side.target, e);
        } finally {
            queue.clear();
        }
    }

    private static void read(CopyOut out, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[CHUNK_BYTES];
        int length = 0;
        long rows = 0;
        try {
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                if (length + row.length > buffer.length && length > 0) {
                    put(queue, new Chunk(buffer, length, rows, null));
                    buffer = new byte[Math.max(CHUNK_BYTES, row.length)];
                    length = 0;
                    rows = 0;
                } else if (row.length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, row.length);
                }
                System.arraycopy(row, 0, buffer, length, row.length);
                length += row.length;
                rows++;
            }
            if (length > 0) {
                put(queue, new Chunk(buffer, length, rows, null));
            }
            put(queue, Chunk.END);
        } catch (SQLException e) {
            put(queue, new Chunk(null, 0, 0, e));
        }
    }

    /** Waits for room, but gives up once the writer has gone (it clears the queue and never takes again). */
    private static void put(BlockingQueue<Chunk> queue, Chunk chunk) {
        try {
            for (int waited = 0; !queue.offer(chunk, 100, TimeUnit.MILLISECONDS); waited += 100) {
                if (waited > 600_000) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Chunk take(BlockingQueue<Chunk> queue) throws SQLException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", "57014", e);
        }
    }

    private static void poll(BlockingQueue<Chunk> queue) {
        try {
            queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cancel(CopyIn in) {
        try {
            in.cancelCopy();
        } catch (SQLException ignored) {
            // the target's transaction is rolled back by the caller either way
        }
    }

    private static void drain(CopyOut out) {
        try {
            while (out.readFromCopy() != null) {
                // discard what the source still sends before it notices the cancel
            }
        } catch (SQLException ignored) {
            // expected: the COPY was cancelled
        }
    }
}
