package dev.supadokploy.util;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How the tool waits between polls and retries. It sits behind the clock the caller already holds
 * ({@code OperationContext.clock()}, a client's clock): {@link #of(Clock)} is the clock itself when it is also a
 * sleeper, as a test's clock is (it moves its time on at once, so tests of rollouts, probes and retries do not wait),
 * and real sleeping otherwise.
 */
public interface Sleeper {
    /** Sleeps for real, ending early when {@code wakeUp} reaches zero. */
    Sleeper REAL = (duration, wakeUp) -> wakeUp.await(duration.toMillis(), TimeUnit.MILLISECONDS);

    /** Waits {@code duration}, or until {@code wakeUp} reaches zero (a cancel), whichever comes first. */
    void sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException;

    /** Waits {@code duration}; nothing ends it early. */
    default void sleep(Duration duration) throws InterruptedException {
        sleep(duration, new CountDownLatch(1));
    }

    /** The sleeper behind {@code clock}: the clock itself when it is one, real sleeping otherwise. */
    static Sleeper of(Clock clock) {
        return clock instanceof Sleeper own ? own : REAL;
    }
}
