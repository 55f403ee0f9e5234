package io.rlwb.app.gui;

import io.rlwb.engine.plot.AxisTicks;

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
    void compactAxisLabels() {
        assertThat(Formats.compact(0)).isEqualTo("0");
        assertThat(Formats.compact(500)).isEqualTo("500");
        assertThat(Formats.compact(2500)).isEqualTo("2500");
        assertThat(Formats.compact(50_000)).isEqualTo("50k");
        assertThat(Formats.compact(150_000)).isEqualTo("150k");
        assertThat(Formats.compact(2_500_000)).isEqualTo("2.5M");
        assertThat(Formats.compact(0.25)).isEqualTo("0.25");
        assertThat(Formats.compact(-20)).isEqualTo("-20");
    }

    @Test
    void durations() {
        assertThat(Formats.duration(12.34)).isEqualTo("12.3 s");
        assertThat(Formats.duration(245)).isEqualTo("4 min 05 s");
        assertThat(Formats.duration(3720)).isEqualTo("1 h 02 min");
    }

    @Test
    void niceTicks() {
        AxisTicks t = AxisTicks.of(0, 150_000, 6);
        assertThat(t.step()).isEqualTo(50_000);
        assertThat(t.values()).containsExactly(0.0, 50_000.0, 100_000.0, 150_000.0);
        AxisTicks y = AxisTicks.of(9.3, 487.2, 5);
        assertThat(y.step()).isEqualTo(100);
        assertThat(y.min()).isEqualTo(0);
        assertThat(y.max()).isEqualTo(500);
        AxisTicks flat = AxisTicks.of(7, 7, 5);
        assertThat(flat.min()).isLessThan(7);
        assertThat(flat.max()).isGreaterThan(7);
        assertThat(AxisTicks.niceStep(0.03)).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    }
}
