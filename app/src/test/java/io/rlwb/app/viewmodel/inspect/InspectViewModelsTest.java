package io.rlwb.app.viewmodel.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.app.inspect.InspectFixtures;
import io.rlwb.app.inspect.credit.DivergingScale;
import io.rlwb.app.viewmodel.SnapshotInbox;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryEvent;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot.Probe;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection view models without a screen, on the committed fixtures and on hand-made snapshots. */
class InspectViewModelsTest {
    private static double area(DistributionShape s) {
        double a = 0;
        for (int i = 0; i + 1 < s.xs().length; i++) a += (s.xs()[i + 1] - s.xs()[i]) * 0.5 * (s.ys()[i] + s.ys()[i + 1]);
        return a;
    }

    @Test
    void everyCriticKindBecomesADensityWithTheRightMass() {
        double[] edges = {0, 1, 2, 4};
        assertThat(area(DistributionShape.of(Probe.categorical("c", null, edges, new double[] {0.2, 0.5, 0.3}, null), 1)))
                .isCloseTo(1.0, within(1e-9));
        DistributionShape cat = DistributionShape.of(Probe.categorical("c", null, edges, new double[] {0.2, 0.5, 0.3}, null), 1);
        assertThat(cat.ys()[4]).as("0.3 over a bin two wide").isCloseTo(0.15, within(1e-12));
        double[] taus = {0.125, 0.375, 0.625, 0.875};
        DistributionShape q = DistributionShape.of(Probe.quantile("q", null, taus, new double[] {1, 2, 4, 8}, null), 1);
        assertThat(area(q)).as("mass between the first and last quantile").isCloseTo(0.75, within(1e-9));
        assertThat(area(DistributionShape.of(Probe.gaussian("g", null, 3, 2, null), 1))).isCloseTo(1.0, within(1e-3));
        DistributionShape s = DistributionShape.of(Probe.scalar("s", null, 5, null), 2);
        assertThat(s.xs()).containsExactly(4, 5, 6);
        assertThat(area(s)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void ridgeRowsSpanFirstToLastSnapshotEvenlyOffsetOldestAtTheBottom() throws Exception {
        DistributionViewModel vm = new DistributionViewModel();
        vm.set("c51", TelemetryFiles.distributions(InspectFixtures.fixture("c51")));
        assertThat(vm.probes()).containsExactly("upright", "tilted");
        List<DistributionViewModel.RidgeRow> rows = vm.ridgeRows(10, 1.5);
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0).step()).isEqualTo(vm.snapshots().get(0).step());
        assertThat(rows.get(9).step()).isEqualTo(vm.snapshots().get(29).step());
        double spacing = 1 / (10 + 1.5);
        for (int k = 0; k < 10; k++) {
            assertThat(rows.get(k).baseline()).isCloseTo(k * spacing, within(1e-12));
            assertThat(rows.get(k).height()).isCloseTo(1.5 * spacing, within(1e-12));
        }
        assertThat(rows.get(9).baseline() + rows.get(9).height()).isLessThanOrEqualTo(1.0);
        vm.probeProperty().set(1);
        assertThat(vm.shownProbe().label()).isEqualTo("tilted");
        double[] range = vm.returnRange();
        assertThat(range[0]).isLessThanOrEqualTo(-1.0);
        assertThat(range[1]).isGreaterThanOrEqualTo(101.0);
        vm.snapshotProperty().set(0);
        assertThat(vm.shown().step()).isEqualTo(4096);
    }

    private static ParetoSnapshot.Point pt(String id, double x, double y) {
        return new ParetoSnapshot.Point(id, new double[] {x, y, 0}, null, false);
    }

    @Test
    void dominatedPointsOfTheChosenPairAreFlaggedAndTheFrontIsAStaircase() {
        List<ParetoSnapshot.Point> pts = List.of(pt("a", 1, 5), pt("b", 3, 3), pt("c", 2, 2), pt("d", 5, 1), pt("e", 3, 1));
        assertThat(ParetoViewModel.dominatedIn(pts, 0, 1)).containsExactly(false, false, true, false, true);
        ParetoViewModel vm = new ParetoViewModel();
        vm.set("t", List.of(new TelemetryFiles.Stamped<>(1, 0, new ParetoSnapshot(1, List.of("x", "y", "z"),
                new double[] {0, 0, 0}, pts, 0, null, 3, null, null))));
        assertThat(vm.frontSteps()).containsExactly(new double[] {1, 5}, new double[] {1, 3}, new double[] {3, 3},
                new double[] {3, 1}, new double[] {5, 1});
        // On the pair (z, y), with z equal everywhere, the point highest in y dominates all the others.
        vm.xObjectiveProperty().set(2);
        assertThat(vm.dominatedShown()).containsExactly(false, true, true, true, true);
        assertThat(ParetoViewModel.normalise(3, new double[] {1, 5})).isEqualTo(0.5);
        assertThat(vm.valueKind()).isEqualTo("return");
    }

