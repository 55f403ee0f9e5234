package io.rlwb.engine.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class PlotMathTest {

    @Test
    void linearScaleMapsAndInvertsBothWays() {
        Scale y = Scale.linear(0, 100, 300, 20);
        assertThat(y.map(0)).isEqualTo(300);
        assertThat(y.map(100)).isEqualTo(20);
        assertThat(y.map(50)).isEqualTo(160);
        assertThat(y.invert(160)).isCloseTo(50, offset(1e-9));
    }

    @Test
    void logScalePutsDecadesAtEqualDistancesAndRejectsANonPositiveDomain() {
        Scale y = Scale.log(0.001, 10, 400, 0);
        assertThat(y.map(0.01) - y.map(0.1)).isCloseTo(y.map(1) - y.map(10), offset(1e-9));
        assertThat(y.map(1)).isCloseTo(100, offset(1e-9));
        assertThat(y.invert(100)).isCloseTo(1, offset(1e-9));
        assertThat(y.map(-5)).isEqualTo(400); // non-positive values sit on the floor
        assertThatThrownBy(() -> Scale.log(0, 1, 0, 1)).hasMessageContaining("positive domain");
    }

    @Test
    void logTicksArePowersOfTenAndFinerOverLessThanTwoDecades() {
        assertThat(AxisTicks.logValues(0.001, 100, 10)).containsExactly(0.001, 0.01, 0.1, 1.0, 10.0, 100.0);
        assertThat(AxisTicks.logValues(1e-8, 1e4, 4)).hasSizeLessThanOrEqualTo(5).contains(1.0);
        assertThat(AxisTicks.logValues(1, 50, 5)).containsExactly(1.0, 2.0, 5.0, 10.0, 20.0, 50.0);
        assertThat(Scale.log(0.5, 0.9, 0, 1).ticks(5)).containsExactly(0.5); // no power of ten inside: 5e-1
    }

    @Test
    void niceDomainsKeepZeroAsTheFloorOfNonNegativeDataAndWholeDecadesOnLogAxes() {
        double[] pos = Scale.niceDomain(3, 487, false, 5);
        assertThat(pos[0]).isZero();
        assertThat(pos[1]).isGreaterThanOrEqualTo(487).isLessThanOrEqualTo(600);
        double[] neg = Scale.niceDomain(-20, 30, false, 5);
        assertThat(neg[0]).isLessThanOrEqualTo(-20);
        assertThat(Scale.niceDomain(0.004, 2.5, true, 5)).containsExactly(0.001, 10);
        assertThat(Scale.niceDomain(-1, 2.5, true, 5)[0]).isPositive();
    }

    @Test
    void emaIsDebiasedSoAConstantSeriesStaysConstantFromTheFirstPoint() {
        double[] flat = Ema.smooth(new double[] {5, 5, 5, 5}, 4, 0.9);
        assertThat(flat).containsExactly(new double[] {5, 5, 5, 5}, offset(1e-12));
        // By hand: w = 0.5, values 0 then 10: last = 0, then 5; debias 0.5, then 0.75 -> 0, 6.666...
        double[] step = Ema.smooth(new double[] {0, 10}, 2, 0.5);
        assertThat(step[0]).isEqualTo(0);
        assertThat(step[1]).isCloseTo(10 * 0.5 / 0.75, offset(1e-12));
        assertThat(Ema.smooth(new double[] {1, 7, 3}, 3, 0)).containsExactly(1, 7, 3);
    }

    @Test
    void emaExtendsASmoothedSeriesIncrementallyToTheSameValuesAsAFullPass() {
        Series raw = new Series();
        double[] ys = new double[50];
        for (int i = 0; i < 50; i++) {
            ys[i] = Math.sin(i) * 10 + i;
            raw.add(i, ys[i]);
        }
        Series inc = new Series();
        Ema e = new Ema(0.8);
        Series partial = new Series();
        for (int i = 0; i < 21; i++) partial.add(raw.x(i), raw.y(i));
        e.extend(partial, inc);
        e.extend(raw, inc);
        double[] full = Ema.smooth(ys, 50, 0.8);
        assertThat(inc.size()).isEqualTo(50);
        for (int i = 0; i < 50; i++) assertThat(inc.y(i)).isCloseTo(full[i], offset(1e-9));
    }

    @Test
    void tickLabelsAreShortAndKeepSmallValuesApart() {
        assertThat(TickLabels.of(150_000)).isEqualTo("150k");
        assertThat(TickLabels.of(2_500_000)).isEqualTo("2.5M");
        assertThat(TickLabels.of(0.25)).isEqualTo("0.25");
        assertThat(TickLabels.of(0.005)).isEqualTo("0.005");
        assertThat(TickLabels.of(0.0003)).isEqualTo("3e-4");
        assertThat(TickLabels.of(0)).isEqualTo("0");
        assertThat(TickLabels.of(0.015)).isEqualTo("0.015");
        assertThat(TickLabels.of(487.5)).isEqualTo("487.5");
        assertThat(TickLabels.of(-1250)).isEqualTo("-1250");
        assertThat(TickLabels.of(0.1 + 0.2)).isEqualTo("0.3");
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
        assertThat(AxisTicks.niceStep(0.03)).isEqualTo(0.05, offset(1e-12));
    }

    @Test
    void compactLabelsForLargeValues() {
        assertThat(TickLabels.of(500)).isEqualTo("500");
        assertThat(TickLabels.of(2500)).isEqualTo("2500");
        assertThat(TickLabels.of(50_000)).isEqualTo("50k");
        assertThat(TickLabels.of(-20)).isEqualTo("-20");
    }
}
