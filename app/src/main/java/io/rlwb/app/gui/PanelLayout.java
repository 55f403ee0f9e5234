package io.rlwb.app.gui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;

/**
 * The window's three columns (node panel, canvas, run panel) in one split pane. Side panels take a share of the
 * window that shrinks on small screens, so a 1366-pixel laptop still shows the sample graph at a readable zoom,
 * and either side panel can be hidden (Ctrl+B, Ctrl+J) to give the canvas the whole width.
 */
final class PanelLayout {
    private final SplitPane split;
    private final Node left;
    private final Node centre;
    private final Node right;
    private final BooleanProperty leftShown = new SimpleBooleanProperty(this, "leftShown", true);
    private final BooleanProperty rightShown = new SimpleBooleanProperty(this, "rightShown", true);
    private boolean sized;

    PanelLayout(Node left, Node centre, Node right) {
        this.left = left;
        this.centre = centre;
        this.right = right;
        split = new SplitPane(left, centre, right);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        // Sized once, when the window first has a width; after that the user's divider drags are kept.
        split.widthProperty().addListener((o, a, b) -> {
            if (!sized && b.doubleValue() > 0) {
                sized = true;
                place();
            }
        });
        leftShown.addListener((o, a, b) -> rebuild());
        rightShown.addListener((o, a, b) -> rebuild());
    }

    SplitPane node() {
        return split;
    }

    BooleanProperty leftShownProperty() {
        return leftShown;
    }

    BooleanProperty rightShownProperty() {
        return rightShown;
    }

    /** Width of the node panel for a window {@code w} pixels wide. */
    static double leftWidth(double w) {
        return clamp(0.18 * w, 230, 300);
    }

    /** Width of the run panel for a window {@code w} pixels wide. */
    static double rightWidth(double w) {
        return clamp(0.24 * w, 300, 440);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void rebuild() {
        split.getItems().setAll(centre);
        if (leftShown.get()) split.getItems().add(0, left);
        if (rightShown.get()) split.getItems().add(right);
        place();
    }

    private void place() {
        double w = split.getWidth();
        if (w <= 0) return;
        double l = leftWidth(w) / w;
        double r = 1 - rightWidth(w) / w;
        if (leftShown.get() && rightShown.get()) split.setDividerPositions(l, r);
        else if (leftShown.get()) split.setDividerPositions(l);
        else if (rightShown.get()) split.setDividerPositions(r);
    }
}
