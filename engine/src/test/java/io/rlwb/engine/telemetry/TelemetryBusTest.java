package io.rlwb.engine.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.HangGuard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TelemetryBusTest {
    private static TelemetryEvent metric(long step) {
        return new TelemetryEvent.Metric(step, 0, "k", step);
    }

    @Test
    void aStuckSubscriberNeverBlocksThePublisherAndOnlyItLosesEvents() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> fast = Collections.synchronizedList(new ArrayList<>());
        TelemetryBus bus = new TelemetryBus();
        TelemetryBus.Subscription stuck = bus.subscribe("stuck", 16, batch -> {
            try {
                release.await(); // a consumer that hangs until the test lets it go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TelemetryBus.Subscription ok = bus.subscribe("ok", 200_000, batch -> batch.forEach(e -> fast.add(e.step())));

        // Publishing 100k events must finish although one subscriber takes nothing: the publisher never waits.
        Thread publisher = new Thread(() -> {
            for (long i = 0; i < 100_000; i++) bus.publish(metric(i));
        });
        publisher.start();
        publisher.join(HangGuard.LIMIT.toMillis());
        assertThat(publisher.isAlive()).as("publisher blocked").isFalse();

        assertThat(stuck.dropped()).isGreaterThan(99_000);
        release.countDown();
        bus.close();
        assertThat(ok.dropped()).isZero();
        assertThat(fast).hasSize(100_000);
        for (int i = 0; i < fast.size(); i++) assertThat(fast.get(i)).isEqualTo(i); // in order
    }

    @Test
    void closeDeliversWhatIsStillQueued() {
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        TelemetryBus bus = new TelemetryBus();
        // The consumer is held until everything is published, so close() finds the events still queued.
        CountDownLatch gate = new CountDownLatch(1);
        bus.subscribe("slow", 1000, batch -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batch.forEach(e -> got.add(e.step()));
        });
        for (long i = 0; i < 500; i++) bus.publish(metric(i));
        gate.countDown();
        bus.close();
        assertThat(got).hasSize(500);
    }

    @Test
    void aThrowingSubscriberLosesItsBatchButKeepsReceiving() throws InterruptedException {
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        TelemetryBus bus = new TelemetryBus();
        CountDownLatch threw = new CountDownLatch(1);
        bus.subscribe("flaky", 1000, batch -> {
            if (batch.stream().anyMatch(e -> e.step() == 0)) {
                threw.countDown();
                throw new IllegalStateException("boom");
            }
            batch.forEach(e -> got.add(e.step()));
        });
        bus.publish(metric(0));
        // The first batch is taken alone and fails; only then are more events sent.
        assertThat(threw.await(HangGuard.SECONDS, TimeUnit.SECONDS)).as("the first batch reached the subscriber").isTrue();
        bus.publish(metric(1));
        bus.publish(metric(2));
        bus.close();
        assertThat(got).isNotEmpty().doesNotContain(0L);
    }

    @Test
    void eventsAFailingConsumerLosesAreCountedAsDropped() {
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        TelemetryBus bus = new TelemetryBus();
        // A run store on a full disk: every batch with an odd step fails to be written.
        TelemetryBus.Subscription sub = bus.subscribe("disk", 10_000, batch -> {
            if (batch.stream().anyMatch(e -> e.step() % 2 == 1)) throw new java.io.UncheckedIOException(
                    new java.io.IOException("No space left on device"));
            batch.forEach(e -> got.add(e.step()));
        });
        for (int i = 0; i < 1000; i++) bus.publish(metric(i));
        bus.close();
        assertThat(sub.dropped() + got.size()).as("every event is either delivered or counted").isEqualTo(1000);
        assertThat(sub.dropped()).isPositive();
        assertThat(sub.failure()).contains("No space left on device");
    }
}
