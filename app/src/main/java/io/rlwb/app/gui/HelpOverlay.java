package io.rlwb.app.gui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The keyboard help (F1 or ?): every command of {@link Shortcuts} with its keys, grouped, over a dimmed window.
 * A click anywhere, Escape, F1 or ? closes it.
 */
public final class HelpOverlay extends StackPane {
    public HelpOverlay(Shortcuts shortcuts) {
        setId("helpOverlay");
        getStyleClass().add("help-overlay");
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("help-title");
        Map<String, List<Shortcuts.Entry>> groups = new LinkedHashMap<>();
        for (Shortcuts.Entry e : shortcuts.entries()) {
            if (e.keyText().isEmpty()) continue;
            groups.computeIfAbsent(e.group(), k -> new java.util.ArrayList<>()).add(e);
        }
        HBox columns = new HBox(28);
        VBox col = null;
        int rows = 0;
        for (var g : groups.entrySet()) {
            if (col == null || rows + g.getValue().size() > 26) {
                col = new VBox(14);
                columns.getChildren().add(col);
                rows = 0;
            }
            GridPane grid = new GridPane();
            grid.setHgap(18);
            grid.setVgap(5);
            ColumnConstraints a = new ColumnConstraints(200);
            ColumnConstraints b = new ColumnConstraints(210);
            grid.getColumnConstraints().addAll(a, b);
            Label head = new Label(g.getKey());
            head.getStyleClass().add("help-group");
            grid.add(head, 0, 0, 2, 1);
            int r = 1;
            for (Shortcuts.Entry e : g.getValue()) {
                Label what = new Label(e.label());
                what.getStyleClass().add("help-label");
                Label keys = new Label(e.keyText());
                keys.getStyleClass().add("help-keys");
                keys.setWrapText(true);
                grid.add(what, 0, r);
                grid.add(keys, 1, r);
                r++;
            }
            col.getChildren().add(grid);
            rows += g.getValue().size() + 2;
        }
        Label foot = new Label("Press Esc, F1 or ? to close");
        foot.getStyleClass().add("help-foot");
        VBox card = new VBox(16, title, columns, foot);
        card.getStyleClass().add("help-card");
        card.setPadding(new Insets(22, 28, 18, 28));
        card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        HBox.setHgrow(card, Priority.NEVER);
        getChildren().add(card);
        setAlignment(Pos.CENTER);
        setVisible(false);
        setOnMouseClicked(e -> hide());
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hide();
                e.consume();
            }
        });
    }

    /** Shows or hides the overlay. */
    public void toggle() {
        if (isVisible()) hide();
        else {
            setVisible(true);
            toFront();
            requestFocus();
        }
    }

    public void hide() {
        setVisible(false);
    }
}
