package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot.Probe;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The value-distribution view's model: the probe states of the critic's snapshots, the chosen probe and snapshot
 * (the latest unless one is picked), the chosen probe's prediction against the observed return, and the rows of
 * the ridge plot (how the prediction evolved). Works for every critic kind through {@link DistributionShape}.
 */
public final class DistributionViewModel extends SnapshotViewModel<ValueDistributionSnapshot> {
    /** Snapshots kept. */
    public static final int CAPACITY = 4000;
    private final ObservableList<String> probes = FXCollections.observableArrayList();
    private final IntegerProperty probe = new SimpleIntegerProperty(this, "probe", 0);
    /** Chosen snapshot index; -1 follows the latest. */
    private final IntegerProperty snapshot = new SimpleIntegerProperty(this, "snapshot", -1);

    /**
     * One ridge of the ridge plot.
     *
     * @param step env step of the snapshot
     * @param baseline where the ridge sits, 0 (bottom, oldest) to 1 (top, newest), as a fraction of the plot
     * @param height the tallest the ridge may rise, as a fraction of the plot
     * @param shape the predicted density
     * @param probe the probe (mean, empirical return)
     */
    public record RidgeRow(long step, double baseline, double height, DistributionShape shape, Probe probe) {}

    public DistributionViewModel() {
        super(ValueDistributionSnapshot.KIND, ValueDistributionSnapshot.class, TelemetryFiles::distributions, CAPACITY);
        probe.addListener((o, a, b) -> touch());
        snapshot.addListener((o, a, b) -> touch());
    }

    @Override
    public String emptyMessage() {
        return "No value distributions yet: the core GAE estimator publishes its scalar critic's value at probe "
                + "states every telemetry_every iterations; wire a distributional critic (HL-Gauss, C51, quantile, "
                + "Gaussian) from plugin 'distributional' to see whole distributions.";
    }

    @Override
    protected void changed() {
        List<String> labels = new ArrayList<>();
        if (!isEmpty()) for (Probe p : latest().data().probes()) labels.add(p.label());
        if (!labels.equals(probes)) probes.setAll(labels);
        if (probe.get() >= probes.size()) probe.set(0);
        if (snapshot.get() >= snapshots().size()) snapshot.set(-1);
    }

    private Stamped<ValueDistributionSnapshot> latest() {
        return snapshots().get(snapshots().size() - 1);
    }

    /** Probe labels of the latest snapshot. */
    public ObservableList<String> probes() {
        return probes;
    }

    /** Index of the chosen probe. */
    public IntegerProperty probeProperty() {
        return probe;
    }

    /** Index of the chosen snapshot; -1 follows the latest. */
    public IntegerProperty snapshotProperty() {
        return snapshot;
    }

    /** The snapshot shown, or null when there is none. */
    public Stamped<ValueDistributionSnapshot> shown() {
        if (isEmpty()) return null;
        int i = snapshot.get();
        return i < 0 || i >= snapshots().size() ? latest() : snapshots().get(i);
    }

    /** The chosen probe in the shown snapshot, or null. */
    public Probe shownProbe() {
        Stamped<ValueDistributionSnapshot> s = shown();
        return s == null ? null : probeOf(s.data(), probe.get());
    }

    private static Probe probeOf(ValueDistributionSnapshot s, int index) {
        return index >= 0 && index < s.probes().size() ? s.probes().get(index) : null;
    }

    /** Returns covered by the chosen probe over all snapshots, so the axis stays put while the data moves. */
    public double[] returnRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Stamped<ValueDistributionSnapshot> s : snapshots()) {
            Probe p = probeOf(s.data(), probe.get());
            if (p == null) continue;
            double[] e = DistributionShape.extent(p);
            lo = Math.min(lo, e[0]);
            hi = Math.max(hi, e[1]);
        }
        if (!(hi >= lo)) return new double[] {0, 1};
        if (hi - lo < 1e-9) return new double[] {lo - 1, hi + 1};
        return new double[] {lo, hi};
    }

    /**
     * Up to {@code maxRows} ridges of the chosen probe, evenly spread over the snapshots (first and last always
     * in), oldest at the bottom; each may rise {@code overlap} row spacings above its baseline.
     */
    public List<RidgeRow> ridgeRows(int maxRows, double overlap) {
        List<Integer> picked = new ArrayList<>();
        int n = snapshots().size();
        if (n == 0 || maxRows <= 0) return List.of();
        int rows = Math.min(n, maxRows);
        for (int r = 0; r < rows; r++) {
            int i = rows == 1 ? n - 1 : (int) Math.round(r * (n - 1) / (double) (rows - 1));
            if (picked.isEmpty() || picked.get(picked.size() - 1) != i) picked.add(i);
        }
        double[] range = returnRange();
        double spike = (range[1] - range[0]) / 60;
        double spacing = 1.0 / (picked.size() + overlap);
        List<RidgeRow> out = new ArrayList<>();
        for (int k = 0; k < picked.size(); k++) {
            Stamped<ValueDistributionSnapshot> s = snapshots().get(picked.get(k));
            Probe p = probeOf(s.data(), probe.get());
            if (p == null) continue;
            out.add(new RidgeRow(s.step(), k * spacing, overlap * spacing, DistributionShape.of(p, spike), p));
        }
        return out;
    }
}
