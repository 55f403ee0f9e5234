package io.rlwb.plugins.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of this process, shared by every open {@link SparkTrialRunner} (Spark allows one per JVM):
 * made by the first runner, kept while any runner is open (C-MORL's rounds, several sweeps of one session), stopped
 * when the last one closes. Its executors and the jars they fetched stay up between runs, so a later round pays no
 * start-up again.
 */
final class SharedContext {
    private static SharedContext current;
    private static int users;

    final JavaSparkContext spark;
    final TelemetryRelay relay;
    final String master;

    private SharedContext(JavaSparkContext spark, TelemetryRelay relay, String master) {
        this.spark = spark;
        this.relay = relay;
        this.master = master;
    }

    /**
     * The open context, or a new one from {@code conf}.
     *
     * @throws IllegalArgumentException when a context for another master is open
     */
    static synchronized SharedContext acquire(SparkConf conf) {
        String master = conf.get("spark.master");
        if (current != null) {
            if (!current.master.equals(master)) {
                throw new IllegalArgumentException("--master " + master + ": this process already runs trials on "
                        + current.master + " and Spark allows one context per process; close that sweep first");
            }
            users++;
            return current;
        }
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // Spark finds its classes, and makes its executors' class loaders, from the context class loader: this
        // plugin's (the application's executor loader), which sees Spark, the engine and the node plugins.
        t.setContextClassLoader(SharedContext.class.getClassLoader());
        try {
            JavaSparkContext spark = new JavaSparkContext(conf);
            TelemetryRelay relay = new TelemetryRelay();
            spark.sc().addSparkListener(relay);
            current = new SharedContext(spark, relay, master);
            users = 1;
            return current;
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** One user fewer; the last one stops the context. */
    static synchronized void release(SharedContext c) {
        if (c != current || users == 0) return;
        if (--users == 0) {
            current = null;
            c.spark.stop();
        }
    }

    /** Runners holding the context now (0: none, the context is stopped); for tests. */
    static synchronized int users() {
        return users;
    }
}
