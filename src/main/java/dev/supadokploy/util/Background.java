package dev.supadokploy.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one place that makes threads for background work: daemon threads named {@code supa-dokploy-<purpose>-N}, so a
 * thread dump says what each is for and no thread keeps the JVM alive. Nothing runs on the common ForkJoin pool: the
 * work here blocks (JDBC, COPY streams), which that pool is not sized for. Whoever asks for an executor owns it and
 * shuts it down; a thread started for one task ends with the task.
 */
public final class Background {
    private static final String PREFIX = "supa-dokploy-";
    private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private Background() {}

    /** Unstarted daemon threads named {@code supa-dokploy-<purpose>-N}, N counting from 1 within the process. */
    public static ThreadFactory threads(String purpose) {
        AtomicInteger counter = COUNTERS.computeIfAbsent(purpose, p -> new AtomicInteger());
        return task -> {
            Thread t = new Thread(task, PREFIX + purpose + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A daemon thread for {@code task}, not started: for shutdown hooks and threads whose start the caller times. */
    public static Thread thread(String purpose, Runnable task) {
        return threads(purpose).newThread(task);
    }

    /** Runs {@code task} on a thread of its own, started now. */
    public static Thread start(String purpose, Runnable task) {
        Thread t = thread(purpose, task);
        t.start();
        return t;
    }

    /** Computes {@code work} on a thread of its own, beside the caller; the thread ends when the work does. */
    public static <T> CompletableFuture<T> supply(String purpose, Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        start(purpose, () -> {
            try {
                future.complete(work.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** Threads made as tasks come and reused while idle; the caller shuts the executor down. */
    public static ExecutorService cached(String purpose) {
        return Executors.newCachedThreadPool(threads(purpose));
    }

    /** One thread running tasks in turn; the caller shuts the executor down. */
    public static ExecutorService single(String purpose) {
        return Executors.newSingleThreadExecutor(threads(purpose));
    }
}
