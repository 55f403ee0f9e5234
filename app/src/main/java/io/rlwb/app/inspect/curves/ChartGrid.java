package io.rlwb.app.inspect.curves;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * Lays charts out to fill the area: one column for up to three charts, two columns beyond, rows of equal height.
 * Deliberately not a scroll pane: JavaFX's software renderer composites a scroll pane's clipped viewport at
 * several times the cost of the charts themselves (docs/benchmarks.md), and live charts repaint every frame.
 */
final class ChartGrid extends Region {
    private static final double GAP = 10;

    ChartGrid() {
        setPadding(new Insets(10));
    }

    /** The charts, in order (this region's children). */
    @Override
    public javafx.collections.ObservableList<Node> getChildren() {
        return super.getChildren();
    }

    @Override
    protected void layoutChildren() {
        var kids = getManagedChildren();
        int n = kids.size();
        if (n == 0) return;
        Insets in = getInsets();
        double w = getWidth() - in.getLeft() - in.getRight();
        double h = getHeight() - in.getTop() - in.getBottom();
        int cols = n <= 3 ? 1 : 2;
        int rows = (n + cols - 1) / cols;
        double cw = Math.floor((w - GAP * (cols - 1)) / cols);
        double ch = Math.floor((h - GAP * (rows - 1)) / rows);
        for (int i = 0; i < n; i++) {
            Node c = kids.get(i);
            int r = i / cols;
            int k = i % cols;
            c.resizeRelocate(in.getLeft() + k * (cw + GAP), in.getTop() + r * (ch + GAP), Math.max(1, cw),
                    Math.max(1, ch));
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 600;
    }
}
