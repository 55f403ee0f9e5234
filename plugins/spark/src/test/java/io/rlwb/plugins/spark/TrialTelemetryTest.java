package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class TrialTelemetryTest {
    /**
     * Spark registers a task's copy of the accumulator with the task while Java deserialisation is still under way
     * (the superclass's readObject runs before this class's fields are read), and the executor's heartbeat thread
     * reads registered accumulators at any time. A copy caught in between has no state yet: it must read as zero,
     * not throw (a throw ends that executor's heartbeats, and all live telemetry with them).
     */
    @Test
    void aCopyReadBeforeItsFieldsAreDeserialisedIsZero() throws Exception {
        TrialTelemetry t = new TrialTelemetry();
        Field state = TrialTelemetry.class.getDeclaredField("state");
        state.setAccessible(true);
        state.set(t, null);
        assertThat(t.isZero()).isTrue();
        assertThat(t.value().progress()).isNegative();
        assertThat(t.value().latest()).isEmpty();

        state.set(t, null);
        t.add(new TrialTelemetry.Update("test/value", 3, 2.5));
        t.add(new TrialTelemetry.Update(null, 0, 0.5));
        assertThat(t.isZero()).isFalse();
        assertThat(t.value().progress()).isEqualTo(0.5);
        assertThat(t.value().latest().get("test/value")).containsExactly(3, 2.5);

        TrialTelemetry other = new TrialTelemetry();
        state.set(other, null);
        other.merge(t);
        assertThat(other.value().latest()).containsOnlyKeys("test/value");
    }
}
