package dev.supadokploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.FakeClock;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OperationContext#pause}: through the context's clock, ended by a cancel. */
class OperationContextPauseTest {
    @Test
    void aFakeClockMovesOnByThePauseAtOnce() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Instant before = clock.instant();
        long started = System.nanoTime();

        TestContext.with(Map.of()).clock(clock).build().pause(Duration.ofMinutes(10));

        assertEquals(before.plus(Duration.ofMinutes(10)), clock.instant());
        assertEquals(List.of(Duration.ofMinutes(10)), clock.pauses());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "no real ten minutes");
        assertSame(clock, Sleeper.of(clock));
        assertSame(Sleeper.REAL, Sleeper.of(Clock.systemUTC()));
    }

    @Test
    void aRealPauseSleepsAndACancelEndsItAtOnce() throws InterruptedException {
        Cancellation cancellation = new Cancellation();
        OperationContext ctx =
                TestContext.with(Map.of()).cancellation(cancellation).build();
        long started = System.nanoTime();
        ctx.pause(Duration.ofMillis(200));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(190), "the real clock really waits");

        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        try {
            canceller.schedule(cancellation::cancel, 100, TimeUnit.MILLISECONDS);
            started = System.nanoTime();
            ctx.pause(Duration.ofMinutes(1));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the cancel ended the pause");
        } finally {
            canceller.shutdownNow();
        }
    }

    @Test
    void aCancelledContextsFakeClockDoesNotMove() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        Instant before = clock.instant();

        TestContext.with(Map.of())
                .clock(clock)
                .cancellation(cancellation)
                .build()
                .pause(Duration.ofSeconds(3));

        assertEquals(before, clock.instant());
    }
}
