package io.rlwb.app.viewmodel.inspect;

import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.RunViewModel;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The four snapshot views' models (value distributions, Pareto fronts, KV cache, credit) and what feeds them:
 * the live run's snapshots, handed over once a frame by {@link RunViewModel#onSnapshots}, or an opened run
 * directory read in the background. A new run clears them; opening a run directory replaces the live data until
 * the next run starts.
 */
public final class InspectModels {
    private final DistributionViewModel distribution = new DistributionViewModel();
    private final ParetoViewModel pareto = new ParetoViewModel();
    private final KvViewModel kv = new KvViewModel();
    private final CreditViewModel credit = new CreditViewModel();
    private boolean followLive = true;

    /** Feeds the snapshots of {@code run}'s runs into the models, from the next run on. */
    public void bindLive(RunViewModel run) {
        run.stateProperty().addListener((o, a, b) -> {
            if (b == RunState.STARTING) {
                followLive = true;
                all().forEach(m -> m.set("live run", List.of()));
            }
        });
        run.runDirProperty().addListener((o, a, b) -> {
            if (b != null && followLive && run.getState().active()) {
                all().forEach(m -> m.relabel(b.getFileName() + " (live)"));
            }
        });
        run.onSnapshots(this::accept);
    }

    /** Appends live snapshots by kind (UI thread). */
    public void accept(Map<String, List<Stamped<Object>>> byKind) {
        if (!followLive) return;
        for (SnapshotViewModel<?> m : all()) {
            List<Stamped<Object>> list = byKind.get(m.kind());
            if (list != null && !list.isEmpty()) m.append(list);
        }
    }

    /** Shows the snapshots recorded in {@code runDir} (read on {@code background}); stops following the live run. */
    public CompletableFuture<Void> open(Path runDir, Executor background, Executor ui) {
        followLive = false;
        return CompletableFuture.allOf(all().stream().map(m -> m.load(runDir, background, ui))
                .toArray(CompletableFuture[]::new));
    }

    private List<SnapshotViewModel<?>> all() {
        return List.of(distribution, pareto, kv, credit);
    }

    public DistributionViewModel distribution() { return distribution; }

    public ParetoViewModel pareto() { return pareto; }

    public KvViewModel kv() { return kv; }

    public CreditViewModel credit() { return credit; }
}
