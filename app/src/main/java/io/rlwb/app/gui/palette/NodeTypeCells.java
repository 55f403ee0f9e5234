package io.rlwb.app.gui.palette;

import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/** The look of a node type in a list, shared by the palette and the quick search: badge, name, id, tooltip. */
final class NodeTypeCells {
    private NodeTypeCells() {}

    /** A rounded square in the category's colour with the category's icon in white. */
    static StackPane badge(String category, double size) {
        FontIcon icon = new FontIcon(GraphStyle.categoryIcon(category));
        icon.setIconSize((int) Math.round(size * 0.62));
        icon.setIconColor(Color.WHITE);
        StackPane badge = new StackPane(icon);
        badge.getStyleClass().add("type-badge");
        badge.setStyle("-fx-background-color: " + GraphStyle.hex(GraphStyle.categoryColor(category)) + ";");
        badge.setMinSize(size, size);
        badge.setPrefSize(size, size);
        badge.setMaxSize(size, size);
        return badge;
    }

    /** Badge, then display name over id; with {@code showCategory} the category sits right of the name. */
    static Node entry(NodeType t, boolean showCategory) {
        Label name = new Label(t.displayName());
        name.getStyleClass().add("type-name");
        name.setTextOverrun(OverrunStyle.ELLIPSIS);
        Label id = new Label(t.id());
        id.getStyleClass().add("type-id");
        id.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        VBox text = new VBox(1, name, id);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(9, badge(t.category(), 26), text);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("type-entry");
        if (showCategory) {
            Label cat = new Label(t.category());
            cat.getStyleClass().add("type-category");
            cat.setMinWidth(Label.USE_PREF_SIZE);
            row.getChildren().add(cat);
        }
        return row;
    }

    /** Tooltip of a node type: what it is, its ports and how many parameters it has. */
    static Tooltip tooltip(NodeType t) {
        Tooltip tip = new Tooltip(describe(t));
        tip.setShowDelay(Duration.millis(500));
        tip.setShowDuration(Duration.seconds(30));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.getStyleClass().add("type-tooltip");
        return tip;
    }

    /** The text of {@link #tooltip}. */
    static String describe(NodeType t) {
        StringBuilder b = new StringBuilder(t.displayName()).append("  \u00b7  ").append(t.id()).append('\n');
        if (!t.description().isBlank()) b.append(t.description()).append('\n');
        ports(b, "Inputs", t.inputs(), true);
        ports(b, "Outputs", t.outputs(), false);
        int n = t.params().size();
        b.append('\n').append(n == 0 ? "No parameters" : n == 1 ? "1 parameter" : n + " parameters");
        if (!t.metrics().isEmpty()) {
            b.append("\nRecords: ").append(String.join(", ", t.metrics().stream().map(MetricSpec::key).toList()));
        }
        return b.toString();
    }

    private static void ports(StringBuilder b, String title, List<PortSpec<?>> ports, boolean inputs) {
        if (ports.isEmpty()) return;
        b.append('\n').append(title).append(':');
        for (PortSpec<?> p : ports) {
            b.append("\n  ").append(p.name()).append(" : ").append(p.type().describe());
            if (inputs && !p.required()) b.append(", optional");
        }
    }

    /** A category heading as shown: "POLICY". */
    static String heading(String category) {
        return category.toUpperCase(Locale.ROOT);
    }
}