    @Test
    void discountedSnapshotsSayTheirDiscountOnTheAxes() {
        ParetoViewModel vm = new ParetoViewModel();
        vm.set("t", List.of(new TelemetryFiles.Stamped<>(1, 0, new ParetoSnapshot(1, List.of("x", "y"),
                new double[] {0, 0}, List.of(pt("a", 1, 2)), 0, null, 1, 0.0, null, 0.99))));
        assertThat(vm.valueKind()).isEqualTo("return, \u03b3 0.99");
    }

    @Test
    void deepSeaTreasureFrontMatchesTheArchiveCardinalityAndAPolicyHasAHistory() throws Exception {
        ParetoViewModel vm = new ParetoViewModel();
        vm.set("dst", TelemetryFiles.pareto(InspectFixtures.fixture("dst")));
        assertThat(vm.objectives()).containsExactly("treasure", "time");
        boolean[] dom = vm.dominatedShown();
        long front = 0;
        for (boolean d : dom) if (!d) front++;
        assertThat(front).isEqualTo(vm.shown().data().cardinality());
        double[] hv = vm.metric("hypervolume");
        assertThat(hv).hasSize(20);
        assertThat(hv[19]).isGreaterThan(hv[0]);
        assertThat(vm.history("p0")).hasSize(20);
        // A policy stays in the archive from the snapshot it first appears in.
        for (int k = 0; k < 20; k++) {
            for (ParetoSnapshot.Point p : vm.snapshots().get(k).data().points()) {
                boolean before = k > 0 && vm.snapshots().get(k - 1).data().points().stream()
                        .anyMatch(q -> q.policy().equals(p.policy()));
                if (!before) assertThat(vm.history(p.policy())).as(p.policy()).hasSize(20 - k);
            }
        }
        vm.selectedProperty().set("p0");
        assertThat(vm.describe(vm.selectedPoint())).contains("policy p0").contains("treasure = ").contains("weights");
    }

    @Test
    void stackedBytesSumTheLayersAndTheRatioIsFullOverHeld() throws Exception {
        KvViewModel vm = new KvViewModel();
        vm.set("kv", TelemetryFiles.kvCache(InspectFixtures.fixture("minicache")));
        assertThat(vm.layers()).isEqualTo(4);
        double[][] st = vm.stackedBytes();
        for (int i = 0; i < vm.snapshots().size(); i++) {
            KvCacheSnapshot s = vm.snapshots().get(i).data();
            assertThat(st[3][i]).isEqualTo((double) s.bytes());
            assertThat(st[0][i]).isEqualTo((double) KvViewModel.layerBytes(s, 0));
            for (int l = 1; l < 4; l++) assertThat(st[l][i]).isGreaterThanOrEqualTo(st[l - 1][i]);
            assertThat(vm.compressionRatio()[i]).isCloseTo(s.bytesFull() / (double) s.bytes(), within(1e-12));
        }
        int[] counts = vm.stateCounts();
        assertThat(counts[KvCacheSnapshot.MERGED]).isPositive();
        assertThat(counts[KvCacheSnapshot.QUANTISED]).isPositive();
        assertThat(counts[KvCacheSnapshot.EVICTED]).isPositive();
        assertThat(vm.tokenMap()[0]).hasSize(64 + 256);
    }

    @Test
    void creditCursorStaysInsideTheEpisodeAndReturnsAreAdvantagePlusValue() throws Exception {
        CreditViewModel vm = new CreditViewModel();
        vm.set("credit", TelemetryFiles.credit(InspectFixtures.fixture("credit")));
        assertThat(vm.episodes()).hasSize(2);
        assertThat(vm.groups()).hasSize(1);
        assertThat(vm.steps()).hasSize(243);
        vm.moveCursor(-5);
        assertThat(vm.cursorProperty().get()).isZero();
        vm.moveCursor(1000);
        assertThat(vm.cursorProperty().get()).isEqualTo(242);
        vm.episodeProperty().set(0);
        assertThat(vm.steps()).hasSize(187);
        assertThat(vm.cursorProperty().get()).isEqualTo(186);
        double[] ret = vm.series("return");
        double[] adv = vm.series("advantage");
        double[] val = vm.series("value");
        for (int t = 0; t < ret.length; t++) assertThat(ret[t]).isCloseTo(adv[t] + val[t], within(1e-9));
        assertThat(vm.cursorText()).startsWith("t = 186");
        assertThat(vm.completions()).containsExactly(0, 1, 2, 3);
        assertThat(vm.tokens(1)).extracting(CreditSnapshot.Token::text).containsExactly("4", "2", ".");
    }

