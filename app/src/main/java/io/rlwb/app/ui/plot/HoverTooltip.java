package io.rlwb.app.ui.plot;

import java.util.function.BiFunction;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

/**
 * A tooltip that follows the mouse over a chart and says what lies under it: {@code describe} gets the mouse
 * position in the node's coordinates and returns the text, or null where there is nothing to say. The text is
 * also exposed as a property, so tests read it without a popup.
 */
public final class HoverTooltip {
    private final Node node;
    private final Tooltip tooltip = new Tooltip();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", null);

    private HoverTooltip(Node node, BiFunction<Double, Double, String> describe) {
        this.node = node;
        tooltip.setShowDelay(Duration.ZERO);
        tooltip.getStyleClass().add("plot-tooltip");
        node.addEventHandler(MouseEvent.MOUSE_MOVED, e -> update(describe.apply(e.getX(), e.getY()), e));
        node.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hide());
        node.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> hide());
    }

    /** Puts a hover tooltip on {@code node}. */
    public static HoverTooltip install(Node node, BiFunction<Double, Double, String> describe) {
        return new HoverTooltip(node, describe);
    }

    private void update(String s, MouseEvent e) {
        text.set(s);
        if (s == null || s.isEmpty()) {
            tooltip.hide();
            return;
        }
        tooltip.setText(s);
        if (node.getScene() != null && node.getScene().getWindow() != null) {
            tooltip.show(node, e.getScreenX() + 14, e.getScreenY() + 14);
        }
    }

    /** Hides the tooltip. */
    public void hide() {
        text.set(null);
        tooltip.hide();
    }

    /** What the tooltip says now; null when hidden. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
