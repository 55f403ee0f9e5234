package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.plot.Ema;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.report.RunData;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.runtime.Runner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Learning curves of any metric of any run: the runs shown (a live one fed by telemetry, and past ones read from
 * their metrics.csv), the charts (each one or more metric keys, every run overlaid), TensorBoard-style smoothing,
 * a log y axis, and each chart's zoom. Touches no control, so it is tested without a screen; UI thread only.
 * The view redraws when {@link #versionProperty()} changes.
 */
public final class CurvesViewModel {
    /**
     * The curves of one run.
     *
     * @param id unique id (the run directory, or "live")
     * @param label what legends show
     * @param dir the run directory, null for a live run not yet writing
     * @param metrics series by key; a live run's map grows as telemetry arrives (read on the UI thread)
     * @param live whether it is the run in progress
     */
    public record Source(String id, String label, Path dir, Map<String, Series> metrics, boolean live) {}

    /**
     * One chart: the metric keys it draws (every shown run overlaid).
     *
     * @param keys metric keys, the first one naming the chart
     */
    public record ChartSpec(List<String> keys) {
        public ChartSpec {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) throw new IllegalArgumentException("a chart needs at least one metric key");
        }

        /** A chart of one key. */
        public static ChartSpec of(String... keys) {
            return new ChartSpec(List.of(keys));
        }

        /** The chart's title: its keys. */
        public String title() {
            return String.join("  \u00b7  ", keys);
        }
    }

    /**
     * What a chart shows now: the data rectangle and the y scale kind.
     *
     * @param manual whether the user zoomed or panned (false: fitted to the data)
     */
    public record Viewport(double x0, double x1, double y0, double y1, boolean logY, boolean manual) {}

    /**
     * The value of one curve at a step, for the hover tooltip.
     *
     * @param x the step of the nearest point
     */
    public record Reading(String run, String key, double x, double raw, double smoothed) {}

    /** Default smoothing, as TensorBoard's. */
    public static final double DEFAULT_SMOOTHING = 0.6;

    private final Executor background;
    private final Executor ui;
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObservableList<String> keys = FXCollections.observableArrayList();
    private final ObservableList<ChartSpec> charts = FXCollections.observableArrayList();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", DEFAULT_SMOOTHING);
    private final BooleanProperty logY = new SimpleBooleanProperty(this, "logY", false);
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final Map<ChartSpec, double[]> zoom = new HashMap<>();
    private final Map<String, Smoothed> smoothCache = new HashMap<>();

    private static final class Smoothed {
        Series source;
        Ema ema;
        long merges;
        final Series out = new Series();
    }

    /**
     * @param background where run directories are read
     * @param ui the UI thread ({@code Platform::runLater} in the application)
     */
    public CurvesViewModel(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        smoothing.addListener((o, a, b) -> {
            smoothCache.clear();
            bump();
        });
        logY.addListener((o, a, b) -> {
            zoom.clear();
            bump();
        });
        charts.addListener((javafx.collections.ListChangeListener<ChartSpec>) c -> bump());
    }

    /** Adds (or replaces, by directory) a loaded past run. */
    public Source addRun(RunData run) {
        Source s = new Source(run.dir().toString(), label(run), run.dir(), run.metrics(), false);
        replace(s);
        return s;
    }

    /** Reads {@code dir} on the background executor and adds it; the future fails with a message naming the path. */
    public CompletableFuture<Source> open(Path dir) {
        message.set("Reading " + dir + "\u2026");
        CompletableFuture<Source> done = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> {
            try {
                return RunData.load(dir);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenComplete((run, ex) -> ui.execute(() -> {
            if (ex != null) {
                Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                message.set("Cannot open: " + c.getMessage());
                done.completeExceptionally(c);
            } else {
                Source s = addRun(run);
                message.set("Opened " + s.label() + " (" + run.metrics().size() + " metrics)");
                done.complete(s);
            }
        }));
        return done;
    }

    /** Shows the run in progress: {@code metrics} is its live map, read at each {@link #refresh()}. */
    public Source setLive(String label, Path dir, Map<String, Series> metrics) {
        Source s = new Source("live", label, dir, metrics, true);
        replace(s);
        return s;
    }

    /** Takes a run off the charts. */
    public void remove(String id) {
        sources.removeIf(s -> s.id().equals(id));
        smoothCache.keySet().removeIf(k -> k.startsWith(id + "\u0000"));
        refresh();
    }

    /** Takes every run off. */
    public void clearRuns() {
        sources.clear();
        smoothCache.clear();
        refresh();
    }

    private void replace(Source s) {
        int i = indexOf(s.id());
        if (i >= 0) sources.set(i, s);
        else sources.add(s);
        smoothCache.keySet().removeIf(k -> k.startsWith(s.id() + "\u0000"));
        refresh();
    }

    private int indexOf(String id) {
        for (int i = 0; i < sources.size(); i++) if (sources.get(i).id().equals(id)) return i;
        return -1;
    }

    /** Re-reads the keys of every run (new metrics of a live run) and asks the charts to redraw. */
    public void refresh() {
        TreeSet<String> all = new TreeSet<>();
        for (Source s : sources) {
            s.metrics().forEach((k, v) -> {
                if (!v.isEmpty()) all.add(k);
            });
        }
        if (!all.equals(new TreeSet<>(keys))) keys.setAll(all);
        if (charts.isEmpty() && !all.isEmpty()) charts.add(ChartSpec.of(defaultKey(all)));
        bump();
    }

    /**
     * What the run panel charts for a language-policy graph, in order: GRPO's mean reward, DPO's preference accuracy
     * on its pairs, the SFT loss.
     */
    private static final List<String> LANGUAGE_POLICY_KEYS = List.of("grpo/reward", "dpo/rewards/accuracies",
            "sft/loss");

    /** The key shown first when nothing was chosen. */
    public static final String DEFAULT_KEY = RolloutCollector.EPISODIC_RETURN.key();

    /**
     * The run panel's chart for a run recording {@code keys}: training and evaluation return where the run has
     * either; otherwise the front's hypervolume (multi-objective trainers such as C-MORL); otherwise the training
     * return per objective (up to three); otherwise, for language-policy graphs, GRPO's mean reward, DPO's
     * preference accuracy and the supervised loss where the run has them; otherwise the training
     * and evaluation return (an empty chart that says what it waits for).
     */
    public static ChartSpec runPanelSpec(java.util.Collection<String> keys) {
        String eval = PolicyEvaluator.RETURN_MEAN.key();
        String hypervolume = ParetoMonitor.HYPERVOLUME.key();
        if (keys.contains(DEFAULT_KEY) || keys.contains(eval)) return ChartSpec.of(DEFAULT_KEY, eval);
        if (keys.contains(hypervolume)) return ChartSpec.of(hypervolume);
        List<String> perObjective = keys.stream().filter(k -> k.startsWith(DEFAULT_KEY + "/")).sorted().limit(3).toList();
        if (!perObjective.isEmpty()) return new ChartSpec(perObjective);
        List<String> language = LANGUAGE_POLICY_KEYS.stream().filter(keys::contains).toList();
        if (!language.isEmpty()) return new ChartSpec(language);
        return ChartSpec.of(DEFAULT_KEY, eval);
    }

    /**
     * The chart a run opens with: the training return, else the evaluation return, else the front's hypervolume
     * (multi-objective runs), else the first per-objective training return, else the first key that says something
     * about learning (not throughput or wall time).
     */
    static String defaultKey(SortedSet<String> keys) {
        for (String k : List.of(DEFAULT_KEY, PolicyEvaluator.RETURN_MEAN.key(), ParetoMonitor.HYPERVOLUME.key())) {
            if (keys.contains(k)) return k;
        }
        for (String k : keys) if (k.startsWith(DEFAULT_KEY + "/")) return k;
        for (String k : keys) if (!k.equals(Runner.SPS.key()) && !k.equals(Runner.WALL_S.key())) return k;
        return keys.first();
    }

    /** Shows a chart of {@code key} (once), or hides it when shown. */
    public void toggleChart(String key) {
        ChartSpec spec = ChartSpec.of(key);
        if (!charts.remove(spec)) charts.add(spec);
    }

    /** Whether a chart of exactly {@code key} is shown. */
    public boolean isCharted(String key) {
        return charts.contains(ChartSpec.of(key));
    }

    private void bump() {
        version.set(version.get() + 1);
    }

    /** The raw series of {@code key} of run {@code s}, or null when it has none. */
    public Series raw(Source s, String key) {
        Series r = s.metrics().get(key);
        return r == null || r.isEmpty() ? null : r;
    }

    /** The smoothed series (debiased EMA with {@link #smoothingProperty()}), extended incrementally as data arrives. */
    public Series smoothed(Source s, String key) {
        Series r = raw(s, key);
        if (r == null) return null;
        Smoothed sm = smoothCache.computeIfAbsent(s.id() + "\u0000" + key, k -> new Smoothed());
        if (sm.source != r || sm.out.size() > r.size() || sm.merges != r.merges()) {
            sm.source = r;
            sm.merges = r.merges();
            sm.ema = new Ema(smoothing.get());
            sm.out.clear();
        }
        sm.ema.extend(r, sm.out);
        return sm.out;
    }

    /** The data rectangle chart {@code spec} shows: its zoom, or the extent of its data. */
    public Viewport viewport(ChartSpec spec) {
        boolean log = logY.get();
        double[] z = zoom.get(spec);
        if (z != null) return new Viewport(z[0], z[1], z[2], z[3], log, true);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Source s : sources) {
            for (String k : spec.keys()) {
                Series r = raw(s, k);
                if (r == null) continue;
                x0 = Math.min(x0, r.x(0));
                x1 = Math.max(x1, r.lastX());
                if (log) {
                    for (int i = 0; i < r.size(); i++) {
                        double y = r.y(i);
                        if (y > 0) {
                            y0 = Math.min(y0, y);
                            y1 = Math.max(y1, y);
                        }
                    }
                } else {
                    y0 = Math.min(y0, r.minY());
                    y1 = Math.max(y1, r.maxY());
                }
            }
        }
        if (!(x1 >= x0)) {
            x0 = 0;
            x1 = 1;
        }
        if (x0 >= 0) x0 = 0;
        if (x1 <= x0) x1 = x0 + 1;
        double[] yd = Scale.niceDomain(y0, y1, log, 5);
        return new Viewport(x0, x1, yd[0], yd[1], log, false);
    }

    /**
     * Zooms chart {@code spec} by {@code factor} (below 1: in) around the point at fractions {@code fx}, {@code fy}
     * of the plot (0, 0 bottom left); {@code xOnly} keeps the y range.
     */
    public void zoomBy(ChartSpec spec, double factor, double fx, double fy, boolean xOnly, boolean yOnly) {
        Viewport v = viewport(spec);
        double[] xs = zoomRange(v.x0(), v.x1(), factor, fx, false, yOnly);
        double[] ys = zoomRange(v.y0(), v.y1(), factor, fy, v.logY(), xOnly);
        setZoom(spec, xs[0], xs[1], ys[0], ys[1]);
    }

    private static double[] zoomRange(double a, double b, double factor, double f, boolean log, boolean keep) {
        if (keep) return new double[] {a, b};
        double la = log ? Math.log10(a) : a;
        double lb = log ? Math.log10(b) : b;
        double anchor = la + f * (lb - la);
        double na = anchor - (anchor - la) * factor;
        double nb = anchor + (lb - anchor) * factor;
        return log ? new double[] {Math.pow(10, na), Math.pow(10, nb)} : new double[] {na, nb};
    }

    /** Shows exactly the data rectangle {@code [x0, x1] x [y0, y1]} (box zoom); a degenerate box is ignored. */
    public void zoomTo(ChartSpec spec, double x0, double x1, double y0, double y1) {
        setZoom(spec, Math.min(x0, x1), Math.max(x0, x1), Math.min(y0, y1), Math.max(y0, y1));
    }

    /** Moves chart {@code spec}'s view by fractions of its width and height (positive: towards larger values). */
    public void pan(ChartSpec spec, double fx, double fy) {
        Viewport v = viewport(spec);
        double dx = (v.x1() - v.x0()) * fx;
        double y0;
        double y1;
        if (v.logY()) {
            double d = (Math.log10(v.y1()) - Math.log10(v.y0())) * fy;
            y0 = v.y0() * Math.pow(10, d);
            y1 = v.y1() * Math.pow(10, d);
        } else {
            double dy = (v.y1() - v.y0()) * fy;
            y0 = v.y0() + dy;
            y1 = v.y1() + dy;
        }
        setZoom(spec, v.x0() + dx, v.x1() + dx, y0, y1);
    }

    private void setZoom(ChartSpec spec, double x0, double x1, double y0, double y1) {
        boolean ok = x1 - x0 > 1e-9 * Math.max(1, Math.abs(x0)) && y1 > y0 && Double.isFinite(x0 + x1 + y0 + y1)
                && (!logY.get() || y0 > 0);
        if (!ok) return;
        zoom.put(spec, new double[] {x0, x1, y0, y1});
        bump();
    }

    /** Fits chart {@code spec} to its data again. */
    public void reset(ChartSpec spec) {
        if (zoom.remove(spec) != null) bump();
    }

    /** Fits every chart to its data again. */
    public void resetAll() {
        zoom.clear();
        bump();
    }

    /** The value of every curve of {@code spec} at the point nearest to step {@code x}. */
    public List<Reading> readingsAt(ChartSpec spec, double x) {
        List<Reading> out = new ArrayList<>();
        for (Source s : sources) {
            for (String k : spec.keys()) {
                Series r = raw(s, k);
                if (r == null) continue;
                int i = nearest(r, x);
                Series sm = smoothed(s, k);
                out.add(new Reading(s.label(), k, r.x(i), r.y(i), sm.y(Math.min(i, sm.size() - 1))));
            }
        }
        return out;
    }

    private static int nearest(Series s, double x) {
        int i = Math.min(s.lowerBound(x), s.size() - 1);
        if (i > 0 && Math.abs(s.x(i - 1) - x) <= Math.abs(s.x(i) - x)) i--;
        return i;
    }

    private static String label(RunData run) {
        String g = run.record().graphName();
        String name = run.name();
        return g == null || g.isBlank() || name.contains(g) ? name : g + " (" + name + ")";
    }

    /** The runs shown, the live one included. */
    public ObservableList<Source> sources() { return sources; }

    /** Every metric key of the runs shown, sorted. */
    public ObservableList<String> keys() { return keys; }

    /** The charts shown, in order. */
    public ObservableList<ChartSpec> charts() { return charts; }

    /** Smoothing weight in [0, 1): 0 draws the raw values only. */
    public DoubleProperty smoothingProperty() { return smoothing; }

    /** Whether y axes are logarithmic (non-positive values are left out). */
    public BooleanProperty logYProperty() { return logY; }

    /** Changes whenever what the charts show changes. */
    public ReadOnlyLongProperty versionProperty() { return version.getReadOnlyProperty(); }

    /** The outcome of the last open, in words. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
}
