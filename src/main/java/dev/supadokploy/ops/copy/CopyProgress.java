package dev.supadokploy.ops.copy;

import dev.supadokploy.ops.Progress;
import dev.supadokploy.pg.copy.StreamCopy;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a data migration, in bytes streamed against the source tables' size on disk (an estimate: COPY's form
 * of a row is not its size on disk, so the total grows when the copy outruns it). Workers report chunk by chunk;
 * at most five reports a second go out, each with rows, bytes, rate and ETA.
 */
public final class CopyProgress implements StreamCopy.Listener {
    private static final long REPORT_EVERY_NANOS = 200_000_000L;

    private final Progress progress;
    private final int tables;
    private final long started = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();
    private volatile long total;
    private volatile int tablesDone;

    public CopyProgress(Progress progress, long estimatedBytes, int tables) {
        this.progress = progress;
        this.total = Math.max(1, estimatedBytes);
        this.tables = tables;
    }

    @Override
    public void copied(long chunkBytes, long chunkRows) {
        long done = bytes.addAndGet(chunkBytes);
        rows.addAndGet(chunkRows);
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            report(done);
        }
    }

    /** A part of a table split in key ranges: a line of its own, the table still counts as in progress. */
    public void partDone(String line) {
        progress.milestone(line);
    }

    public void tableDone(String line) {
        synchronized (this) {
            tablesDone++;
        }
        progress.milestone(line);
        report(bytes.get());
    }

    private void report(long done) {
        if (done > total) {
            total = done + done / 10;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        String eta = rate <= 0 ? "?" : DataText.seconds((total - done) / rate);
        progress.report(
                String.format(
                        Locale.ROOT,
                        "%d of %d tables, %,d rows, %s, %s/s, ETA %s",
                        tablesDone,
                        tables,
                        rows.get(),
                        DataText.bytes(done),
                        DataText.bytes((long) rate),
                        eta),
                done,
                total);
    }
}
