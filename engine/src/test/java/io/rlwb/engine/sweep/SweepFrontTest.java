package io.rlwb.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.report.SweepReport;
import io.rlwb.engine.testkit.HandMadeSweeps;
import io.rlwb.engine.testkit.HandMadeSweeps.Trial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front of a sweep's trials, and the report's section on it, on sweep directories written by hand. */
class SweepFrontTest {
    static final String A = HandMadeSweeps.HELPFUL;
    static final String B = HandMadeSweeps.SHORT;

    static List<Trial> trials() {
        return HandMadeSweeps.rewardWeights();
    }

    @Test
    void dominatedTrialsAreOffTheFrontAndTiedTrialsAreBothOnIt(@TempDir Path tmp) throws Exception {
        SweepTable table = SweepTable.read(HandMadeSweeps.write(tmp.resolve("s"), "weights", trials()));
        SweepFront f = SweepFront.of(table.rows(), List.of(A, B));
        assertThat(f.trials()).extracting(SweepTable.Row::id).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
        assertThat(f.front()).extracting(SweepTable.Row::id).containsExactly("t1", "t2", "t3", "t5");
        assertThat(f.worst()).containsExactly(1, 1);
        assertThat(f.snapshot().points()).filteredOn(p -> !p.dominated()).extracting(p -> p.policy())
                .containsExactly("t1", "t2", "t3", "t5");
        assertThat(f.snapshot().cardinality()).isEqualTo(4);
    }

    @Test
    void theDefaultsAreTheRewardHeadMeansThenAnyMeansThenAnyTwoMetrics() {
        assertThat(SweepFront.defaultObjectives(List.of("grpo/loss", "x/mean", A, "grpo/kl", B)))
                .containsExactly(A, B);
        assertThat(SweepFront.defaultObjectives(List.of("grpo/loss", "x/mean", A, "y/mean"))).containsExactly("x/mean", A);
        assertThat(SweepFront.defaultObjectives(List.of("grpo/loss", "grpo/kl", "eval/return"))).containsExactly("grpo/loss", "grpo/kl");
        assertThat(SweepFront.defaultObjectives(List.of("grpo/loss"))).containsExactly("grpo/loss");
        assertThat(SweepFront.rewardHeads(List.of(A, "rewards/x/mean", "grpo/rewards/x/std", "grpo/rewards/mean")))
                .containsExactly(A, "rewards/x/mean");
    }

    @Test
    void theReportListsTheFrontTrialsAndPlotsThem(@TempDir Path tmp) throws Exception {
        Path dir = HandMadeSweeps.write(tmp.resolve("s"), "weights", trials());
        String html = Files.readString(SweepReport.write(dir, tmp.resolve("r.html"), null));
        String front = html.substring(html.indexOf("<section id=\"front\">"), html.indexOf("</section>", html.indexOf("<section id=\"front\">")));
        assertThat(front).contains("4 of 6").contains("data-front=\"4\"").contains("<svg");
        for (String id : List.of("t1", "t2", "t3", "t5")) assertThat(front).contains("href=\"s/trials/" + id + "/\"");
        for (String id : List.of("t4", "t6", "t7", "t8")) assertThat(front).doesNotContain("trials/" + id + "/");
    }

    @Test
    void aSweepWithoutTwoRewardHeadsHasNoFrontSection(@TempDir Path tmp) throws Exception {
        Path dir = HandMadeSweeps.write(tmp.resolve("s"), "lr", List.of(
                new Trial("t1", 1, Map.of("adam.lr", 0.001), "completed", Map.of("eval/return_mean", 10.0, "loss", 1.0)),
                new Trial("t2", 1, Map.of("adam.lr", 0.01), "completed", Map.of("eval/return_mean", 20.0, "loss", 2.0))));
        String html = Files.readString(SweepReport.write(dir, tmp.resolve("r.html"), null));
        assertThat(html).contains("data-param=\"adam.lr\"").doesNotContain("id=\"front\"");
    }
}
