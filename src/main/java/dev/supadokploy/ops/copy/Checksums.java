package dev.supadokploy.ops.copy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.util.Background;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The source's checksum of each table, computed on a second connection in the backup's exported snapshot while the
 * first streams the rows, so a backup reads each table twice at once rather than one after the other. Where the
 * snapshot cannot be shared (a pooler in transaction mode, a standby), on the backup's own connection afterwards.
 */
public final class Checksums implements AutoCloseable {
    private final Connection main;
    private final Connection second;
    private final ExecutorService pool;

    private Checksums(Connection main, Connection second) {
        this.main = main;
        this.second = second;
        this.pool = second == null ? null : Background.single("backup-checksum");
    }

    /** Opens {@code main}'s REPEATABLE READ transaction and, when its snapshot can be shared, a second connection on it. */
    public static Checksums open(Connection main, ConnectionTarget target, OperationContext ctx) throws SQLException {
        String snapshot = CopySessions.beginExported(main);
        if (snapshot == null) {
            return new Checksums(main, null);
        }
        Connection second = null;
        try {
            second = ConnectionResolver.open(target, ctx);
            CopySessions.prepare(second);
            CopySessions.beginSnapshot(second, snapshot);
            return new Checksums(main, second);
        } catch (SupaException | SQLException e) {
            if (second != null) {
                second.close();
            }
            return new Checksums(main, null);
        }
    }

    /** Starts the checksum query; the supplier waits for its answer. */
    public Supplier<RowChecksum> start(String query) {
        if (second == null) {
            return () -> compute(main, query);
        }
        Future<RowChecksum> f = pool.submit(() -> compute(second, query));
        return () -> {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SupaException(
                        ErrorCode.INTERRUPTED, "Interrupted while checksumming", "Run the backup again.");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        };
    }

    private static RowChecksum compute(Connection conn, String query) {
        try {
            return RowChecksum.compute(conn, query);
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "The checksum query failed: " + PgErrors.firstLine(e.getMessage()),
                    "Check the server and run again; no backup file was left behind.",
                    e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (second != null) {
            try {
                second.close();
            } catch (SQLException ignored) {
                // read-only: nothing to keep
            }
        }
    }
}
