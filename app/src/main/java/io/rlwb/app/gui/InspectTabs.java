package io.rlwb.app.gui;

import io.rlwb.app.inspect.curves.CurvesView;
import io.rlwb.app.runs.RunsView;
import io.rlwb.app.viewmodel.RunViewModel;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import io.rlwb.app.viewmodel.inspect.InspectModels;
import io.rlwb.app.viewmodel.inspect.LiveCurves;
import io.rlwb.app.viewmodel.runs.RunsViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The centre of the window: the graph editor, the learning curves (the live run and any opened runs) and the run
 * browser, one tab each (Ctrl+1, Ctrl+2, Ctrl+3). Opening runs in the browser shows them in the curves tab;
 * {@link #exportReport()} writes the report of the selected runs, or of the last run, off the UI thread.
 */
public final class InspectTabs extends TabPane {
    private final WorkbenchViewModel vm;
    private final CurvesViewModel curves;
    private final RunsViewModel runs;
    private final Tab graphTab;
    private final Tab curvesTab;
    private final Tab runsTab;
    private final InspectModels snapshots = new InspectModels();

    InspectTabs(WorkbenchViewModel vm, Node graphPane) {
        this.vm = vm;
        setId("inspectTabs");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        curves = new CurvesViewModel(vm.backgroundExecutor(), vm.uiExecutor());
        LiveCurves.bind(vm.run(), curves);
        runs = new RunsViewModel(vm.backgroundExecutor(), vm.uiExecutor());
        runs.setOnOpen(this::openRuns);
        runs.setResumer((dir, cancel) -> {
            io.rlwb.engine.runtime.Runner runner = new io.rlwb.engine.runtime.Runner(vm.registry().join());
            return runner.run(runner.resume(dir, io.rlwb.engine.runtime.RunOptions.defaults().checkpointEvery()),
                    io.rlwb.engine.runtime.RunListener.NONE, null, cancel);
        });
        graphTab = new Tab("Graph", graphPane);
        graphTab.setId("graphTab");
        CurvesView curvesView = new CurvesView(curves);
        curvesView.setId("curvesView");
        curvesTab = new Tab("Curves", curvesView);
        curvesTab.setId("curvesTab");
        RunsView runsView = new RunsView(runs);
        runsView.setId("runsView");
        runsTab = new Tab("Runs", runsView);
        runsTab.setId("runsTab");
        getTabs().addAll(graphTab, curvesTab, runsTab);
        snapshots.bindLive(vm.run());
        getTabs().addAll(SnapshotTabs.tabs(snapshots));
        runsTab.selectedProperty().addListener((o, a, b) -> {
            if (b) runs.refresh();
        });
        vm.run().stateProperty().addListener((o, a, b) -> {
            if (b.ended() && runsTab.isSelected()) runs.refresh();
        });
    }

    private void openRuns(List<Path> dirs) {
        for (CurvesViewModel.Source s : List.copyOf(curves.sources())) {
            if (!s.live()) curves.remove(s.id());
        }
        dirs.forEach(curves::open);
        if (!dirs.isEmpty()) snapshots.open(dirs.get(0), vm.backgroundExecutor(), vm.uiExecutor());
        getSelectionModel().select(curvesTab);
    }

    /** Opens one run directory (a sweep's trial) in the curves tab, as the run browser does. */
    public void openRun(Path dir) {
        openRuns(List.of(dir));
    }

    /** Shows tab {@code index} (0 graph, 1 curves, 2 runs). */
    public void show(int index) {
        getSelectionModel().select(index);
    }

    /**
     * Writes the report of the runs selected in the run browser when it is showing, else of the current or last
     * run; never waits. The outcome goes to the run log.
     */
    public CompletableFuture<Path> exportReport() {
        List<Path> dirs;
        if (runsTab.isSelected() && !runs.selected().isEmpty()) {
            dirs = runs.selected().stream().map(io.rlwb.app.viewmodel.runs.RunRow::dir).toList();
        } else {
            Path last = vm.run().runDirProperty().get();
            if (last == null) {
                vm.run().log().add(RunViewModel.clock(java.time.LocalTime.now()) + "  No run to report on yet: run the graph, "
                        + "or select runs in the Runs tab");
                return CompletableFuture.failedFuture(new IllegalStateException("no run to report on"));
            }
            dirs = List.of(last);
        }
        CompletableFuture<Path> done = runs.report(dirs);
        done.whenComplete((p, ex) -> vm.run().log().add(RunViewModel.clock(java.time.LocalTime.now()) + "  "
                + runs.messageProperty().get()));
        return done;
    }

    /** The curves tab's model. */
    public CurvesViewModel curves() { return curves; }

    /** The models of the snapshot views (distributions, Pareto, KV cache, credit). */
    public InspectModels snapshots() { return snapshots; }

    /** The run browser's model. */
    public RunsViewModel runs() { return runs; }
}
