package io.rlwb.engine.report;

import io.rlwb.engine.plot.Series;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a report shows, gathered from one or more runs: which metric keys get a chart, the rows of the summary
 * table, the last Pareto front and value distribution of each run that has them. Shared by the HTML and PDF
 * writers so both say the same.
 */
public final class ReportModel {
    /**
     * Keys charted first when a run has them, in this order: what the node types on the classpath declare as
     * training returns, evaluation returns and key metrics ({@link MetricSpec.Role}), then the runner's steps per
     * second. A plugin's node type that declares a key metric gets it charted without this class knowing it.
     */
    public static final List<String> KEY_METRICS = keyMetrics(NodeRegistry.load(null).all());
    /** The keys to chart first, from the declarations of {@code types}: see {@link #KEY_METRICS}. */
    public static List<String> keyMetrics(Collection<NodeType> types) {
        Set<String> keys = new LinkedHashSet<>();
        for (MetricSpec.Role role : List.of(MetricSpec.Role.TRAINING_RETURN, MetricSpec.Role.EVALUATION_RETURN,
                MetricSpec.Role.KEY)) {
            for (NodeType t : types) {
                for (MetricSpec m : t.metrics()) if (m.role() == role && !m.isFamily()) keys.add(m.key());
            }
        }
        keys.add(Runner.SPS.key());
        return List.copyOf(keys);
    }

    /** At most this many curve charts. */
    public static final int MAX_CHARTS = 8;

    private final List<RunData> runs;
    private final List<String> chartKeys;
    private final List<String> summaryKeys;
    private final List<Front> fronts = new ArrayList<>();
    private final List<Dist> distributions = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    /**
     * The Pareto front of one run: objective names and points {@code {a, b, dominated}} of the first two.
     *
     * @param source the file it came from
     */
    public record Front(String run, String source, List<String> objectives, List<double[]> points, Double hypervolume) {}

    /** The last value distribution of one probe of one run. */
    public record Dist(String run, long step, String critic, ValueDistributionSnapshot.Probe probe) {}

    /** What was left out of the report because its file was damaged, one line each (empty when nothing). */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Gathers the report of {@code runs} (at least one). */
    public ReportModel(List<RunData> runs) throws IOException {
        if (runs.isEmpty()) throw new IllegalArgumentException("a report needs at least one run");
        this.runs = List.copyOf(runs);
        Set<String> all = new TreeSet<>();
        for (RunData r : runs) {
            r.metrics().forEach((k, s) -> {
                if (!s.isEmpty()) all.add(k);
            });
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String k : KEY_METRICS) if (all.contains(k)) chosen.add(k);
        for (String k : all) if (chosen.size() < MAX_CHARTS) chosen.add(k);
        this.chartKeys = chosen.stream().limit(MAX_CHARTS).toList();
        Set<String> sk = new TreeSet<>();
        for (RunData r : runs) sk.addAll(r.summary().keySet());
        this.summaryKeys = List.copyOf(sk);
        for (RunData r : runs) {
            // Damaged telemetry (a crash, a hand edit) costs this run's front or distributions, not the report.
            try {
                Front f = front(r);
                if (f != null) fronts.add(f);
            } catch (IOException | RuntimeException damaged) {
                skipped.add(r.name() + ": Pareto front left out (" + damaged.getMessage() + ")");
            }
            try {
                List<Dist> found = new ArrayList<>();
                List<TelemetryFiles.Stamped<ValueDistributionSnapshot>> ds = TelemetryFiles.distributions(r.dir());
                if (!ds.isEmpty()) {
                    TelemetryFiles.Stamped<ValueDistributionSnapshot> last = ds.get(ds.size() - 1);
                    for (ValueDistributionSnapshot.Probe p : last.data().probes()) {
                        if (!drawable(p)) throw new IllegalArgumentException("probe " + p.label() + " is inconsistent");
                        found.add(new Dist(r.name(), last.step(), last.data().critic(), p));
                    }
                }
                distributions.addAll(found);
            } catch (IOException | RuntimeException damaged) {
                skipped.add(r.name() + ": value distributions left out (" + damaged.getMessage() + ")");
            }
        }
    }

