package dev.supadokploy.testing;

import dev.supadokploy.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock whose time moves only when the code under test pauses ({@link Sleeper}): a pause returns at once, the
 * clock having moved on by it. Rollout waits, probe retries and timeouts then take no wall time, and a test can
 * read the pauses taken. Time starts at the real now, so what the code compares with other clocks stays sensible.
 */
public final class FakeClock extends Clock implements Sleeper {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private volatile Runnable duringPause = () -> {};

    /**
     * What the world does, for real, while the code under test pauses: run before the clock moves on. A test whose
     * simulated server works in real time (the Dokploy simulator's queued deploys) waits for that work here, or fake
     * time would run out while it is still going.
     */
    public FakeClock duringPause(Runnable work) {
        this.duringPause = work;
        return this;
    }

    @Override
    public void sleep(Duration duration, CountDownLatch wakeUp) {
        if (wakeUp.getCount() == 0) {
            return; // a cancel came first: no time passes
        }
        duringPause.run();
        pauses.add(duration);
        now.updateAndGet(t -> t.plus(duration));
    }

    /** The pauses taken so far, in order. */
    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }

    /** How far the clock has moved on through pauses. */
    public Duration paused() {
        return pauses.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a FakeClock is UTC only");
    }
}
