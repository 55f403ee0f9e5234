package io.rlwb.app.viewmodel;

import io.rlwb.engine.testkit.HangGuard;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test decide when the test trainer moves on, instead of guessing with sleeps: the trainer stops at the
 * start of iteration {@code holdAt} until {@link #release()}, and counts down {@link #awaitIterations} as it
 * finishes iterations. The timeouts of the await methods only guard against a hung test; nothing is judged by
 * how long it took.
 */
final class TrainerGate {
    private static final Duration GUARD = HangGuard.LIMIT;
    private final long holdAt;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch iterations;

    /**
     * @param holdAt the iteration (0-based) to stop at, or -1 to never stop
     * @param iterations how many finished iterations {@link #awaitIterations} waits for
     */
    TrainerGate(long holdAt, int iterations) {
        this.holdAt = holdAt;
        this.iterations = new CountDownLatch(iterations);
    }

    /** Called by the trainer as iteration {@code iteration} begins; blocks there while held. */
    void enter(long iteration) {
        if (iteration != holdAt) return;
        held.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by the trainer as an iteration ends. */
    void left() {
        iterations.countDown();
    }

    /** Waits until the trainer is stopped at iteration {@code holdAt}. */
    void awaitHeld() throws InterruptedException {
        if (!held.await(GUARD.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("trainer never held");
    }

    /** Lets the held trainer go on. */
    void release() {
        released.countDown();
    }

    /** Whether {@link #release()} has been called. */
    boolean isReleased() {
        return released.getCount() == 0;
    }

    /** Waits until the trainer has finished the number of iterations given to the constructor. */
    void awaitIterations() throws InterruptedException {
        if (!iterations.await(GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(iterations.getCount() + " iterations still missing");
        }
    }
}
