package io.rlwb.app.gui;

import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.viewmodel.QuickSearchViewModel;
import io.rlwb.engine.spi.NodeType;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The quick-search popup over the canvas: a search field and the matching node types. Typing narrows the list,
 * Up and Down move, Enter or a double-click adds the highlighted type, Escape closes.
 */
public final class QuickSearchView extends VBox {
    private final QuickSearchViewModel vm;
    private final TextField field = new TextField();
    private final ListView<NodeType> list;
    private Consumer<NodeType> onChoose = t -> { };
    private Runnable onClose = () -> { };

    public QuickSearchView(QuickSearchViewModel vm) {
        this.vm = vm;
        setId("quickSearch");
        getStyleClass().add("quick-search");
        Label title = new Label();
        title.getStyleClass().add("quick-search-title");
        title.textProperty().bind(vm.titleProperty());
        field.setId("quickSearchField");
        field.setPromptText("Type to search node types\u2026");
        field.textProperty().bindBidirectional(vm.queryProperty());
        list = new ListView<>(vm.results());
        list.setId("quickSearchList");
        list.getStyleClass().add("quick-search-list");
        list.setFixedCellSize(30);
        list.setPrefHeight(30 * 8 + 4);
        list.setCellFactory(v -> new TypeCell());
        vm.selectedProperty().addListener((o, a, b) -> {
            int i = b.intValue();
            if (i >= 0) {
                list.getSelectionModel().select(i);
                list.scrollTo(Math.max(0, i - 3));
            } else {
                list.getSelectionModel().clearSelection();
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.selectedProperty().set(b.intValue());
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) choose();
        });
        Label hint = new Label("\u2191\u2193 choose   \u21b5 add   Esc close");
        hint.getStyleClass().add("quick-search-hint");
        getChildren().addAll(title, field, list, hint);
        setSpacing(6);
        setPrefWidth(340);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case DOWN -> { vm.move(1); e.consume(); }
                case UP -> { vm.move(-1); e.consume(); }
                case ENTER -> { choose(); e.consume(); }
                case ESCAPE -> { onClose.run(); e.consume(); }
                default -> { }
            }
        });
        // Keys typed here are the search's, not the canvas's or the menus'.
        addEventHandler(KeyEvent.ANY, e -> { if (e.getCode() != KeyCode.ESCAPE) e.consume(); });
        setOnMousePressed(javafx.event.Event::consume);
        setOnScroll(javafx.event.Event::consume);
    }

    /** Puts the caret in the search field. */
    public void focus() {
        field.requestFocus();
        field.selectAll();
    }

    /** Adds the highlighted type (Enter). */
    public void choose() {
        NodeType t = vm.chosen();
        if (t != null) onChoose.accept(t);
    }

    /** What to do with the chosen type. */
    public void setOnChoose(Consumer<NodeType> c) {
        onChoose = c;
    }

    /** What to do on Escape. */
    public void setOnClose(Runnable r) {
        onClose = r;
    }

    public QuickSearchViewModel model() {
        return vm;
    }

    private static final class TypeCell extends ListCell<NodeType> {
        @Override
        protected void updateItem(NodeType t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            FontIcon icon = new FontIcon(GraphStyle.categoryIcon(t.category()));
            icon.setIconSize(15);
            icon.setIconColor(GraphStyle.categoryColor(t.category()));
            Label name = new Label(t.displayName());
            name.getStyleClass().add("quick-search-name");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Label cat = new Label(t.category());
            cat.getStyleClass().add("quick-search-category");
            HBox row = new HBox(8, icon, name, gap, cat);
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setTooltip(new javafx.scene.control.Tooltip(t.id() + (t.description().isEmpty() ? "" : "\n" + t.description())));
        }
    }
}
