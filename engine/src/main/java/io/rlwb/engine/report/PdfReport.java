package io.rlwb.engine.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Writes a report as PDF with PDFBox: the same charts as the HTML report, drawn as vectors through
 * {@link PdfCanvas}, and the summary and provenance tables as text. A4 portrait; sections flow onto new pages.
 * Needs no browser and no font file.
 */
public final class PdfReport implements AutoCloseable {
    static final float MARGIN = 40;
    private final PDDocument doc = new PDDocument();
    private final PDRectangle size = PDRectangle.A4;
    private PDPageContentStream cs;
    private double y;

    private PdfReport() {}

    /** Writes the report of {@code m} to {@code file}. */
    public static void write(ReportModel m, String generated, Path file) throws IOException {
        try (PdfReport r = new PdfReport()) {
            r.render(m, generated);
            r.finish(file, m.title());
        }
    }

    private double width() {
        return size.getWidth() - 2 * MARGIN;
    }

    private PdfCanvas canvas() {
        return new PdfCanvas(cs, MARGIN, size.getHeight() - MARGIN);
    }

    private void newPage() throws IOException {
        if (cs != null) cs.close();
        PDPage page = new PDPage(size);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = 0;
    }

    /** Makes room for {@code h} units below the cursor, starting a page when needed. */
    private void need(double h) throws IOException {
        if (cs == null || y + h > size.getHeight() - 2 * MARGIN) newPage();
    }

    private void heading(String s) throws IOException {
        need(60);
        y += 18;
        canvas().text(0, y, s, 14, ReportCharts.TEXT, VectorCanvas.Anchor.START, true);
        canvas().line(0, y + 5, width(), y + 5, ReportCharts.GRID, 0.8, 1, false);
        y += 16;
    }

    private void textLine(String s, double sizePt, String colour) throws IOException {
        need(sizePt + 6);
        y += sizePt + 3;
        canvas().text(0, y, s, sizePt, colour, VectorCanvas.Anchor.START, false);
    }

    /** Rows of cells; the first column wide, the others share the rest. */
    private void table(List<String[]> rows, boolean header) throws IOException {
        int cols = rows.get(0).length;
        double first = cols == 2 ? 110 : Math.min(200, width() * 0.4);
        double other = (width() - first) / Math.max(1, cols - 1);
        for (int i = 0; i < rows.size(); i++) {
            need(16);
            String[] r = rows.get(i);
            boolean bold = header && i == 0;
            if (bold) canvas().rect(0, y, width(), 15, "#f1f5f9", 1, null);
            for (int c = 0; c < cols; c++) {
                double x = c == 0 ? 2 : first + (c - 1) * other + 2;
                double room = (c == 0 ? first : other) - 6;
                canvas().text(x, y + 11, fit(c < r.length ? r[c] : "", room, 8.5), 8.5,
                        c == 0 ? ReportCharts.TEXT : "#334155", VectorCanvas.Anchor.START, bold || c == 0 && cols == 2);
            }
            canvas().line(0, y + 15, width(), y + 15, ReportCharts.GRID, 0.5, 1, false);
            y += 15;
        }
        y += 6;
    }

    private String fit(String s, double room, double pt) {
        PdfCanvas c = canvas();
        if (c.textWidth(s, pt) <= room) return s;
        String t = s;
        while (t.length() > 1 && c.textWidth(t + "...", pt) > room) t = t.substring(0, t.length() - 1);
        return t + "...";
    }

    private void render(ReportModel m, String generated) throws IOException {
        newPage();
        y = 20;
        canvas().text(0, y, m.title(), 18, ReportCharts.TEXT, VectorCanvas.Anchor.START, true);
        textLine("Generated " + generated + " by RL Workbench.", 9, ReportCharts.MUTED);
        for (int i = 0; i < m.runs().size(); i++) {
            need(14);
            y += 12;
            canvas().rect(0, y - 8, 8, 8, ReportCharts.colour(i), 1, null);
            canvas().text(14, y, m.runs().get(i).name(), 9, ReportCharts.TEXT, VectorCanvas.Anchor.START, false);
        }

        heading("Provenance");
        List<List<String[]>> prov = m.runs().stream().map(ReportModel::provenance).toList();
        List<String[]> rows = new java.util.ArrayList<>();
        for (int row = 0; row < prov.get(0).size(); row++) {
            String[] cells = new String[prov.size() + 1];
            cells[0] = prov.get(0).get(row)[0];
            for (int r = 0; r < prov.size(); r++) cells[r + 1] = prov.get(r).get(row)[1];
            rows.add(cells);
        }
        table(rows, false);

        heading("Summary metrics");
        List<String[]> sum = new java.util.ArrayList<>();
        String[] head = new String[m.runs().size() + 1];
        head[0] = "metric";
        for (int r = 0; r < m.runs().size(); r++) head[r + 1] = m.runs().get(r).name();
        sum.add(head);
        for (String k : m.summaryKeys()) {
            String[] cells = new String[m.runs().size() + 1];
            cells[0] = k;
            for (int r = 0; r < m.runs().size(); r++) cells[r + 1] = ReportModel.summaryValue(m.runs().get(r), k);
            sum.add(cells);
        }
        table(sum, true);

        heading("Learning curves");
        double ch = 230;
        for (String key : m.chartKeys()) {
            need(ch + 10);
            ReportCharts.lineChart(canvas(), 0, y, width(), ch, key, m.curves(key));
            y += ch + 10;
        }

        if (!m.fronts().isEmpty()) {
            heading("Pareto front");
            for (ReportModel.Front f : m.fronts()) {
                need(ch + 60);
                ReportCharts.scatter(canvas(), 0, y, width(), ch + 50, f.run() + " (" + f.source() + ")",
                        f.objectives().get(0), f.objectives().get(1), f.points());
                y += ch + 60;
            }
        }
        if (!m.distributions().isEmpty()) {
            heading("Value distributions");
            for (ReportModel.Dist d : m.distributions()) {
                double[][] b = ReportModel.binned(d.probe());
                String title = d.run() + " - " + d.critic() + " - " + d.probe().label() + " at step " + d.step();
                if (b == null) {
                    textLine(title + ": scalar critic, mean " + d.probe().mean(), 9, ReportCharts.TEXT);
                    continue;
                }
                need(ch + 10);
                ReportCharts.distribution(canvas(), 0, y, width(), ch, title, b[0], b[1], d.probe().mean(),
                        d.probe().empiricalReturn());
                y += ch + 10;
            }
        }

        heading("Graph");
        Set<String> drawn = new HashSet<>();
        for (RunData r : m.runs()) {
            String sha = r.record().graphSha256() == null ? r.name() : r.record().graphSha256();
            if (!drawn.add(sha)) continue;
            need(300);
            textLine(r.graph() == null ? r.name() : r.graph().name() + " (" + r.name() + ")", 9, ReportCharts.MUTED);
            y += 4;
            GraphPicture.draw(canvas(), r.graph(), 0, y, width(), 270);
            y += 280;
        }
    }

    private void finish(Path file, String title) throws IOException {
        if (cs != null) cs.close();
        cs = null;
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setCreator("RL Workbench");
        doc.save(file.toFile());
    }

    @Override
    public void close() throws IOException {
        if (cs != null) cs.close();
        doc.close();
    }
}
