package io.rlwb.app.viewmodel;

import io.rlwb.engine.testkit.HangGuard;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A stand-in for the UI thread in tests without a screen: tasks queue up until the test thread pumps them. */
final class UiQueue implements Executor {
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger submitted = new AtomicInteger();

    @Override
    public void execute(Runnable r) {
        submitted.incrementAndGet();
        queue.add(r);
    }

    /** Tasks handed to this executor so far. */
    int submitted() {
        return submitted.get();
    }

    /** Tasks waiting. */
    int pending() {
        return queue.size();
    }

    /** Waits, without running anything, until at least {@code n} tasks are queued; fails after the hang guard. */
    void awaitPending(int n) throws InterruptedException {
        long end = System.nanoTime() + HangGuard.LIMIT.toNanos();
        while (queue.size() < n) {
            if (System.nanoTime() > end) throw new AssertionError("only " + queue.size() + " tasks queued, not " + n);
            Thread.sleep(5);
        }
    }

    /**
     * Runs queued tasks on the calling thread until {@code done} holds; fails after {@link HangGuard#LIMIT} (a hang,
     * not a slow machine).
     */
    void pumpUntil(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + HangGuard.LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("hung: not done after " + HangGuard.LIMIT);
            Runnable r = queue.poll(10, TimeUnit.MILLISECONDS);
            if (r != null) r.run();
        }
    }

    /** Runs what is queued now (and what those tasks queue), without waiting. */
    void pumpAll() {
        Runnable r;
        while ((r = queue.poll()) != null) r.run();
    }
}
