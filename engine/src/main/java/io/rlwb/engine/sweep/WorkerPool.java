package io.rlwb.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed pool of daemon worker threads for trials and population members in this process, sized to the machine
 * by default. ND4J computes on the thread that calls it when it has one thread to use ({@code OMP_NUM_THREADS=1},
 * which {@code ./workbench} sets, and {@link #singleThreadedNd4j()}), so N workers use N cores and never more:
 * for the small networks of RL, one thread per worker is faster than threads inside each op (docs/stack.md).
 */
public final class WorkerPool implements AutoCloseable {
    private static volatile boolean nd4jSingleThreaded;
    private static volatile WorkerPool shared;
    private final ExecutorService pool;
    private final int size;

    /**
     * @param size worker threads; 0 means one per available processor
     * @param name thread name prefix ({@code trial}: threads {@code trial-1}, {@code trial-2}, ...)
     */
    public WorkerPool(int size, String name) {
        if (size < 0) throw new IllegalArgumentException("pool size must be 0 (one per processor) or more, not " + size);
        this.size = size == 0 ? machineSize() : size;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.size, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The process's shared pool, one worker per processor, made on first use and never closed (its threads are
     * daemons). Populations that do not ask for a pool size of their own (C-MORL's members) train on it, so several
     * such runs in one process (trials of a local sweep) share the cores instead of each taking all of them.
     */
    public static WorkerPool shared() {
        WorkerPool p = shared;
        if (p != null) return p;
        synchronized (WorkerPool.class) {
            if (shared == null) {
                singleThreadedNd4j();
                shared = new WorkerPool(0, "worker");
            }
            return shared;
        }
    }

    /** Processors this JVM may use. */
    public static int machineSize() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public int size() {
        return size;
    }

    /** Submits one task. */
    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /**
     * Runs the tasks on the pool and waits for all of them; the results in the tasks' order.
     *
     * @throws IllegalStateException with the first failing task's message (its {@code names} entry) as cause; a
     *     {@link io.rlwb.engine.nn.DivergenceException} is rethrown as it is, so the runner still names the
     *     diverged quantity
     */
    public <T> List<T> all(List<? extends Callable<T>> tasks, List<String> names) {
        List<Future<T>> fs = new ArrayList<>();
        for (Callable<T> t : tasks) fs.add(pool.submit(t));
        List<T> out = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            try {
                out.add(fs.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fs.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while " + names.get(i) + " ran", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                fs.forEach(f -> f.cancel(true));
                if (c instanceof io.rlwb.engine.nn.DivergenceException d) throw d;
                throw new IllegalStateException(c.getMessage() == null ? c.toString() : c.getMessage(), c);
            }
        }
        return out;
    }

    /**
     * Tells ND4J to use one thread per op (its own pool and the OpenMP master threads), once per process.
     * Must be called after the backend is chosen (docs/decisions/0016): the first call to {@code Nd4j} loads it.
     * {@code OMP_NUM_THREADS=1} in the environment does the same for OpenMP before the library loads.
     */
    public static void singleThreadedNd4j() {
        if (nd4jSingleThreaded) return;
        synchronized (WorkerPool.class) {
            if (nd4jSingleThreaded) return;
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            nd4jSingleThreaded = true;
        }
    }

    /**
     * Stops the workers: running tasks are interrupted, and this waits (at most 30 s) for them to notice, so no
     * worker outlives its owner.
     *
     * @throws IllegalStateException when a worker is still busy after 30 s
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker threads still busy 30 s after their pool was closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
