package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.ParetoSnapshot.Point;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import io.rlwb.engine.telemetry.TelemetryFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Pareto-front view's model: the archive of the latest (or chosen) snapshot, the pair of objectives on the
 * scatter, which points are dominated in that pair (faded) and the staircase of the front, the metric series over
 * time (hypervolume, expected utility, cardinality), and the selected policy with its history across snapshots.
 * All objectives are maximised.
 */
public final class ParetoViewModel extends SnapshotViewModel<ParetoSnapshot> {
    /** Snapshots kept. */
    public static final int CAPACITY = 2000;
    private final ObservableList<String> objectives = FXCollections.observableArrayList();
    private final IntegerProperty xObjective = new SimpleIntegerProperty(this, "xObjective", 0);
    private final IntegerProperty yObjective = new SimpleIntegerProperty(this, "yObjective", 1);
    private final IntegerProperty snapshot = new SimpleIntegerProperty(this, "snapshot", -1);
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private java.util.function.Function<Point, String> describer;
    private String valueKind;

    /** A policy's evaluation in one snapshot. */
    public record HistoryEntry(long step, double[] values, double[] weights, boolean dominated) {}

    public ParetoViewModel() {
        super(ParetoSnapshot.KIND, ParetoSnapshot.class, TelemetryFiles::pareto, CAPACITY);
        xObjective.addListener((o, a, b) -> touch());
        yObjective.addListener((o, a, b) -> touch());
        snapshot.addListener((o, a, b) -> touch());
        selected.addListener((o, a, b) -> touch());
    }

    @Override
    public String emptyMessage() {
        return "No Pareto fronts yet: run a multi-objective graph whose Pareto monitor publishes its archive "
                + "(plugin 'morl': multi-objective environments, scalarisers and Pareto metrics).";
    }

    @Override
    protected void changed() {
        List<String> names = isEmpty() ? List.of() : shown().data().objectives();
        if (!names.equals(objectives)) {
            objectives.setAll(names);
            xObjective.set(0);
            yObjective.set(Math.min(1, Math.max(0, names.size() - 1)));
        }
        if (snapshot.get() >= snapshots().size()) snapshot.set(-1);
    }

    /** Objective names. */
    public ObservableList<String> objectives() { return objectives; }

    /** Objective on the x axis. */
    public IntegerProperty xObjectiveProperty() { return xObjective; }

    /** Objective on the y axis. */
    public IntegerProperty yObjectiveProperty() { return yObjective; }

    /** Chosen snapshot; -1 follows the latest. */
    public IntegerProperty snapshotProperty() { return snapshot; }

    /** Policy id of the selected point, or null. */
    public ObjectProperty<String> selectedProperty() { return selected; }

    /** The snapshot shown, or null. */
    public Stamped<ParetoSnapshot> shown() {
        if (isEmpty()) return null;
        int i = snapshot.get();
        return i < 0 || i >= snapshots().size() ? snapshots().get(snapshots().size() - 1) : snapshots().get(i);
    }

    /** The points of the shown snapshot. */
    /** What the values are: "return", or "return, γ 0.99" when the monitor evaluated discounted returns. */
    public String valueKind() {
        if (valueKind != null) return valueKind;
        Stamped<ParetoSnapshot> s = shown();
        if (s == null || !s.data().discounted()) return "return";
        return "return, \u03b3 " + io.rlwb.engine.plot.TickLabels.of(s.data().gamma());
    }

    public List<Point> points() {
        Stamped<ParetoSnapshot> s = shown();
        return s == null ? List.of() : s.data().points();
    }

    /**
     * Whether each point is dominated in the projection on objectives {@code (i, j)}: another point is at least as
     * good in both and better in one. What the scatter fades.
     */
    public static boolean[] dominatedIn(List<Point> pts, int i, int j) {
        boolean[] out = new boolean[pts.size()];
        for (int a = 0; a < pts.size(); a++) {
            double ax = pts.get(a).values()[i];
            double ay = pts.get(a).values()[j];
            for (int b = 0; b < pts.size() && !out[a]; b++) {
                double bx = pts.get(b).values()[i];
                double by = pts.get(b).values()[j];
                out[a] = bx >= ax && by >= ay && (bx > ax || by > ay);
            }
        }
        return out;
    }

    /** Dominated flags of the shown points on the chosen pair. */
    public boolean[] dominatedShown() {
        return dominatedIn(points(), xObjective.get(), yObjective.get());
    }

    /**
     * Per shown point: on the front of all objectives, yet dominated in the chosen pair (possible with three or
     * more objectives; the scatter draws these as rings rather than fading them).
     */
    public boolean[] hiddenFront() {
        return hiddenFront(points(), dominatedShown());
    }

