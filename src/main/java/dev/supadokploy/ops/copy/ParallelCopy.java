package dev.supadokploy.ops.copy;

import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.ops.connection.TwoDatabases;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgConnector;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.copy.StreamCopy;
import dev.supadokploy.util.Background;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Loads parts with {@code jobs} workers, each with its own source connection (read-only, on the shared snapshot) and
 * target connection. A part is copied, checksummed on both servers at once, recorded in the checkpoint and committed
 * in one target transaction. The first failure stops everything: parts in flight are cancelled where they run and
 * rolled back, finished ones stay (a resume skips them).
 *
 * <p>Without {@code session_replication_role} on the target, foreign keys are checked as rows arrive, so a table
 * starts only when the tables its foreign keys point at are loaded; with it, every part may run at once.
 */
public final class ParallelCopy {
    /** How the workers run. */
    public record Settings(int jobs, String snapshot, boolean replicaRole, boolean verify) {}

    /** The first failure, with the part it hit and which side refused. */
    public static final class PartFailure extends Exception {
        public final CopyPart part;
        public final StreamCopy.Side side;

        PartFailure(CopyPart part, StreamCopy.Side side, Throwable cause) {
            super(cause.getMessage(), cause);
            this.part = part;
            this.side = side;
        }
    }

    /** What a run achieved before it stopped: loaded parts, and the failure that stopped it (null when none). */
    public record Outcome(List<CopyPart.Loaded> loaded, Throwable failure, boolean cycle) {}

    private final ConnectionTarget source;
    private final ConnectionTarget target;
    private final Settings settings;
    private final Checkpoint checkpoint;
    private final CopyProgress progress;
    private final Consumer<CopyPart.Loaded> onLoaded;
    private final Deque<CopyPart> pending;
    private final Map<QualifiedName, Integer> unfinished = new HashMap<>();
    private final List<CopyPart.Loaded> loaded = new ArrayList<>();
    private final Set<Connection> live = new CopyOnWriteArraySet<>();
    private final ExecutorService readers = Background.cached("copy-reader");
    private int running;
    private boolean cycle;
    private Throwable failure;

    public ParallelCopy(
            ConnectionTarget source,
            ConnectionTarget target,
            Settings settings,
            Checkpoint checkpoint,
            CopyProgress progress,
            List<CopyPart> parts,
            Consumer<CopyPart.Loaded> onLoaded) {
        this.source = source;
        this.target = target;
        this.settings = settings;
        this.checkpoint = checkpoint;
        this.progress = progress;
        this.onLoaded = onLoaded;
        this.pending = new ArrayDeque<>(parts);
        parts.forEach(p -> unfinished.merge(p.table().name(), 1, Integer::sum));
    }

