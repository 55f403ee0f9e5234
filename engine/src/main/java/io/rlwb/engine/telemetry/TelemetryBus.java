package io.rlwb.engine.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fans telemetry out to subscribers, each behind its own bounded queue drained by its own daemon thread.
 * {@link #publish} never blocks: when a subscriber lags and its queue is full, the event is dropped for
 * that subscriber alone and counted ({@link Subscription#dropped()}), so a slow chart never slows training.
 * Events a subscriber fails to take (its consumer throws, say the run store on a full disk) are counted as
 * dropped too, so run.json's {@code telemetry_dropped} tells of every lost event.
 */
public final class TelemetryBus implements AutoCloseable {
    private final List<Subscription> subs = new CopyOnWriteArrayList<>();

    /**
     * Adds a subscriber. {@code consumer} receives events in order, in batches, on the subscription's thread.
     *
     * @param capacity queue length; events beyond it are dropped for this subscriber
     */
    public Subscription subscribe(String name, int capacity, Consumer<List<TelemetryEvent>> consumer) {
        Subscription s = new Subscription(name, capacity, consumer);
        subs.add(s);
        s.thread.start();
        return s;
    }

    public void publish(TelemetryEvent e) {
        for (Subscription s : subs) {
            if (!s.queue.offer(e)) s.dropped.incrementAndGet();
        }
    }

    /** Delivers what is queued, then stops every subscriber thread (waits up to 10 s each). */
    @Override
    public void close() {
        for (Subscription s : subs) s.close();
        subs.clear();
    }

    /** One subscriber's queue and thread. */
    public static final class Subscription {
        private final String name;
        private final BlockingQueue<TelemetryEvent> queue;
        private final Consumer<List<TelemetryEvent>> consumer;
        private final AtomicLong dropped = new AtomicLong();
        private final Thread thread;
        private volatile boolean closing;
        private volatile String failure;

        private Subscription(String name, int capacity, Consumer<List<TelemetryEvent>> consumer) {
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.consumer = consumer;
            this.thread = new Thread(this::drain, "telemetry-" + name);
            this.thread.setDaemon(true);
        }

        private void drain() {
            List<TelemetryEvent> batch = new ArrayList<>(1024);
            while (true) {
                try {
                    TelemetryEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing && queue.isEmpty()) return;
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, 4096);
                    consumer.accept(batch);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | Error e) {
                    // A failing consumer must not take the run down; it loses this batch, counted as dropped.
                    dropped.addAndGet(batch.size());
                    if (failure == null) {
                        failure = e.toString();
                        System.err.println("telemetry consumer '" + name + "' failed: " + e);
                    }
                } finally {
                    batch.clear();
                }
            }
        }

        /** Events this subscriber lost: its queue was full, or its consumer failed on them. */
        public long dropped() {
            return dropped.get();
        }

        /** The first failure of the consumer, or null when it never failed. */
        public String failure() {
            return failure;
        }

        public String name() {
            return name;
        }

        void close() {
            closing = true;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
