package io.rlwb.engine.sweep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a batch of trials to stop: trials not yet started are not started (they end {@code cancelled}), running
 * ones stop after their current step of work, finished ones are kept. Executors that cannot poll (Spark's job
 * groups) register an {@link #onCancel} action instead.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    /** Cancels once; later calls do nothing. Runs the registered actions on the calling thread. */
    public void cancel() {
        if (!cancelled.compareAndSet(false, true)) return;
        for (Runnable r : actions) r.run();
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code action} when cancelled, at once if already cancelled. */
    public void onCancel(Runnable action) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) action.run();
        };
        actions.add(once);
        if (cancelled.get()) once.run();
    }

    /** The flag itself, for {@link io.rlwb.engine.runtime.Runner#run}. */
    AtomicBoolean flag() {
        return cancelled;
    }
}