    /** As {@link #hiddenFront()}, from {@code dom} = {@link #dominatedShown()} already computed (one paint). */
    public static boolean[] hiddenFront(List<Point> pts, boolean[] dom) {
        boolean[] hidden = new boolean[pts.size()];
        for (int k = 0; k < hidden.length; k++) hidden[k] = dom[k] && !pts.get(k).dominated();
        return hidden;
    }

    /**
     * The staircase through the non-dominated points of the chosen pair (x increasing, y decreasing): the corner
     * points {@code {x, y}} of the step line that bounds the dominated region.
     */
    public List<double[]> frontSteps() {
        return frontSteps(dominatedShown());
    }

    /** As {@link #frontSteps()}, from {@code dom} = {@link #dominatedShown()} already computed (one paint). */
    public List<double[]> frontSteps(boolean[] dom) {
        List<Point> pts = points();
        int i = xObjective.get();
        int j = yObjective.get();
        List<double[]> front = new ArrayList<>();
        for (int k = 0; k < pts.size(); k++) if (!dom[k]) front.add(new double[] {pts.get(k).values()[i], pts.get(k).values()[j]});
        front.sort(Comparator.comparingDouble(p -> p[0]));
        List<double[]> steps = new ArrayList<>();
        for (int k = 0; k < front.size(); k++) {
            if (k > 0) steps.add(new double[] {front.get(k - 1)[0], front.get(k)[1]});
            steps.add(front.get(k));
        }
        return steps;
    }

    /** Per objective, the smallest and largest value over every snapshot (stable axes). */
    public double[][] ranges() {
        int m = objectives.size();
        double[][] r = new double[m][] ;
        for (int k = 0; k < m; k++) r[k] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Stamped<ParetoSnapshot> s : snapshots()) {
            for (Point p : s.data().points()) {
                for (int k = 0; k < m && k < p.values().length; k++) {
                    r[k][0] = Math.min(r[k][0], p.values()[k]);
                    r[k][1] = Math.max(r[k][1], p.values()[k]);
                }
            }
        }
        return r;
    }

    /** Value {@code v} of objective {@code k} on [0, 1] of its range (parallel coordinates). */
    public static double normalise(double v, double[] range) {
        double span = range[1] - range[0];
        return span <= 0 ? 0.5 : (v - range[0]) / span;
    }

    /** Steps of the snapshots. */
    public double[] steps() {
        return snapshots().stream().mapToDouble(Stamped::step).toArray();
    }

    /** A metric over time: {@code hypervolume}, {@code eum} or {@code cardinality} (NaN where undefined). */
    public double[] metric(String name) {
        return snapshots().stream().mapToDouble(s -> switch (name) {
            case "hypervolume" -> s.data().hypervolume();
            case "eum" -> s.data().eum() == null ? Double.NaN : s.data().eum();
            case "cardinality" -> s.data().cardinality();
            default -> throw new IllegalArgumentException("no Pareto metric '" + name + "'");
        }).toArray();
    }

    /** Every evaluation of policy {@code policy}, oldest first. */
    public List<HistoryEntry> history(String policy) {
        List<HistoryEntry> out = new ArrayList<>();
        if (policy == null) return out;
        for (Stamped<ParetoSnapshot> s : snapshots()) {
            for (Point p : s.data().points()) {
                if (policy.equals(p.policy())) out.add(new HistoryEntry(s.step(), p.values(), p.weights(), p.dominated()));
            }
        }
        return out;
    }

    /** The selected point in the shown snapshot, or null. */
    public Point selectedPoint() {
        for (Point p : points()) if (p.policy().equals(selected.get())) return p;
        return null;
    }

    /**
     * Replaces what {@link #describe} says about a point (the hover text), for fronts whose points are not
     * policies: the sweep dialog names a trial and its parameters. Null restores policy, values and weights.
     */
    public void setDescriber(java.util.function.Function<Point, String> describer) {
        this.describer = describer;
    }

    /** Names what the values are on the axes ("final value" for a sweep's trials); null: from the snapshot. */
    public void setValueKind(String kind) {
        this.valueKind = kind;
    }

    /** One line about a point: policy, values, weights. */
    public String describe(Point p) {
        if (describer != null) return describer.apply(p);
        StringBuilder b = new StringBuilder("policy ").append(p.policy());
        for (int k = 0; k < objectives.size() && k < p.values().length; k++) {
            b.append("\n").append(objectives.get(k)).append(" = ").append(io.rlwb.engine.plot.TickLabels.of(p.values()[k]));
        }
        b.append("\nweights ").append(p.weights() == null ? "none" : Arrays.toString(round(p.weights())));
        b.append(p.dominated() ? "\ndominated in the archive" : "\non the front");
        return b.toString();
    }

    private static String[] round(double[] w) {
        return Arrays.stream(w).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.2f", v)).toArray(String[]::new);
    }
}
