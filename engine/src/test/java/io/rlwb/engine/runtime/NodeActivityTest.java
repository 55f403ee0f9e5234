package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
    void selfTimeExcludesTheTimeSpentInPulledNodes() throws Exception {
        NodeActivity a = new NodeActivity();
        a.enter("trainer");
        a.enter("collector");
        Thread.sleep(30);
        a.exit();
        a.exit();
        var s = a.selfSeconds();
        assertThat(s.get("collector")).isGreaterThanOrEqualTo(0.03);
        assertThat(s.get("trainer")).as("the trainer only waited").isLessThan(s.get("collector"));
        assertThat(a.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
