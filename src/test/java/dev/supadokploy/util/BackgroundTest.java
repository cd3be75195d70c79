package dev.supadokploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Background threads are named for their purpose, never keep the JVM alive, and hand failures back to the caller. */
class BackgroundTest {

    @Test
    void threadsAreNamedDaemonsCountingPerPurpose() {
        Thread first = Background.thread("bg-test-names", () -> {});
        Thread second = Background.threads("bg-test-names").newThread(() -> {});
        assertTrue(first.getName().matches("supa-dokploy-bg-test-names-\\d+"), first.getName());
        assertTrue(second.getName().matches("supa-dokploy-bg-test-names-\\d+"), second.getName());
        assertNotEquals(first.getName(), second.getName(), "one purpose, one counter: no two threads share a name");
        assertTrue(first.isDaemon() && second.isDaemon());
        assertEquals(Thread.State.NEW, first.getState(), "thread() leaves starting to the caller (shutdown hooks)");
    }

    @Test
    void supplyRunsBesideTheCallerOnItsOwnThread() {
        CompletableFuture<String> name =
                Background.supply("bg-test-supply", () -> Thread.currentThread().getName());
        assertTrue(name.join().startsWith("supa-dokploy-bg-test-supply-"), name.join());
        assertNotEquals(Thread.currentThread().getName(), name.join());
    }

    @Test
    void supplyHandsTheFailureBack() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> f = Background.supply("bg-test-fail", () -> {
            throw boom;
        });
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertSame(boom, e.getCause(), "the work's own exception, as supplyAsync gave it");
    }

    @Test
    void executorsAreOwnedAndShutDownByTheirMaker() throws Exception {
        ExecutorService pool = Background.cached("bg-test-pool");
        String name = pool.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
        assertTrue(name.startsWith("supa-dokploy-bg-test-pool-"), name);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
