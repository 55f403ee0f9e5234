package io.rlwb.app.viewmodel.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.rlwb.engine.plot.Ema;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.report.RunData;
import io.rlwb.engine.testkit.RunFixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves' state without a screen: runs, keys, smoothing, log scale, zoom and pan, readings. */
class CurvesViewModelTest {
    @TempDir
    Path dir;

    private final CurvesViewModel vm = new CurvesViewModel(Runnable::run, Runnable::run);

    @Test
    void aPastRunBringsItsKeysAndChartsTheEpisodicReturnFirst() throws Exception {
        vm.addRun(RunData.load(RunFixtures.write(dir.resolve("a"), 1, 40, false)));
        assertThat(vm.keys()).contains("charts/episodic_return", "losses/value_loss", "eval/return_mean");
        assertThat(vm.charts()).containsExactly(CurvesViewModel.ChartSpec.of("charts/episodic_return"));
        vm.toggleChart("losses/value_loss");
        assertThat(vm.isCharted("losses/value_loss")).isTrue();
        vm.toggleChart("losses/value_loss");
        assertThat(vm.isCharted("losses/value_loss")).isFalse();
    }

    @Test
    void openReadsOnTheBackgroundAndNamesTheFolderWhenItIsNoRun() throws Exception {
        var ok = vm.open(RunFixtures.write(dir.resolve("b"), 2, 10, false));
        assertThat(ok.get().label()).contains("b");
        var bad = vm.open(dir.resolve("missing"));
        assertThat(bad).isCompletedExceptionally();
        assertThat(vm.messageProperty().get()).contains("missing").startsWith("Cannot open");
        assertThat(vm.sources()).hasSize(1);
    }

    @Test
    void smoothingIsTheDebiasedEmaAndFollowsTheWeight() throws Exception {
        Map<String, Series> m = new LinkedHashMap<>();
        Series s = new Series();
        double[] ys = {1, 9, 3, 7, 5, 12};
        for (int i = 0; i < ys.length; i++) s.add(i, ys[i]);
        m.put("k", s);
        CurvesViewModel.Source src = vm.setLive("live", null, m);
        vm.smoothingProperty().set(0.5);
        Series sm = vm.smoothed(src, "k");
        double[] want = Ema.smooth(ys, ys.length, 0.5);
        for (int i = 0; i < ys.length; i++) assertThat(sm.y(i)).isCloseTo(want[i], offset(1e-12));
        // New points arrive: the smoothed series extends without starting over.
        s.add(6, 2);
        assertThat(vm.smoothed(src, "k").size()).isEqualTo(7);
        vm.smoothingProperty().set(0);
        assertThat(vm.smoothed(src, "k").y(3)).isEqualTo(7);
    }

    @Test
    void zoomPanAndResetChangeOnlyTheChartTheyAreAppliedTo() throws Exception {
        vm.addRun(RunData.load(RunFixtures.write(dir.resolve("c"), 3, 40, false)));
        CurvesViewModel.ChartSpec ret = CurvesViewModel.ChartSpec.of("charts/episodic_return");
        CurvesViewModel.ChartSpec loss = CurvesViewModel.ChartSpec.of("losses/value_loss");
        CurvesViewModel.Viewport fit = vm.viewport(ret);
        assertThat(fit.manual()).isFalse();
        assertThat(fit.x0()).isZero();
        assertThat(fit.x1()).isEqualTo(40 * 512);
        assertThat(fit.y0()).isZero();
        assertThat(fit.y1()).isGreaterThanOrEqualTo(vm.raw(vm.sources().get(0), "charts/episodic_return").maxY());

        long v = vm.versionProperty().get();
        vm.zoomBy(ret, 0.5, 1.0, 0.5, true, false); // zoom the steps in, anchored at the right edge
        assertThat(vm.versionProperty().get()).isGreaterThan(v);
        CurvesViewModel.Viewport z = vm.viewport(ret);
        assertThat(z.manual()).isTrue();
        assertThat(z.x1()).isCloseTo(fit.x1(), offset(1e-6));
        assertThat(z.x1() - z.x0()).isCloseTo((fit.x1() - fit.x0()) / 2, offset(1e-6));
        assertThat(z.y0()).isEqualTo(fit.y0());
        assertThat(vm.viewport(loss).manual()).isFalse();

        vm.pan(ret, -0.5, 0);
        assertThat(vm.viewport(ret).x0()).isCloseTo(z.x0() - (z.x1() - z.x0()) / 2, offset(1e-6));
        vm.zoomTo(ret, 1000, 2000, 300, 100);
        assertThat(vm.viewport(ret)).isEqualTo(new CurvesViewModel.Viewport(1000, 2000, 100, 300, false, true));
        vm.zoomTo(ret, 1000, 1000, 1, 2); // a degenerate box is ignored
        assertThat(vm.viewport(ret).x0()).isEqualTo(1000);
        vm.reset(ret);
        assertThat(vm.viewport(ret)).isEqualTo(fit);
    }

