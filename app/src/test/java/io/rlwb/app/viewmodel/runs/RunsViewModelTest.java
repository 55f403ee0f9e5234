package io.rlwb.app.viewmodel.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.RunFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run browser's state without a screen: the folder as a TableSaw table, sort, filter, open, report. */
class RunsViewModelTest {
    @TempDir
    Path runs;

    private final RunsViewModel vm = new RunsViewModel(Runnable::run, Runnable::run);

    @BeforeEach
    void threeRuns() throws Exception {
        RunFixtures.write(runs.resolve("20261128-0201-ppo-s1"), 1, 20, false);
        RunFixtures.write(runs.resolve("20261128-0202-ppo-s2"), 2, 40, false);
        Path failed = RunFixtures.write(runs.resolve("20261128-0203-ppo-s3"), 3, 10, false);
        Path rec = failed.resolve("run.json");
        Files.writeString(rec, Files.readString(rec).replace("\"completed\"", "\"failed\""));
        Files.createDirectories(runs.resolve("not-a-run"));
        vm.folderProperty().set(runs);
    }

    @Test
    void theFolderBecomesATableWithRunGraphStatusSeedStartDurationBackendAndSummaryMetrics() {
        assertThat(vm.rows()).hasSize(3);
        assertThat(vm.columns()).containsSubsequence(RunsTable.RUN, RunsTable.GRAPH, RunsTable.STATUS, RunsTable.SEED,
                RunsTable.STARTED, RunsTable.DURATION, RunsTable.STEPS, RunsTable.BACKEND, "charts/episodic_return",
                "eval/return_mean", "charts/SPS");
        assertThat(vm.columns()).doesNotContain(RunsTable.DIR);
        RunRow first = vm.rows().get(0); // newest start first
        assertThat(first.value(RunsTable.SEED)).isEqualTo(3L);
        assertThat(first.value(RunsTable.STATUS)).isEqualTo("failed");
        assertThat(first.value(RunsTable.GRAPH)).isEqualTo("PPO on CartPole");
        assertThat(first.text(RunsTable.BACKEND)).isEqualTo("CPU avx2");
        assertThat(first.text(RunsTable.DURATION)).isEqualTo("3 min 03 s");
        assertThat((Double) first.value("charts/episodic_return")).isPositive();
        assertThat(vm.table().rowCount()).isEqualTo(3);
        assertThat(vm.messageProperty().get()).startsWith("3 runs in");
    }

    @Test
    void sortingAndFilteringGoThroughTableSaw() {
        vm.sort(RunsTable.SEED, true);
        assertThat(vm.rows()).extracting(r -> r.value(RunsTable.SEED)).containsExactly(1L, 2L, 3L);
        vm.sort(RunsTable.STEPS, false);
        assertThat(vm.rows()).extracting(r -> r.value(RunsTable.STEPS)).containsExactly(40 * 512L, 20 * 512L, 10 * 512L);
        vm.filterProperty().set("FAILED");
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.rows().get(0).value(RunsTable.SEED)).isEqualTo(3L);
        vm.filterProperty().set("seed 2");
        assertThat(vm.rows()).extracting(r -> r.value(RunsTable.SEED)).containsExactly(2L);
        vm.filterProperty().set("no such thing");
        assertThat(vm.rows()).isEmpty();
        vm.filterProperty().set("");
        assertThat(vm.rows()).hasSize(3);
    }

    @Test
    void openingSelectedRunsHandsTheirDirectoriesOnAndReportsAreWrittenForThem() throws Exception {
        List<Path> opened = new ArrayList<>();
        vm.setOnOpen(opened::addAll);
        vm.openSelected();
        assertThat(opened).isEmpty();
        assertThat(vm.messageProperty().get()).contains("Select");
        vm.selected().setAll(vm.rows().get(1), vm.rows().get(2));
        vm.openSelected();
        assertThat(opened).hasSize(2);
        assertThat(vm.messageProperty().get()).contains("Comparing 2 runs");

        Path html = vm.reportSelected().get();
        assertThat(html.getParent()).isEqualTo(runs);
        assertThat(html.getFileName().toString()).startsWith("comparison-").endsWith(".html");
        assertThat(Files.readString(html)).contains("Comparison of 2 runs");
        assertThat(html.resolveSibling(html.getFileName().toString().replace(".html", ".pdf"))).isRegularFile();
        vm.selected().setAll(vm.rows().get(0));
        Path one = vm.reportSelected().get();
        assertThat(one).isEqualTo(vm.rows().get(0).dir().resolve("report.html"));
    }

    @Test
    void anEmptyOrMissingFolderSaysWhereRunsWouldBe() {
        vm.folderProperty().set(runs.resolve("nothing-here"));
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.messageProperty().get()).startsWith("No runs in").contains("nothing-here");
    }
}
