package dev.supadokploy.cli;

import dev.supadokploy.ops.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a long operation's progress shows on the CLI: a bar on stderr when stderr is a terminal and the output is text
 * (progressbar writes carriage returns and escape codes, which only a terminal should get), else one line per
 * milestone on stderr, and nothing with --quiet. Progress counts bytes.
 */
public final class ProgressDisplay implements Progress, AutoCloseable {
    static final int MESSAGE_WIDTH = 32;
    private final String task;
    private final PrintStream err;
    private final boolean bar;
    private final boolean lines;
    private final boolean color;
    private ProgressBar progressBar;

    private ProgressDisplay(String task, PrintStream err, boolean bar, boolean lines, boolean color) {
        this.task = task;
        this.err = err;
        this.bar = bar;
        this.lines = lines;
        this.color = color;
    }

    public static ProgressDisplay of(CliSession session, String task) {
        boolean shown = !session.quiet();
        boolean bar = shown
                && session.format() == OutputFormat.text
                && session.environment().stderrTerminal();
        return new ProgressDisplay(task, session.environment().stderr(), bar, shown && !bar, session.colorEnabled());
    }

    @Override
    public synchronized void report(String step, long done, long total) {
        if (!bar) {
            return;
        }
        if (progressBar == null) {
            progressBar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(Math.max(1, total))
                    .setStyle(color ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setUnit(" MB", 1 << 20)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .clearDisplayOnFinish()
                    .build();
        }
        if (total > 0) {
            progressBar.maxHint(total);
        }
        progressBar.stepTo(Math.max(0, done));
        progressBar.setExtraMessage(shorten(step));
    }

    /**
     * The step's first clauses, up to {@value #MESSAGE_WIDTH} characters: the bar draws its own size, rate and ETA, and a
     * long message would squeeze the bar to nothing on an 80-column terminal.
     */
    static String shorten(String step) {
        if (step.length() <= MESSAGE_WIDTH) {
            return step;
        }
        int cut = step.lastIndexOf(", ", MESSAGE_WIDTH);
        return cut > 0 ? step.substring(0, cut) : step.substring(0, MESSAGE_WIDTH - 1) + "…";
    }

    /** The work finished: the bar ends full, whatever the estimate of the total was. */
    public synchronized void complete() {
        if (progressBar != null) {
            progressBar.maxHint(Math.max(1, progressBar.getCurrent()));
            progressBar.stepTo(progressBar.getMax());
        }
    }

    @Override
    public void milestone(String line) {
        if (lines) {
            synchronized (this) {
                err.println(line);
                err.flush();
            }
        }
    }

    /** Erases the bar (the result that prints next says how it went), leaving the cursor at the start of its line. */
    @Override
    public synchronized void close() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
        }
    }
}
