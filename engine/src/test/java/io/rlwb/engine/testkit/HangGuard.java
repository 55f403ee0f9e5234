package io.rlwb.engine.testkit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case on a daemon thread and fails it when it has not ended after a minute: a case takes
 * milliseconds, so only a hang (an endless loop on damaged input) reaches the limit. Not a speed judgment.
 */
public final class HangGuard {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    private HangGuard() {}

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
