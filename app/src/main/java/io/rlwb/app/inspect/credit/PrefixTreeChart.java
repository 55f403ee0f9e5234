package io.rlwb.app.inspect.credit;

import io.rlwb.app.ui.plot.Legend;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.plot.PlotFrame;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.app.viewmodel.inspect.TreeLayout;
import io.rlwb.engine.telemetry.CreditSnapshot.TreeNode;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The prefix tree of a group of completions, root at the left: each node a box with its text, filled by its value
 * (the mean outcome of the completions below it) on a diverging scale around the root's value, labelled with
 * the value and the number of completions; where a branch splits, the values of its children show which
 * continuation earned the credit.
 */
public final class PrefixTreeChart extends PlotCanvas {
    private static final Font NODE_FONT = Font.font("Monospaced", 12);
    private final CreditViewModel vm;

    public PrefixTreeChart(CreditViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
    }

    /** The scale of node values: centred on the root's value. */
    public static DivergingScale scale(List<TreeLayout.Placed> tree, PlotColors c) {
        double root = tree.isEmpty() ? 0 : tree.get(0).node().value();
        double[] d = tree.stream().mapToDouble(p -> p.node().value() - root).toArray();
        return DivergingScale.fitting(d, c.background().interpolate(c.grid(), 0.5));
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h, PlotColors c) {
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        List<TreeLayout.Placed> tree = vm.tree();
        if (tree.isEmpty()) {
            new PlotFrame(10, 10, 30, 10).message(g, w, h, c, "This group has no prefix tree.");
            return;
        }
        int depth = 0;
        double rows = 0;
        for (TreeLayout.Placed p : tree) {
            depth = Math.max(depth, p.depth());
            rows = Math.max(rows, p.row());
        }
        double left = 16;
        double top = 36;
        double colW = (w - left - 16) / (depth + 1);
        double rowH = (h - top - 14) / (rows + 1);
        double boxW = Math.max(40, colW - 26);
        double boxH = Math.min(40, Math.max(18, rowH - 8));
        DivergingScale s = scale(tree, c);
        double root = tree.get(0).node().value();
        g.setLineWidth(1.4);
        g.setStroke(c.axis());
        for (TreeLayout.Placed p : tree) {
            if (p.parentIndex() < 0) continue;
            TreeLayout.Placed q = tree.get(p.parentIndex());
            double x0 = left + q.depth() * colW + boxW;
            double y0 = top + (q.row() + 0.5) * rowH;
            double x1 = left + p.depth() * colW;
            double y1 = top + (p.row() + 0.5) * rowH;
            g.beginPath();
            g.moveTo(x0, y0);
            g.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1, y1);
            g.stroke();
        }
        g.setFont(NODE_FONT);
        g.setTextBaseline(VPos.CENTER);
        for (TreeLayout.Placed p : tree) {
            TreeNode n = p.node();
            double x = left + p.depth() * colW;
            double y = top + (p.row() + 0.5) * rowH - boxH / 2;
            g.setFill(s.colour(n.value() - root));
            g.fillRoundRect(x, y, boxW, boxH, 8, 8);
            g.setStroke(c.axis());
            g.strokeRoundRect(x, y, boxW, boxH, 8, 8);
            g.setFill(s.textOn(n.value() - root, Color.web("#0f172a"), Color.WHITE));
            g.setTextAlign(TextAlignment.LEFT);
            String label = n.text() + String.format(java.util.Locale.ROOT, "  v=%.2f n=%d", n.value(), n.count());
            g.save();
            g.beginPath();
            g.rect(x + 4, y, boxW - 8, boxH);
            g.clip();
            g.fillText(label, x + 6, y + boxH / 2);
            g.restore();
        }
        double legendStart = Legend.draw(g, w - 14, 12, new String[] {"below the root's value", "above"},
                new Color[] {DivergingScale.RED, DivergingScale.BLUE}, c.text());
        Legend.titleBefore(g, 8, 12, legendStart, c.text(),
                "Prefix tree of the group (v: mean outcome below the node, n: completions)", "Prefix tree of the group");
    }
}
