package io.rlwb.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.plot.Scale;
import io.rlwb.engine.plot.TickLabels;
import io.rlwb.engine.sweep.SweepDirectory;
import io.rlwb.engine.sweep.SweepFront;
import io.rlwb.engine.sweep.SweepTable;
import io.rlwb.engine.sweep.TrialStatus;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison report of a sweep directory, one self-contained HTML file: trials by status, the best trials by
 * one metric (its final value, higher is better), a chart of that metric against each varied parameter (every
 * trial a dot, the mean over its seeds joined by a line; a numeric parameter spanning more than two decades on a
 * log axis, a non-numeric one by category), the Pareto front of the trials when they have two or more reward-head
 * means ({@link #frontSection}), the learning curves of the best trials, and the whole sweep table.
 */
public final class SweepReport {
    /** How many trials "best trials" lists and overlays. */
    static final int BEST = 5;
    static final double W = 520;
    static final double H = 280;

    private SweepReport() {}

    /**
     * The metric a sweep is judged by when none is asked for: the first of the key metrics
     * ({@link ReportModel#KEY_METRICS}, evaluation returns before training returns) that some trial has, else the
     * first metric there is; null when no trial has finished.
     */
    public static String defaultMetric(SweepTable t) {
        List<String> have = t.metrics();
        for (String k : List.of("eval/return_mean")) if (have.contains(k)) return k;
        for (String k : ReportModel.KEY_METRICS) if (have.contains(k)) return k;
        return have.isEmpty() ? null : have.get(0);
    }

    /** Completed trials that have {@code metric}, best (highest) first. */
    public static List<SweepTable.Row> ranked(SweepTable t, String metric) {
        return t.rows().stream().filter(r -> TrialStatus.COMPLETED.label().equals(r.status()))
                .filter(r -> Double.isFinite(r.metric(metric)))
                .sorted(Comparator.comparingDouble((SweepTable.Row r) -> r.metric(metric)).reversed()).toList();
    }

    /**
     * Writes the report of the sweep in {@code dir} to {@code html}.
     *
     * @param metric the metric to judge trials by; null picks {@link #defaultMetric}
     * @throws IOException when {@code dir} is no sweep directory, or {@code metric} is one no trial has
     */
    public static Path write(Path dir, Path html, String metric) throws IOException {
        SweepTable t = SweepTable.read(dir);
        String m = metric != null ? metric : defaultMetric(t);
        if (metric != null && !t.metrics().contains(metric)) {
            throw new IOException("--metric " + metric + ": no trial of " + dir + " has it"
                    + (t.metrics().isEmpty() ? " (no trial has finished)" : "; they have " + String.join(", ", t.metrics())));
        }
        String name = SweepDirectory.readPlan(dir).map(p -> p.path("name").asText(dir.getFileName().toString()))
                .orElse(dir.getFileName().toString());
        Path out = html.toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(t, name, m, out.getParent().relativize(dir.toAbsolutePath()), w);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    /** Writes the report of table {@code t}; links to trial runs are relative to {@code sweepDir}. */
    static void write(SweepTable t, String name, String metric, Path sweepDir, Writer out) throws IOException {
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Sweep: " + Html.esc(name)
                + "</title>\n<style>\n" + HtmlReport.CSS + "</style></head><body>\n");
        out.write("<header><h1>Sweep: " + Html.esc(name) + "</h1><p class=\"muted\">Generated " + Html.esc(generated)
                + " by RL Workbench. " + t.rows().size() + " trials: ");
        List<String> counts = new ArrayList<>();
        t.counts().forEach((s, n) -> counts.add(n + " " + s));
        out.write(Html.esc(String.join(", ", counts)) + ".");
        if (metric != null) out.write(" Trials are judged by the final value of <b>" + Html.esc(metric) + "</b> (higher is better).");
        out.write("</p></header>\n");

        List<SweepTable.Row> ranked = metric == null ? List.of() : ranked(t, metric);
        out.write("<section id=\"best\"><h2>Best trials</h2>\n");
        if (ranked.isEmpty()) {
            out.write("<p>No completed trial has " + (metric == null ? "metrics" : Html.esc(metric)) + " yet.</p>");
        } else {
            table(out, ranked.subList(0, Math.min(BEST, ranked.size())), t.params(), metric, sweepDir, true);
        }
        out.write("</section>\n");

        if (metric != null && !t.params().isEmpty()) {
            out.write("<section id=\"params\"><h2>" + Html.esc(metric) + " against each varied parameter</h2>\n"
                    + "<p class=\"muted\">Each dot a completed trial; the line joins the mean over trials with the same "
                    + "value.</p><div class=\"grid\">\n");
            for (String p : t.params()) {
                SvgCanvas c = new SvgCanvas(W, H, metric + " against " + p);
                paramChart(c, 0, 0, W, H, t.rows(), p, metric);
                out.write("<figure class=\"chart\" data-param=\"" + Html.esc(p) + "\">" + c.toSvg() + "</figure>\n");
            }
            out.write("</div></section>\n");
        }

        frontSection(out, t, sweepDir);

        if (!ranked.isEmpty()) {
            List<RunData> runs = new ArrayList<>();
            for (SweepTable.Row r : ranked.subList(0, Math.min(3, ranked.size()))) {
                try {
                    runs.add(RunData.load(Path.of(r.runDir())));
                } catch (IOException e) {
                    // a trial whose files went missing is left out of the curves; the table still lists it
                }
            }
            if (!runs.isEmpty()) {
                out.write("<section id=\"curves\"><h2>Learning curves of the best trials</h2><div class=\"grid\">\n");
                ReportModel model = new ReportModel(runs);
                List<ReportCharts.Curve> curves = new ArrayList<>();
                for (ReportCharts.Curve cv : model.curves(metric)) {
                    curves.add(new ReportCharts.Curve(Path.of(cv.label()).getFileName().toString(), cv.series()));
                }
                SvgCanvas c = new SvgCanvas(HtmlReport.CHART_W * 1.6, HtmlReport.CHART_H, metric);
                ReportCharts.lineChart(c, 0, 0, HtmlReport.CHART_W * 1.6, HtmlReport.CHART_H, metric, curves);
                out.write("<figure class=\"chart\">" + c.toSvg() + "</figure>\n</div></section>\n");
            }
        }

        out.write("<section id=\"trials\"><h2>All trials</h2>\n");
        table(out, t.rows(), t.params(), metric, sweepDir, false);
        out.write("<p class=\"muted\">The same table as CSV: " + Html.esc(SweepDirectory.TABLE_FILE)
                + " in the sweep directory; each trial is a run directory under " + Html.esc(SweepDirectory.TRIALS)
                + "/ (open it with <code>workbench report</code> or the app's run browser).</p></section>\n");
        out.write("</body></html>\n");
    }

    /**
     * The Pareto front of the trials on their reward-head means ({@link SweepFront#rewardHeads}), when the trials
     * have two or more: the non-dominated trials with every head's mean, and the first two heads as a scatter (front
     * solid and joined, dominated trials faded). Nothing for sweeps without per-objective metrics.
     */
    static void frontSection(Writer out, SweepTable t, Path sweepDir) throws IOException {
        List<String> heads = SweepFront.rewardHeads(t.metrics());
        if (heads.size() < 2) return;
        SweepFront f = SweepFront.of(t.rows(), heads);
        out.write("<section id=\"front\"><h2>Pareto front of the reward heads</h2>\n<p class=\"muted\">Completed trials "
                + "no other trial beats on every one of " + Html.esc(String.join(", ", heads)) + " (higher is better): "
                + f.front().size() + " of " + f.trials().size() + ".</p>\n");
        if (f.trials().isEmpty()) {
            out.write("<p>No completed trial has every reward head yet.</p></section>\n");
            return;
        }
        out.write("<table><thead><tr><th>trial</th><th>seed</th>");
        for (String p : t.params()) out.write("<th>" + Html.esc(p) + "</th>");
        for (String h : heads) out.write("<th>" + Html.esc(h) + "</th>");
        out.write("</tr></thead><tbody>\n");
        for (int i = 0; i < f.trials().size(); i++) {
            if (!f.onFront()[i]) continue;
            SweepTable.Row r = f.trials().get(i);
            String link = sweepDir.resolve(SweepDirectory.TRIALS).resolve(r.id()).toString().replace('\\', '/');
            out.write("<tr><td><a href=\"" + Html.esc(link) + "/\">" + Html.esc(r.id()) + "</a></td><td class=\"num\">"
                    + r.seed() + "</td>");
            for (String p : t.params()) out.write("<td class=\"num\">" + Html.esc(text(r.params().get(p))) + "</td>");
            for (double v : f.values().get(i)) out.write("<td class=\"num\">" + Html.esc(number(v)) + "</td>");
            out.write("</tr>\n");
        }
        out.write("</tbody></table>\n");
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < f.trials().size(); i++) {
            double[] v = f.values().get(i);
            pts.add(new double[] {v[0], v[1], f.onFront()[i] ? 0 : 1});
        }
        // the heads' own names in the title (the axes carry the full keys): a chart is ~520 px wide
        String title = head(heads.get(1)) + " against " + head(heads.get(0))
                + (heads.size() > 2 ? " (front on all " + heads.size() + " heads)" : "");
        SvgCanvas c = new SvgCanvas(W, H, title);
        ReportCharts.scatter(c, 0, 0, W, H, title, heads.get(0), heads.get(1), pts);
        out.write("<div class=\"grid\"><figure class=\"chart\" data-front=\"" + f.front().size() + "\">" + c.toSvg()
                + "</figure></div></section>\n");
    }

    /** {@code brevity} for {@code grpo/rewards/brevity/mean}; any other key as it is. */
    static String head(String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*/rewards/(.+)/mean").matcher(key);
        return m.matches() ? m.group(1) : key;
    }

    private static void table(Writer out, List<SweepTable.Row> rows, List<String> params, String metric, Path sweepDir,
                              boolean rank) throws IOException {
        out.write("<table><thead><tr>" + (rank ? "<th>#</th>" : "") + "<th>trial</th><th>status</th><th>seed</th>");
        for (String p : params) out.write("<th>" + Html.esc(p) + "</th>");
        if (metric != null) out.write("<th>" + Html.esc(metric) + "</th>");
        out.write("<th>env steps</th><th>wall s</th><th>failure</th></tr></thead><tbody>\n");
        int i = 0;
        for (SweepTable.Row r : rows) {
            String link = sweepDir.resolve(SweepDirectory.TRIALS).resolve(r.id()).toString().replace('\\', '/');
            out.write("<tr>" + (rank ? "<td class=\"num\">" + (++i) + "</td>" : "") + "<td><a href=\"" + Html.esc(link)
                    + "/\">" + Html.esc(r.id()) + "</a></td><td>" + Html.esc(r.status()) + "</td><td class=\"num\">"
                    + r.seed() + "</td>");
            for (String p : params) out.write("<td class=\"num\">" + Html.esc(text(r.params().get(p))) + "</td>");
            if (metric != null) out.write("<td class=\"num\">" + Html.esc(number(r.metric(metric))) + "</td>");
            out.write("<td class=\"num\">" + r.envSteps() + "</td><td class=\"num\">"
                    + String.format(Locale.ROOT, "%.1f", r.wallS()) + "</td><td>"
                    + Html.esc(r.failure() == null ? "" : r.failure()) + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
    }

    static String text(JsonNode v) {
        return v == null ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * The metric against one parameter. Numeric values on a linear axis, or a log axis when all are positive and
     * span more than two decades; other values (strings, lists) as categories in order of first appearance.
     */
    public static void paramChart(VectorCanvas c, double x, double y, double w, double h, List<SweepTable.Row> rows,
                                  String param, String metric) {
        c.rect(x, y, w, h, "#ffffff", 1, ReportCharts.GRID);
        c.text(x + 8, y + 16, metric + " against " + param, 11, ReportCharts.TEXT, VectorCanvas.Anchor.START, true);
        List<SweepTable.Row> done = rows.stream().filter(r -> TrialStatus.COMPLETED.label().equals(r.status())
                && Double.isFinite(r.metric(metric)) && r.params().containsKey(param)).toList();
        if (done.isEmpty()) {
            c.text(x + w / 2, y + h / 2, "no completed trials", 11, ReportCharts.MUTED, VectorCanvas.Anchor.MIDDLE, false);
            return;
        }
        boolean numeric = done.stream().allMatch(r -> r.params().get(param).isNumber());
        List<String> categories = new ArrayList<>();
        if (!numeric) {
            for (SweepTable.Row r : done) {
                String k = text(r.params().get(param));
                if (!categories.contains(k)) categories.add(k);
            }
        }
        double[] px = new double[done.size()];
        double[] py = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            px[i] = numeric ? done.get(i).number(param) : categories.indexOf(text(done.get(i).params().get(param)));
            py[i] = done.get(i).metric(metric);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < px.length; i++) {
            lo = Math.min(lo, px[i]);
            hi = Math.max(hi, px[i]);
            ylo = Math.min(ylo, py[i]);
            yhi = Math.max(yhi, py[i]);
        }
        boolean log = numeric && lo > 0 && hi / lo > 100;
        double left = x + ReportCharts.LEFT;
        double right = x + w - ReportCharts.RIGHT;
        double bottom = y + h - ReportCharts.BOTTOM;
        double top = y + ReportCharts.TOP;
        Scale xs;
        if (!numeric) {
            xs = Scale.linear(-0.5, categories.size() - 0.5, left, right);
        } else if (log) {
            double[] d = Scale.niceDomain(lo, hi, true, 5);
            xs = Scale.log(d[0], d[1], left, right);
        } else {
            double pad = hi > lo ? 0 : Math.max(1e-9, Math.abs(lo) * 0.1 + 1e-9);
            double[] d = Scale.niceDomain(lo - pad, hi + pad, false, 5);
            xs = Scale.linear(d[0], d[1], left, right);
        }
        double ypad = yhi > ylo ? 0 : Math.max(1e-9, Math.abs(ylo) * 0.1 + 1e-9);
        double[] yd = Scale.niceDomain(ylo - ypad, yhi + ypad, false, 5);
        Scale ys = Scale.linear(yd[0], yd[1], bottom, top);
        for (double tk : ys.ticks(Math.max(2, (int) ((h - ReportCharts.TOP - ReportCharts.BOTTOM) / 36)))) {
            c.line(left, ys.map(tk), right, ys.map(tk), ReportCharts.GRID, 0.6, 1, false);
            c.text(left - 5, ys.map(tk) + 3, TickLabels.of(tk), 8.5, ReportCharts.MUTED, VectorCanvas.Anchor.END, false);
        }
        if (numeric) {
            for (double tk : xs.ticks(Math.max(2, (int) ((w - ReportCharts.LEFT - ReportCharts.RIGHT) / 70)))) {
                c.line(xs.map(tk), top, xs.map(tk), bottom, ReportCharts.GRID, 0.6, 1, false);
                c.text(xs.map(tk), bottom + 12, TickLabels.of(tk), 8.5, ReportCharts.MUTED, VectorCanvas.Anchor.MIDDLE, false);
            }
        } else {
            for (int i = 0; i < categories.size(); i++) {
                String l = categories.get(i).length() > 16 ? categories.get(i).substring(0, 15) + "\u2026" : categories.get(i);
                c.text(xs.map(i), bottom + 12, l, 8.5, ReportCharts.MUTED, VectorCanvas.Anchor.MIDDLE, false);
            }
        }
        c.line(left, bottom, right, bottom, ReportCharts.AXIS, 0.8, 1, false);
        c.line(left, top, left, bottom, ReportCharts.AXIS, 0.8, 1, false);
        c.text(right, y + h - 6, param + (log ? " (log)" : ""), 8.5, ReportCharts.MUTED, VectorCanvas.Anchor.END, false);
        // Mean per value, joined in order of the value.
        Map<Double, double[]> means = new LinkedHashMap<>();
        for (int i = 0; i < px.length; i++) {
            double[] s = means.computeIfAbsent(px[i], k -> new double[2]);
            s[0] += py[i];
            s[1]++;
        }
        List<Double> keys = new ArrayList<>(means.keySet());
        keys.sort(Double::compare);
        double[] mx = new double[keys.size()];
        double[] my = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            mx[i] = xs.map(keys.get(i));
            my[i] = ys.map(means.get(keys.get(i))[0] / means.get(keys.get(i))[1]);
        }
        c.polyline(mx, my, mx.length, ReportCharts.colour(1), 1.6, 0.9);
        for (int i = 0; i < px.length; i++) c.circle(xs.map(px[i]), ys.map(py[i]), 3.5, ReportCharts.colour(0), 0.8, "#ffffff");
    }
}
