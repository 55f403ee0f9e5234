package io.rlwb.engine.report;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a report as one self-contained HTML file: inline CSS, charts as inline SVG, tables as HTML; no script,
 * font, image or style sheet is fetched, so it opens offline. Several runs make a comparison: curves overlaid,
 * summary and provenance side by side.
 */
public final class HtmlReport {
    static final double CHART_W = 560;
    static final double CHART_H = 260;

    private HtmlReport() {}

    /** Writes the report of {@code m}; {@code csvNames} lists the metrics exports written beside it. */
    public static void write(ReportModel m, List<String> csvNames, String generated, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<title>" + Html.esc(m.title()) + "</title>\n<style>\n" + CSS + "</style></head><body>\n");
        out.write("<header><h1>" + Html.esc(m.title()) + "</h1><p class=\"muted\">Generated " + Html.esc(generated)
                + " by RL Workbench. Runs: ");
        for (int i = 0; i < m.runs().size(); i++) {
            if (i > 0) out.write(", ");
            out.write("<span class=\"run\" style=\"border-color:" + ReportCharts.colour(i) + "\">"
                    + Html.esc(m.runs().get(i).name()) + "</span>");
        }
        out.write("</p></header>\n");

        out.write("<section id=\"curves\"><h2>Learning curves</h2>\n<p class=\"muted\">Raw values faint (per column "
                + "minimum to maximum), smoothed with a debiased EMA of weight " + ReportCharts.SMOOTHING
                + " solid.</p><div class=\"grid\">\n");
        if (m.chartKeys().isEmpty()) out.write("<p>No metrics recorded (metrics.csv is empty).</p>");
        for (String key : m.chartKeys()) {
            SvgCanvas c = new SvgCanvas(CHART_W, CHART_H, key);
            ReportCharts.lineChart(c, 0, 0, CHART_W, CHART_H, key, m.curves(key));
            out.write("<figure class=\"chart\" data-key=\"" + Html.esc(key) + "\">" + c.toSvg() + "</figure>\n");
        }
        out.write("</div></section>\n");

        out.write("<section id=\"summary\"><h2>Summary metrics</h2>\n<table><thead><tr><th>metric</th>");
        for (RunData r : m.runs()) out.write("<th>" + Html.esc(r.name()) + "</th>");
        out.write("</tr></thead><tbody>\n");
        for (String k : m.summaryKeys()) {
            out.write("<tr><td>" + Html.esc(k) + "</td>");
            for (RunData r : m.runs()) out.write("<td class=\"num\">" + Html.esc(ReportModel.summaryValue(r, k)) + "</td>");
            out.write("</tr>\n");
        }
        out.write("</tbody></table></section>\n");

        if (!m.fronts().isEmpty()) {
            out.write("<section id=\"pareto\"><h2>Pareto front</h2><div class=\"grid\">\n");
            for (ReportModel.Front f : m.fronts()) {
                SvgCanvas c = new SvgCanvas(CHART_W, CHART_H + 40, "Pareto front of " + f.run());
                ReportCharts.scatter(c, 0, 0, CHART_W, CHART_H + 40, f.run() + " (" + f.source() + ")"
                        + (f.hypervolume() == null ? "" : ", hypervolume " + String.format(java.util.Locale.ROOT, "%.4g",
                        f.hypervolume())), f.objectives().get(0), f.objectives().get(1), f.points());
                out.write("<figure class=\"chart\">" + c.toSvg() + "</figure>\n");
            }
            out.write("</div></section>\n");
        }

        if (!m.distributions().isEmpty()) {
            out.write("<section id=\"distributions\"><h2>Value distributions</h2><p class=\"muted\">The critic's last "
                    + "predicted return distribution at each probe state, against the return observed from it.</p>"
                    + "<div class=\"grid\">\n");
            for (ReportModel.Dist d : m.distributions()) {
                double[][] b = ReportModel.binned(d.probe());
                String title = d.run() + "  \u00b7  " + d.critic() + "  \u00b7  " + d.probe().label() + " at step " + d.step();
                if (b == null) {
                    out.write("<p>" + Html.esc(title) + ": scalar critic, mean " + d.probe().mean() + "</p>");
                    continue;
                }
                SvgCanvas c = new SvgCanvas(CHART_W, CHART_H, title);
                ReportCharts.distribution(c, 0, 0, CHART_W, CHART_H, title, b[0], b[1], d.probe().mean(),
                        d.probe().empiricalReturn());
                out.write("<figure class=\"chart\">" + c.toSvg() + "</figure>\n");
            }
            out.write("</div></section>\n");
        }

        out.write("<section id=\"graph\"><h2>Graph</h2>\n");
        Set<String> drawn = new HashSet<>();
        for (RunData r : m.runs()) {
            String sha = r.record().graphSha256() == null ? r.name() : r.record().graphSha256();
            if (!drawn.add(sha)) continue;
            double gw = 1100;
            double gh = 460;
            SvgCanvas c = new SvgCanvas(gw, gh, "graph of " + r.name());
            GraphPicture.draw(c, r.graph(), 0, 0, gw, gh);
            out.write("<figure class=\"graph\"><figcaption>" + Html.esc(r.graph() == null ? r.name()
                    : r.graph().name() + " (" + r.name() + ")") + "</figcaption>" + c.toSvg() + "</figure>\n");
        }
        out.write("</section>\n");

        out.write("<section id=\"provenance\"><h2>Provenance</h2>\n<table><tbody>\n");
        List<List<String[]>> prov = m.runs().stream().map(ReportModel::provenance).toList();
        for (int row = 0; row < prov.get(0).size(); row++) {
            out.write("<tr><th>" + Html.esc(prov.get(0).get(row)[0]) + "</th>");
            for (List<String[]> p : prov) out.write("<td>" + Html.esc(p.get(row)[1]) + "</td>");
            out.write("</tr>\n");
        }
        out.write("</tbody></table>\n");
        if (!csvNames.isEmpty()) {
            out.write("<p class=\"muted\">Metrics in wide CSV (step and one column per key): "
                    + Html.esc(String.join(", ", csvNames)) + "</p>\n");
        }
        out.write("</section>\n</body></html>\n");
    }

    static final String CSS = """
            body { font-family: Helvetica, Arial, sans-serif; color: #0f172a; background: #f8fafc; margin: 24px 32px; }
            h1 { font-size: 22px; margin: 0 0 4px 0; }
            h2 { font-size: 16px; margin: 28px 0 8px 0; border-bottom: 1px solid #e2e8f0; padding-bottom: 4px; }
            .muted { color: #64748b; font-size: 13px; }
            .run { border-left: 4px solid; padding-left: 4px; margin-right: 4px; }
            .grid { display: flex; flex-wrap: wrap; gap: 12px; }
            figure { margin: 0; background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 4px; }
            figure.graph svg { max-width: 100%; height: auto; }
            figcaption { font-size: 12px; color: #64748b; padding: 2px 4px; }
            table { border-collapse: collapse; background: #fff; font-size: 13px; }
            th, td { border: 1px solid #e2e8f0; padding: 4px 10px; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            thead th { background: #f1f5f9; }
            """;
}
