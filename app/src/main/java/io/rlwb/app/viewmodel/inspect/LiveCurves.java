package io.rlwb.app.viewmodel.inspect;

import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.RunViewModel;

/**
 * Feeds the run in progress into a {@link CurvesViewModel}: the run's metric map (filled by the telemetry
 * subscription, drained once a frame on the UI thread) is shown as the live source, and every drain refreshes
 * the curves, which repaint at most once per frame.
 */
public final class LiveCurves {
    private LiveCurves() {}

    /** Shows {@code run}'s metrics in {@code curves} from its first run on. */
    public static void bind(RunViewModel run, CurvesViewModel curves) {
        Runnable show = () -> {
            java.nio.file.Path dir = run.runDirProperty().get();
            String name = dir == null ? "current run" : String.valueOf(dir.getFileName());
            curves.setLive(run.getState().active() ? name + " (live)" : name, dir, run.metrics());
        };
        run.stateProperty().addListener((o, a, b) -> {
            if (b == RunState.STARTING || b.ended()) show.run();
        });
        run.runDirProperty().addListener((o, a, b) -> {
            if (b != null) show.run();
        });
        run.dataVersionProperty().addListener((o, a, b) -> curves.refresh());
    }
}
