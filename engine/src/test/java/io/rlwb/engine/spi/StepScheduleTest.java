package io.rlwb.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepScheduleTest {
    @Test
    void dueOncePerCrossingOfAMarkEvenWhenAnIterationJumpsSeveral() {
        StepSchedule s = new StepSchedule(100);

        assertThat(s.due(99)).isFalse();
        assertThat(s.due(100)).isTrue();
        assertThat(s.due(150)).isFalse();
        assertThat(s.due(450)).isTrue(); // past 200, 300 and 400: once
        assertThat(s.due(499)).isFalse();
        assertThat(s.due(500)).isTrue();
    }

    @Test
    void aPeriodBelowOneStepIsRefused() {
        assertThatThrownBy(() -> new StepSchedule(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
