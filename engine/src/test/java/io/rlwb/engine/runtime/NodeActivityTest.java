package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeActivityTest {
    @Test
    void theInnermostNodeIsCurrentAndItsCallerResumesAfterIt() {
        NodeActivity a = new NodeActivity();
        assertThat(a.current()).isNull();
        a.enter("trainer");
        a.enter("collector");
        assertThat(a.current()).isEqualTo("collector");
        long now = System.nanoTime();
        assertThat(a.activeWithin("trainer", now, 0)).as("a caller waiting on a pull is still at work").isTrue();
        a.exit();
        assertThat(a.current()).isEqualTo("trainer");
        a.exit();
        assertThat(a.current()).isNull();
        assertThat(a.selfSeconds()).containsOnlyKeys("collector", "trainer");
    }

    @Test
    void aNodeIsActiveForAWindowAfterItFinishedAndThenNot() {
        NodeActivity a = new NodeActivity();
        a.enter("gae");
        a.exit();
        long after = System.nanoTime();
        assertThat(a.activeWithin("gae", after, 200_000_000L)).isTrue();
        assertThat(a.activeWithin("gae", after + 1_000_000_000L, 200_000_000L)).isFalse();
        assertThat(a.activeWithin("never-ran", after, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void selfTimeExcludesTheTimeSpentInPulledNodes() {
        AtomicLong clock = new AtomicLong(1_000);
        NodeActivity a = new NodeActivity(clock::get);
        a.enter("trainer");
        clock.addAndGet(10_000_000); // the trainer works 10 ms
        a.enter("collector");
        clock.addAndGet(30_000_000); // the collector 30 ms, while the trainer waits on it
        a.exit();
        clock.addAndGet(5_000_000); // the trainer 5 ms more
        a.exit();
        var s = a.selfSeconds();
        assertThat(s.get("collector")).isCloseTo(0.030, within(1e-12));
        assertThat(s.get("trainer")).as("the trainer's own time only").isCloseTo(0.015, within(1e-12));
        assertThat(a.shares().get("collector")).isCloseTo(30.0 / 45, within(1e-12));
        assertThat(a.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
    }
}