    @Test
    void logScaleFitsWholeDecadesOfThePositiveValuesAndZoomsInLogSpace() throws Exception {
        vm.addRun(RunData.load(RunFixtures.write(dir.resolve("d"), 4, 40, false)));
        CurvesViewModel.ChartSpec kl = CurvesViewModel.ChartSpec.of("losses/approx_kl");
        vm.logYProperty().set(true);
        CurvesViewModel.Viewport v = vm.viewport(kl);
        assertThat(v.logY()).isTrue();
        double lo = Math.log10(v.y0());
        double hi = Math.log10(v.y1());
        assertThat(lo).isCloseTo(Math.rint(lo), offset(1e-9));
        assertThat(hi).isCloseTo(Math.rint(hi), offset(1e-9));
        vm.zoomBy(kl, 0.5, 0.5, 0.5, false, true);
        CurvesViewModel.Viewport z = vm.viewport(kl);
        assertThat(Math.log10(z.y1()) - Math.log10(z.y0())).isCloseTo((hi - lo) / 2, offset(1e-9));
        assertThat(z.x0()).isEqualTo(v.x0());
    }

    @Test
    void severalRunsOverlayAndReadingsGiveEachRunsValueAtTheNearestStep() throws Exception {
        vm.addRun(RunData.load(RunFixtures.write(dir.resolve("e1"), 5, 20, false)));
        vm.addRun(RunData.load(RunFixtures.write(dir.resolve("e2"), 6, 30, false)));
        assertThat(vm.sources()).hasSize(2);
        var rs = vm.readingsAt(CurvesViewModel.ChartSpec.of("eval/return_mean"), 5 * 512 + 100);
        assertThat(rs).hasSize(2).allSatisfy(r -> assertThat(r.x()).isEqualTo(5 * 512));
        vm.remove(vm.sources().get(0).id());
        assertThat(vm.sources()).hasSize(1);
    }

    @Test
    void aRunOpensOnItsLearningCurveNotOnThroughput() {
        assertThat(CurvesViewModel.defaultKey(new java.util.TreeSet<>(List.of("charts/SPS", "charts/episodic_return",
                "eval/return_mean")))).isEqualTo("charts/episodic_return");
        assertThat(CurvesViewModel.defaultKey(new java.util.TreeSet<>(List.of("charts/SPS", "charts/wall_s",
                "cmorl/busy_s", "eval/hypervolume", "eval/igd")))).isEqualTo("eval/hypervolume");
        assertThat(CurvesViewModel.defaultKey(new java.util.TreeSet<>(List.of("charts/SPS",
                "charts/episodic_return/gem", "charts/episodic_return/gold")))).isEqualTo("charts/episodic_return/gem");
        assertThat(CurvesViewModel.defaultKey(new java.util.TreeSet<>(List.of("charts/SPS", "losses/value_loss"))))
                .isEqualTo("losses/value_loss");
        assertThat(CurvesViewModel.defaultKey(new java.util.TreeSet<>(List.of("charts/SPS")))).isEqualTo("charts/SPS");
    }

    @Test
    void theRunPanelChartFollowsWhatTheRunRecords() {
        assertThat(CurvesViewModel.runPanelSpec(List.of()).keys())
                .containsExactly("charts/episodic_return", "eval/return_mean");
        assertThat(CurvesViewModel.runPanelSpec(List.of("charts/SPS", "charts/episodic_return", "losses/entropy")).keys())
                .containsExactly("charts/episodic_return", "eval/return_mean");
        assertThat(CurvesViewModel.runPanelSpec(List.of("charts/SPS", "cmorl/busy_s", "eval/hypervolume")).keys())
                .containsExactly("eval/hypervolume");
        assertThat(CurvesViewModel.runPanelSpec(List.of("charts/SPS", "charts/episodic_return/time",
                "charts/episodic_return/treasure")).keys())
                .containsExactly("charts/episodic_return/time", "charts/episodic_return/treasure");
        assertThat(CurvesViewModel.runPanelSpec(List.of("charts/SPS", "sft/loss", "kv/kl")).keys())
                .containsExactly("sft/loss");
        assertThat(CurvesViewModel.runPanelSpec(List.of("sft/loss", "grpo/reward", "grpo/kl")).keys())
                .containsExactly("grpo/reward", "sft/loss");
    }
}
