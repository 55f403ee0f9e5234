package io.rlwb.engine.testkit;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bound on how long a test waits for something that should happen, and a runner for fuzz cases under it.
 *
 * <p>Tests wait on events (a latch, a line a child process prints, a file, a state), never on time; {@link #LIMIT}
 * only turns a hang into a failure instead of a build that never ends. It is suite-sized (10 minutes), far beyond
 * what any wait takes even on a 2-core CI machine at load 20, so it never judges speed. {@code
 * -Drlwb.test.hangGuardSeconds=N} changes it (a small N shows the guard firing).
 *
 * <p>{@link #run} runs one fuzz case on a daemon thread and fails it when it has not ended after a minute: a case
 * takes milliseconds, so only a hang (an endless loop on damaged input) reaches that limit.
 */
public final class HangGuard {
    /** How long any one wait in a test may take before the test fails as hung. */
    public static final Duration LIMIT = Duration.ofSeconds(Long.getLong("rlwb.test.hangGuardSeconds", 600));
    /** {@link #LIMIT} in seconds, for APIs that take a count and a unit. */
    public static final long SECONDS = LIMIT.toSeconds();

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    private HangGuard() {}

    /**
     * Waits until {@code condition} holds (a file another thread writes, a state it reaches), checking it every few
     * milliseconds: the condition decides, the checks are the only clock. Fails at once when {@code ended} says the
     * thing waited on is over while the condition still does not hold, and after {@link #LIMIT} as hung.
     */
    public static void await(String what, java.util.function.BooleanSupplier condition,
                             java.util.function.BooleanSupplier ended) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (ended.getAsBoolean()) {
                if (condition.getAsBoolean()) return;
                throw new AssertionError("ended before " + what);
            }
            if (System.nanoTime() > deadline) throw new AssertionError("hung waiting for " + what + " (" + LIMIT + ")");
            Thread.sleep(10);
        }
    }

    public interface Case {
        void run() throws Exception;
    }

    public static void run(String what, Case c) throws Exception {
        Future<?> f = POOL.submit(() -> {
            c.run();
            return null;
        });
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("hangs on " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
