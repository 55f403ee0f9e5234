package io.rlwb.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run on its worker thread: ask it to stop, or wait for its result. */
public final class RunHandle {
    private final AtomicBoolean cancel;
    private final CompletableFuture<RunResult> result;

    RunHandle(AtomicBoolean cancel, CompletableFuture<RunResult> result) {
        this.cancel = cancel;
        this.result = result;
    }

    /** Asks the run to stop after the current step of work; it ends with status {@code cancelled}. */
    public void cancel() {
        cancel.set(true);
    }

    public CompletableFuture<RunResult> result() {
        return result;
    }

    /** Waits for the run to end. */
    public RunResult await() {
        return result.join();
    }

    public boolean isDone() {
        return result.isDone();
    }
}