    public Outcome run(Cancellation cancellation) {
        int workers = Math.max(1, Math.min(settings.jobs(), pending.size()));
        List<Thread> threads = new ArrayList<>();
        ThreadFactory copiers = Background.threads("copy");
        try (Cancellation.Registration stop =
                cancellation.onCancel(() -> fail(new InterruptedException("cancelled")))) {
            for (int i = 0; i < workers; i++) {
                Thread t = copiers.newThread(this::work);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
        } finally {
            readers.shutdownNow();
        }
        synchronized (this) {
            return new Outcome(List.copyOf(loaded), failure, cycle);
        }
    }

    private void work() {
        Connection src = null;
        Connection check = null;
        Connection tgt = null;
        try {
            src = open(source, settings.snapshot(), true);
            tgt = open(target, null, false);
            // With a shared snapshot, the source's checksum runs on a second connection while the copy streams, so it
            // costs the source's spare time rather than the run's; without one it must follow on the copy's snapshot.
            check = settings.verify() && settings.snapshot() != null ? open(source, settings.snapshot(), true) : src;
            CopyPart part;
            while ((part = next()) != null) {
                CopyPart.Loaded done = load(part, src, check, tgt);
                synchronized (this) {
                    loaded.add(done);
                    running--;
                    unfinished.merge(part.table().name(), -1, Integer::sum);
                    notifyAll();
                }
                onLoaded.accept(done);
            }
        } catch (PartFailure | SQLException | RuntimeException e) {
            fail(e);
        } finally {
            for (Connection c : new Connection[] {src, check, tgt}) {
                if (c != null) {
                    live.remove(c);
                    TwoDatabases.closeQuietly(c);
                }
            }
        }
    }

    /** A worker's connection: registered for cancelling, sessions set alike; source ones read-only on the snapshot. */
    private Connection open(ConnectionTarget where, String snapshot, boolean source) throws SQLException {
        Connection c = PgConnector.open(where, ConnectionResolver.CONNECT_TIMEOUT);
        live.add(c);
        CopySessions.prepare(c);
        if (source) {
            CopySessions.beginSnapshot(c, snapshot);
        } else {
            c.setAutoCommit(false);
        }
        return c;
    }

    /** The next part whose referenced tables are loaded (any part with replica role), or null when done or stopped. */
    private synchronized CopyPart next() {
        while (failure == null && !pending.isEmpty()) {
            for (Iterator<CopyPart> it = pending.iterator(); it.hasNext(); ) {
                CopyPart p = it.next();
                if (settings.replicaRole()
                        || p.table().references().stream().allMatch(r -> unfinished.getOrDefault(r, 0) == 0)) {
                    it.remove();
                    running++;
                    return p;
                }
            }
            if (running == 0) {
                // Foreign keys form a cycle among the remaining tables: load one anyway; rows that point at rows not
                // loaded yet fail, and the error says which.
                cycle = true;
                running++;
                return pending.poll();
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private CopyPart.Loaded load(CopyPart part, Connection src, Connection check, Connection tgt) throws PartFailure {
        long start = System.nanoTime();
        TablePlan table = part.table();
        try {
            try (Statement s = tgt.createStatement()) {
                // Losing an unflushed commit in a crash loses its checkpoint row with it: the part is simply copied
                // again.
                s.execute("SET LOCAL synchronous_commit = off");
                if (settings.replicaRole()) {
                    s.execute("SET LOCAL session_replication_role = replica");
                }
            }
            CompletableFuture<RowChecksum> sourceSide =
                    !settings.verify() ? null : check == src ? null : sourceChecksum(part, check);
            StreamCopy.Outcome copied =
                    StreamCopy.run(src, table.copyOut(part.range()), tgt, table.copyIn(), progress, readers);
            RowChecksum sourceSum = null;
            RowChecksum targetSum = null;
            if (settings.verify()) {
                if (sourceSide == null) {
                    sourceSide = sourceChecksum(part, check);
                }
                try {
                    targetSum = RowChecksum.compute(tgt, table.targetChecksum(part.range(), true));
                } finally {
                    sourceSum = joinSource(sourceSide);
                }
            }
            checkpoint.record(tgt, part.id(), copied.rows(), targetSum == null ? null : targetSum.hex());
            tgt.commit();
            return new CopyPart.Loaded(
                    part,
                    copied.rows(),
                    copied.bytes(),
                    sourceSum,
                    targetSum,
                    (System.nanoTime() - start) / 1e9,
                    false);
        } catch (StreamCopy.Failure f) {
            rollbackQuietly(tgt);
            throw new PartFailure(part, f.side(), f.sqlException());
        } catch (SQLException e) {
            rollbackQuietly(tgt);
            throw new PartFailure(part, StreamCopy.Side.target, e);
        } catch (PartFailure e) {
            rollbackQuietly(tgt);
            throw e;
        }
    }

    private CompletableFuture<RowChecksum> sourceChecksum(CopyPart part, Connection check) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return RowChecksum.compute(check, part.table().sourceChecksum(part.range()));
                    } catch (SQLException e) {
                        throw new CompletionException(new PartFailure(part, StreamCopy.Side.source, e));
                    }
                },
                readers);
    }

    private static RowChecksum joinSource(CompletableFuture<RowChecksum> future) throws PartFailure {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PartFailure p) {
                throw p;
            }
            throw e;
        }
    }

    /** The first failure wins; work in flight elsewhere is cancelled on its server and rolls back. */
    private void fail(Throwable e) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
            notifyAll();
        }
        live.forEach(PgConnector::cancelRunningQuery);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the server rolled the transaction back itself
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