    private static Front front(RunData r) throws IOException {
        List<TelemetryFiles.Stamped<ParetoSnapshot>> ps = TelemetryFiles.pareto(r.dir());
        if (!ps.isEmpty()) {
            ParetoSnapshot last = ps.get(ps.size() - 1).data();
            if (last.objectives().size() >= 2) {
                List<double[]> pts = new ArrayList<>();
                for (ParetoSnapshot.Point p : last.points()) {
                    pts.add(new double[] {p.values()[0], p.values()[1], p.dominated() ? 1 : 0});
                }
                List<String> names = last.objectives();
                if (last.discounted()) {
                    // Discounted evaluations say so on the axes (the monitor's gamma below 1).
                    String g = " (discounted, gamma " + last.gamma() + ")";
                    names = names.stream().map(n -> n + g).toList();
                }
                return new Front(r.name(), "telemetry/pareto.jsonl", names, pts, last.hypervolume());
            }
        }
        Path csv = r.dir().resolve("pareto.csv");
        if (Files.isRegularFile(csv)) return readParetoCsv(r.name(), csv);
        return null;
    }

    /**
     * Reads pareto.csv: a header, then one row per point; the first two numeric columns are the objectives and a
     * column named {@code dominated} (true/1), when present, marks dominated points.
     */
    static Front readParetoCsv(String run, Path csv) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null) return null;
            String[] cols = head.split(",");
            List<String[]> rows = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) if (!line.isBlank()) rows.add(line.split(",", -1));
            if (rows.isEmpty()) return null;
            List<Integer> numeric = new ArrayList<>();
            int dominated = -1;
            for (int c = 0; c < cols.length; c++) {
                String name = cols[c].trim().toLowerCase(Locale.ROOT);
                if (name.equals("dominated")) {
                    dominated = c;
                    continue;
                }
                if (name.contains("weight") || name.equals("policy") || name.equals("step")) continue;
                final int col = c;
                if (rows.stream().allMatch(x -> col < x.length && isNumber(x[col]))) numeric.add(c);
            }
            if (numeric.size() < 2) return null;
            List<double[]> pts = new ArrayList<>();
            for (String[] x : rows) {
                boolean dom = dominated >= 0 && dominated < x.length
                        && (x[dominated].trim().equalsIgnoreCase("true") || x[dominated].trim().equals("1"));
                pts.add(new double[] {Double.parseDouble(x[numeric.get(0)]), Double.parseDouble(x[numeric.get(1)]),
                        dom ? 1 : 0});
            }
            return new Front(run, "pareto.csv", List.of(cols[numeric.get(0)].trim(), cols[numeric.get(1)].trim()), pts,
                    null);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a probe read from a file can be drawn: its bins (if any) consistent and finite. */
    static boolean drawable(ValueDistributionSnapshot.Probe p) {
        try {
            if (p == null || p.kind() == null || !Double.isFinite(p.mean())) return false;
            double[][] b = binned(p);
            if (b == null) return true;
            if (b[0] == null || b[1] == null || b[0].length < 2 || b[0].length != b[1].length + 1) return false;
            for (double e : b[0]) if (!Double.isFinite(e)) return false;
            for (double q : b[1]) if (!Double.isFinite(q)) return false;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A probe's distribution as bins over returns, whatever the critic kind: categorical as it is, quantiles as the
     * density between neighbouring quantiles, a Gaussian discretised over mean +- 4 sigma; null for a scalar critic.
     *
     * @return {@code {edges, probs}}
     */
    public static double[][] binned(ValueDistributionSnapshot.Probe p) {
        switch (p.kind()) {
            case "categorical" -> {
                return new double[][] {p.binEdges(), p.probs()};
            }
            case "quantile" -> {
                double[] q = p.quantiles().clone();
                java.util.Arrays.sort(q);
                if (q.length < 2 || q[q.length - 1] <= q[0]) return null;
                double[] edges = new double[q.length];
                double[] probs = new double[q.length - 1];
                System.arraycopy(q, 0, edges, 0, q.length);
                for (int i = 0; i + 1 < q.length; i++) probs[i] = 1.0 / (q.length - 1);
                return new double[][] {edges, probs};
            }
            case "gaussian" -> {
                if (p.sigma() == null || !(p.sigma() > 0)) return null;
                int k = 40;
                double lo = p.mean() - 4 * p.sigma();
                double step = 8 * p.sigma() / k;
                double[] edges = new double[k + 1];
                double[] probs = new double[k];
                double sum = 0;
                for (int i = 0; i <= k; i++) edges[i] = lo + i * step;
                for (int i = 0; i < k; i++) {
                    double c = lo + (i + 0.5) * step;
                    probs[i] = Math.exp(-0.5 * Math.pow((c - p.mean()) / p.sigma(), 2));
                    sum += probs[i];
                }
                for (int i = 0; i < k; i++) probs[i] /= sum;
                return new double[][] {edges, probs};
            }
            default -> {
                return null;
            }
        }
    }

    /** The curves of {@code key}, one per run that has it. */
    public List<ReportCharts.Curve> curves(String key) {
        List<ReportCharts.Curve> out = new ArrayList<>();
        for (RunData r : runs) {
            Series s = r.metrics().get(key);
            out.add(new ReportCharts.Curve(r.name(), s == null ? new Series() : s));
        }
        return out;
    }

    /** The summary value of {@code key} in run {@code r} as text ("" when absent). */
    public static String summaryValue(RunData r, String key) {
        Double v = r.summary().get(key);
        if (v == null) return "";
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e7) ? String.format(Locale.ROOT, "%.4e", v)
                : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Provenance of run {@code r}: label and value rows. */
    public static List<String[]> provenance(RunData r) {
        var rec = r.record();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", r.name()});
        rows.add(new String[] {"graph", nz(rec.graphName())});
        rows.add(new String[] {"status", nz(rec.status()) + (rec.error() == null ? "" : ": " + rec.error())});
        rows.add(new String[] {"seed", Long.toString(rec.seed())});
        rows.add(new String[] {"started", nz(rec.started())});
        rows.add(new String[] {"ended", nz(rec.ended())});
        rows.add(new String[] {"duration", rec.durationS() == null ? "" : String.format(Locale.ROOT, "%.1f s",
                rec.durationS())});
        rows.add(new String[] {"env steps", Long.toString(rec.envSteps())});
        rows.add(new String[] {"iterations", Long.toString(rec.iterations())});
        rows.add(new String[] {"graph sha256", nz(rec.graphSha256())});
        rows.add(new String[] {"engine", nz(rec.engineVersion())});
        rows.add(new String[] {"backend", nz(rec.backend())});
        StringBuilder pl = new StringBuilder();
        if (rec.plugins() != null) {
            for (var p : rec.plugins()) {
                if (pl.length() > 0) pl.append(", ");
                pl.append(p.getOrDefault("name", "?")).append(' ').append(p.getOrDefault("version", ""));
            }
        }
        rows.add(new String[] {"plugins", pl.toString()});
        rows.add(new String[] {"directory", r.dir().toAbsolutePath().toString()});
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public List<RunData> runs() { return runs; }

    /** Keys that get a learning-curve chart, key metrics first. */
    public List<String> chartKeys() { return chartKeys; }

    /** Keys of the summary table (every key of any run's summary.json). */
    public List<String> summaryKeys() { return summaryKeys; }

    /** The last Pareto front of each run that has one. */
    public List<Front> fronts() { return fronts; }

    /** The last value distribution of each probe of each run that has them. */
    public List<Dist> distributions() { return distributions; }

    /** The report's title. */
    public String title() {
        return runs.size() == 1 ? "Run report: " + runs.get(0).name() : "Comparison of " + runs.size() + " runs";
    }
}