    @Test
    void divergingScaleMapsZeroToNeutralAndTheExtremesToRedAndBlue() {
        Color neutral = Color.WHITE;
        DivergingScale s = DivergingScale.fitting(new double[] {-0.5, 2, 1}, neutral);
        assertThat(s.maxAbs()).isEqualTo(2);
        assertThat(s.colour(0)).isEqualTo(neutral);
        assertThat(s.colour(2)).isEqualTo(DivergingScale.BLUE);
        assertThat(s.colour(5)).as("saturates").isEqualTo(DivergingScale.BLUE);
        assertThat(s.colour(-2)).isEqualTo(DivergingScale.RED);
        assertThat(s.colour(-1)).isEqualTo(neutral.interpolate(DivergingScale.RED, 0.5));
        assertThat(s.position(Double.NaN)).isZero();
        assertThat(s.textOn(0, Color.BLACK, Color.WHITE)).isEqualTo(Color.BLACK);
        assertThat(s.textOn(-2, Color.BLACK, Color.WHITE)).isEqualTo(Color.WHITE);
    }

    @Test
    void prefixTreeLeavesTakeRowsInOrderAndInnerNodesSitBetweenTheirChildren() {
        List<CreditSnapshot.TreeNode> t = List.of(new CreditSnapshot.TreeNode(0, -1, "r", 0.5, 4),
                new CreditSnapshot.TreeNode(1, 0, "a", 1, 3), new CreditSnapshot.TreeNode(2, 1, "x", 1, 2),
                new CreditSnapshot.TreeNode(3, 1, "y", 0, 1), new CreditSnapshot.TreeNode(4, 0, "b", 0, 1));
        List<TreeLayout.Placed> p = TreeLayout.layout(t);
        assertThat(p).extracting(x -> x.node().text()).containsExactly("r", "a", "x", "y", "b");
        assertThat(p).extracting(TreeLayout.Placed::row).containsExactly(1.25, 0.5, 0.0, 1.0, 2.0);
        assertThat(p).extracting(TreeLayout.Placed::depth).containsExactly(0, 1, 2, 2, 1);
        assertThat(p).extracting(TreeLayout.Placed::parentIndex).containsExactly(-1, 0, 1, 1, 0);
    }

    @Test
    void liveSnapshotsAreRoutedByKindAndTheInboxKeepsABoundedBacklog() {
        SnapshotInbox inbox = new SnapshotInbox();
        List<TelemetryEvent> batch = new ArrayList<>();
        for (int i = 0; i < SnapshotInbox.PENDING + 10; i++) {
            batch.add(new TelemetryEvent.Snapshot(i, i, CreditSnapshot.KIND, new CreditSnapshot(1, "gae", i,
                    List.of(new CreditSnapshot.Step(0, 1, 0, 1, 1, 1)), null, null)));
        }
        batch.add(new TelemetryEvent.Snapshot(7, 7, ValueDistributionSnapshot.KIND,
                new ValueDistributionSnapshot("gae", List.of(Probe.scalar("reset 0", new double[] {0}, 3, 4.0)))));
        batch.add(new TelemetryEvent.Metric(7, 7, "charts/episodic_return", 9));
        inbox.offer(batch);
        Map<String, List<TelemetryFiles.Stamped<Object>>> got = inbox.drain();
        assertThat(got.get(CreditSnapshot.KIND)).hasSize(SnapshotInbox.PENDING);
        assertThat(got.get(CreditSnapshot.KIND).get(0).step()).as("oldest dropped first").isEqualTo(10);
        assertThat(inbox.drain()).isEmpty();
        InspectModels m = new InspectModels();
        m.accept(got);
        assertThat(m.credit().episodes()).hasSize(SnapshotInbox.PENDING);
        assertThat(m.distribution().shownProbe().mean()).isEqualTo(3.0);
        assertThat(m.pareto().isEmpty()).isTrue();
        assertThat(m.kv().isEmpty()).isTrue();
    }

    @Test
    void emptyStatesNameWhatProducesTheData() {
        assertThat(new DistributionViewModel().emptyMessage()).contains("distributional").contains("GAE");
        assertThat(new ParetoViewModel().emptyMessage()).contains("morl");
        assertThat(new KvViewModel().emptyMessage()).contains("llm");
        assertThat(new CreditViewModel().emptyMessage()).contains("GAE").contains("telemetry_every");
    }

    @Test
    void committedFixturesAreWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        InspectFixtures.writeAll(tmp);
        for (String f : List.of("c51/telemetry/distribution.jsonl", "quantile/telemetry/distribution.jsonl",
                "dst/telemetry/pareto.jsonl", "hopper3/telemetry/pareto.jsonl", "minicache/telemetry/kv.jsonl",
                "credit/telemetry/credit.jsonl")) {
            assertThat(Files.readString(tmp.resolve(f))).as(f)
                    .isEqualTo(Files.readString(InspectFixtures.fixture("").resolve(f)));
        }
    }
}
