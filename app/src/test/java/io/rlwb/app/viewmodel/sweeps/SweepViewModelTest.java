package io.rlwb.app.viewmodel.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.store.RunLock;
import io.rlwb.engine.testkit.SweepTestNodes;
import io.rlwb.engine.sweep.SweepTable;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.testkit.HandMadeSweeps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep dialog's model without a screen: both executors run tasks on the calling thread. */
class SweepViewModelTest {
    private static SweepViewModel model() throws Exception {
        return new SweepViewModel(new GraphFile().parse(SweepTestNodes.graph("tiny", 0), "tiny.json"),
                SweepTestNodes.registry(), Runnable::run, Runnable::run);
    }

    @Test
    void twoTrialsRunAndTheDirectoryIsReleased(@TempDir Path tmp) throws Exception {
        SweepViewModel m = model();
        m.vary("t.value", "1, 2");
        Path dir = tmp.resolve("sweep");
        assertThat(m.start(dir, "3", 0, 1)).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.rows()).extracting(r -> r.status()).containsExactly("completed", "completed");
        assertThat(m.points("t.value", "test/value")).extracting(p -> p[1]).containsExactly(1003.0, 2003.0);
        assertThat(RunLock.isLive(dir)).isFalse();
    }

    @Test
    void anExecutorThatCannotBeMadeEndsTheSweepAndReleasesItsDirectory(@TempDir Path tmp) throws Exception {
        SweepViewModel m = model();
        m.vary("t.value", "1, 2");
        Path dir = tmp.resolve("sweep");
        assertThat(m.start(dir, "3", 0, -1)).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).startsWith("The sweep stopped").contains("pool size");
        assertThat(RunLock.isLive(dir)).as("the sweep directory's lock is released").isFalse();
    }

    /**
     * Opening a sweep shows that sweep on the left, not the editor's choices: its graph's parameters (with the
     * values its graph has), its grid as the varied list, its seeds and budget; Start then repeats it.
     */
    @Test
    void anOpenedSweepReplacesTheEditorsGraphAndChoices(@TempDir Path tmp) throws Exception {
        SweepViewModel earlier = new SweepViewModel(new GraphFile().parse(SweepTestNodes.graph("tiny", 0)
                .replace("\"gate_at\": 0", "\"gate_at\": 0, \"value\": 7.0"), "earlier.json"), SweepTestNodes.registry(),
                Runnable::run, Runnable::run);
        earlier.vary("t.value", "4, 5");
        Path dir = tmp.resolve("earlier");
        assertThat(earlier.start(dir, "2, 3", 0, 1)).isTrue();
        assertThat(earlier.rows()).extracting(r -> r.status()).containsOnly("completed");

        SweepViewModel m = model();
        m.vary("t.value", "9");
        assertThat(m.candidates()).extracting(SweepViewModel.Candidate::toString).contains("t.value = 1.0");
        assertThat(m.open(dir)).isTrue();
        assertThat(m.varied()).extracting(SweepViewModel.Varied::toString).containsExactly("t.value: 4.0, 5.0");
        assertThat(m.candidates()).extracting(SweepViewModel.Candidate::toString).contains("t.value = 7.0");
        assertThat(m.openedSettingsProperty().get()).isEqualTo(new SweepViewModel.Settings("2, 3", 0));
        assertThat(m.messageProperty().get()).isEqualTo("4 trials read from " + dir);

        assertThat(m.start(tmp.resolve("again"), "2, 3", 0, 1)).isTrue();
        assertThat(m.rows()).extracting(r -> r.status()).containsOnly("completed");
        assertThat(m.points("t.value", "test/value")).extracting(p -> p[1])
                .containsExactlyInAnyOrder(4002.0, 4003.0, 5002.0, 5003.0);
    }

    /**
     * A finished sweep over reward weights opened from its directory: the Pareto view takes the two reward-head
     * means, dominated trials are off the front and the tied ones both on it, the hover names the trial and its
     * weight, and a trial that finishes later joins the front at once.
     */
    @Test
    void theParetoViewOfASweepShowsItsFrontAndFollowsFinishingTrials(@TempDir Path tmp) throws Exception {
        SweepViewModel m = model();
        Path dir = HandMadeSweeps.write(tmp.resolve("s"), "weights", HandMadeSweeps.rewardWeights());
        assertThat(m.open(dir)).isTrue();
        assertThat(m.rows()).hasSize(9);
        assertThat(m.objectives()).containsExactly(HandMadeSweeps.HELPFUL, HandMadeSweeps.SHORT);
        assertThat(m.front().front()).extracting(SweepTable.Row::id).containsExactly("t1", "t2", "t3", "t5");
        assertThat(m.pareto().objectives()).containsExactly(HandMadeSweeps.HELPFUL, HandMadeSweeps.SHORT);
        assertThat(m.pareto().points()).filteredOn(p -> p.dominated()).extracting(p -> p.policy())
                .containsExactly("t4", "t6");
        ParetoSnapshot.Point t4 = m.pareto().points().stream().filter(p -> p.policy().equals("t4")).findFirst().orElseThrow();
        assertThat(m.pareto().describe(t4)).startsWith("trial t4 (seed 1)").contains("combiner.w = 0.3")
                .contains(HandMadeSweeps.HELPFUL + " = 1").endsWith("dominated by another trial");

        // t9 finishes beyond everyone: it alone is the front now.
        SweepTable.Row pending = m.rows().get(8);
        m.rows().set(8, new SweepTable.Row("t9", 1, pending.params(), "completed", 1,
                Map.of(HandMadeSweeps.HELPFUL, 5.0, HandMadeSweeps.SHORT, 5.0), 64, 0.5, null, "here", pending.runDir()));
        assertThat(m.front().front()).extracting(SweepTable.Row::id).containsExactly("t9");
        assertThat(m.pareto().points()).filteredOn(p -> !p.dominated()).extracting(p -> p.policy()).containsExactly("t9");

        // The user's choice sticks (t9 has no grpo/loss, so it is no point); fewer than two go back to the defaults.
        m.chooseObjectives(List.of(HandMadeSweeps.HELPFUL, "grpo/loss"));
        assertThat(m.pareto().objectives()).containsExactly(HandMadeSweeps.HELPFUL, "grpo/loss");
        assertThat(m.front().front()).extracting(SweepTable.Row::id).containsExactly("t1", "t2", "t3");
        m.chooseObjectives(List.of());
        assertThat(m.objectives()).containsExactly(HandMadeSweeps.HELPFUL, HandMadeSweeps.SHORT);
    }
}
