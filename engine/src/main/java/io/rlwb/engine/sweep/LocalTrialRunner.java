package io.rlwb.engine.sweep;

import io.rlwb.engine.registry.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The in-process executor ({@code --executor local}): trials run on a {@link WorkerPool} of this JVM, one trial
 * per worker thread at a time, each with ND4J on that one thread. {@code parallel} 0 sizes the pool to the
 * machine's processors.
 */
public final class LocalTrialRunner implements TrialRunner {
    private final WorkerPool pool;
    private final NodeRegistry registry;

    public LocalTrialRunner(int parallel, NodeRegistry registry) {
        this(parallel, registry, "trial");
    }

    /** @param threadName name prefix of the worker threads ({@code cmorl-worker}: a C-MORL run's population) */
    public LocalTrialRunner(int parallel, NodeRegistry registry, String threadName) {
        if (registry == null) throw new IllegalArgumentException("the local executor needs the node registry");
        this.registry = registry;
        this.pool = new WorkerPool(parallel, threadName);
        WorkerPool.singleThreadedNd4j();
    }

    @Override
    public String name() {
        return TrialRunners.LOCAL;
    }

    @Override
    public int parallelism() {
        return pool.size();
    }

    @Override
    public List<TrialResult> run(List<TrialSpec> trials, TrialListener listener, Cancellation cancel) {
        List<Future<TrialResult>> fs = new ArrayList<>();
        for (TrialSpec s : trials) {
            fs.add(pool.submit(() -> {
                TrialResult r = Trials.run(s, registry, listener, cancel);
                listener.finished(r);
                return r;
            }));
        }
        List<TrialResult> out = new ArrayList<>();
        boolean interrupted = false;
        for (int i = 0; i < fs.size(); i++) {
            TrialResult r;
            try {
                r = fs.get(i).get();
            } catch (InterruptedException e) {
                // The caller gave up waiting: stop what runs, keep waiting so finished trials stay recorded.
                interrupted = true;
                cancel.cancel();
                i--;
                continue;
            } catch (ExecutionException e) {
                r = TrialResult.failed(trials.get(i).id(), "executor error: " + e.getCause());
                listener.finished(r);
            }
            out.add(r);
        }
        if (interrupted) Thread.currentThread().interrupt();
        return out;
    }

    @Override
    public void close() {
        pool.close();
    }
}
