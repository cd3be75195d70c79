package dev.supadokploy.ops.deploy;

import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of one setup run as they happen: each step's outcome, how long it took and what it found or did, and a
 * progress report per step. A failure's details carry the log so far, so a half-done run is never unreported.
 */
final class StepLog {
    static final String CREATED = "created";
    static final String FOUND = "found";
    static final String UPDATED = "updated";
    static final String UNCHANGED = "unchanged";
    static final String SKIPPED = "skipped";
    static final String DONE = "done";
    static final String FAILED = "failed";
    /** Dry run: what the step would do. */
    static final String WOULD_CREATE = "would create";

    static final String WOULD_UPDATE = "would update";
    static final String WOULD_DEPLOY = "would deploy";

    static final int TOTAL = 9;

    private final OperationContext ctx;
    private final List<Step> steps = new ArrayList<>();
    private String current;
    private Instant started;

    StepLog(OperationContext ctx) {
        this.ctx = ctx;
    }

    /** Starts a step: reports progress and the clock starts. */
    void begin(String name) {
        ctx.cancellation().throwIfCancelled();
        current = name;
        started = ctx.clock().instant();
        ctx.progress().report(name, steps.size(), TOTAL);
    }

    void end(String outcome, String detail) {
        double seconds = Duration.between(started, ctx.clock().instant()).toMillis() / 1000.0;
        steps.add(new Step(current, outcome, seconds, detail));
        ctx.progress().report(current, steps.size(), TOTAL);
    }

    /** The step under way when a failure struck. */
    String current() {
        return current;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
