package io.rlwb.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.runtime.RunProgress;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void progressLineShowsPercentStepsSpeedReturnAndEval() {
        RunProgress p = new RunProgress(67_584, 150_000, 132, 21.05, 3_210.4, 234.46, 500.0);
        assertThat(Formats.progressLine(p, p.fraction()))
                .isEqualTo("45%  67,584 / 150,000 steps  3,210 steps/s  return 234.5  eval 500.0");
    }

    @Test
    void progressLineLeavesOutWhatTheRunHasNotProducedYet() {
        RunProgress p = new RunProgress(512, 150_000, 1, 0.4, 1280, Double.NaN, Double.NaN);
        assertThat(Formats.progressLine(p, p.fraction())).isEqualTo("0%  512 / 150,000 steps  1,280 steps/s");
    }

    @Test
    void progressLineUsesTheFractionGiven() {
        RunProgress p = new RunProgress(1_536, 150_000, 3, 1.0, 1536, 22.0, Double.NaN);
        assertThat(Formats.progressLine(p, 1.0)).startsWith("100%  1,536 / 150,000 steps");
    }

    @Test
    void durations() {
        assertThat(Formats.duration(12.34)).isEqualTo("12.3 s");
        assertThat(Formats.duration(245)).isEqualTo("4 min 05 s");
        assertThat(Formats.duration(3720)).isEqualTo("1 h 02 min");
    }
}
