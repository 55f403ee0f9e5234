package io.rlwb.app.gui.palette;

import io.rlwb.engine.spi.NodeType;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Screen;
import org.controlsfx.control.textfield.CustomTextField;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/**
 * A small search window over the canvas: a search field and the ranked list of candidate node types. The
 * canvas opens it on a double-click or Space (all types) and when a wire is dropped into empty space (only
 * compatible types, see {@link PaletteViewModel#compatibleTypes}). Typing filters, Up and Down move, Enter or a
 * double-click chooses and closes, Esc or a click elsewhere closes without choosing. One instance can be shown
 * again and again.
 */
public final class QuickSearchPopup {
    private static final int VISIBLE_ROWS = 8;

    private final Popup popup = new Popup();
    private final PaletteViewModel vm = new PaletteViewModel();
    private final Label title = new Label();
    private final CustomTextField search = new CustomTextField();
    private final ListView<NodeType> list = new ListView<>();
    private Consumer<NodeType> onChoose = t -> {};

    /** A popup, not yet shown. */
    public QuickSearchPopup() {
        title.getStyleClass().add("quick-search-title");
        title.managedProperty().bind(title.textProperty().isNotEmpty());
        title.visibleProperty().bind(title.managedProperty());

        search.setId("quickSearchField");
        search.getStyleClass().add("palette-search");
        search.setPromptText("Add a node: type to search");
        FontIcon lens = new FontIcon(MaterialDesignM.MAGNIFY);
        lens.getStyleClass().add("search-icon");
        search.setLeft(lens);
        search.textProperty().bindBidirectional(vm.filterProperty());
        search.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);

        list.setId("quickSearchList");
        list.getStyleClass().addAll("palette-list", "quick-search-list");
        list.setItems(vm.matches());
        list.setFocusTraversable(false);
        list.setFixedCellSize(40);
        // As tall as the matches, up to VISIBLE_ROWS; it scrolls beyond.
        list.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(VISIBLE_ROWS, Math.max(2, vm.matches().size())) * 40.0 + 4, vm.matches()));
        list.setCellFactory(v -> new Cell());
        Label none = new Label("No matching node type");
        none.getStyleClass().add("palette-empty");
        list.setPlaceholder(none);
        vm.selectedProperty().addListener((o, a, b) -> showSelection());
        // New matches reset the list's selection even when the selected type stays the same.
        vm.matches().addListener((javafx.collections.ListChangeListener<NodeType>) c -> showSelection());

        Label hint = new Label("\u2191\u2193 move   \u00b7   Enter add   \u00b7   Esc close");
        hint.getStyleClass().add("quick-search-hint");

        VBox box = new VBox(6, title, search, list, hint);
        box.getStyleClass().add("quick-search");
        box.setPrefWidth(380);
        box.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                hide();
                e.consume();
            }
        });
        popup.getContent().add(box);
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
        popup.setAutoFix(true);
    }

    /**
     * Shows the popup with its top-left corner at a screen point (moved to stay on the screen).
     *
     * @param owner a node of the window the popup belongs to (the canvas)
     * @param candidates the node types to offer, in the order to list them before anything is typed
     * @param onChoose called once with the chosen type, after the popup has closed
     */
    public void show(Node owner, double screenX, double screenY, List<NodeType> candidates, Consumer<NodeType> onChoose) {
        show(owner, screenX, screenY, candidates, onChoose, "");
    }

    /** As {@link #show(Node, double, double, List, Consumer)}, with a title line such as "Connect to policy". */
    public void show(Node owner, double screenX, double screenY, List<NodeType> candidates, Consumer<NodeType> onChoose,
                     String titleText) {
        Objects.requireNonNull(owner, "owner");
        this.onChoose = Objects.requireNonNull(onChoose, "onChoose");
        title.setText(titleText == null ? "" : titleText);
        double x = screenX;
        double y = screenY;
        Rectangle2D screen = Screen.getScreensForRectangle(screenX, screenY, 1, 1).stream().findFirst()
                .orElse(Screen.getPrimary()).getVisualBounds();
        double h = VISIBLE_ROWS * 40 + 110;
        if (y + h > screen.getMaxY()) y = Math.max(screen.getMinY(), screen.getMaxY() - h);
        // The popup copies the owner's stylesheets when shown; copying them first spares the list a first
        // layout pass without the theme's variables.
        if (owner.getScene() != null) popup.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        popup.show(owner, x, y);
        // Filled once showing: cells restyled while the popup is hidden miss the theme's variables.
        vm.filterProperty().set("");
        // Keep the caller's order: the candidates are often already ranked (compatible types first).
        vm.setTypesInOrder(candidates);
        vm.selectNext();
        Platform.runLater(search::requestFocus);
        search.requestFocus();
    }

    /** Closes the popup without choosing. */
    public void hide() {
        popup.hide();
    }

    /** Whether the popup is open. */
    public boolean isShowing() {
        return popup.isShowing();
    }

    /** The window of the popup (tests take snapshots of its scene). */
    public Popup popup() {
        return popup;
    }

    /** The search field. */
    public TextField searchField() {
        return search;
    }

    /** The candidates' view model: its filter is the search text. */
    public PaletteViewModel viewModel() {
        return vm;
    }

    private void showSelection() {
        NodeType t = vm.selectedProperty().get();
        int i = t == null ? -1 : list.getItems().indexOf(t);
        if (i < 0) {
            list.getSelectionModel().clearSelection();
        } else {
            list.getSelectionModel().select(i);
            list.scrollTo(Math.max(0, i - VISIBLE_ROWS + 1));
        }
    }

    private void onKey(KeyEvent e) {
        switch (e.getCode()) {
            case DOWN -> vm.selectNext();
            case UP -> vm.selectPrevious();
            case PAGE_DOWN -> vm.moveSelection(VISIBLE_ROWS);
            case PAGE_UP -> vm.moveSelection(-VISIBLE_ROWS);
            case ENTER -> choose(vm.selectedProperty().get());
            case ESCAPE -> hide();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void choose(NodeType t) {
        if (t == null) return;
        hide();
        onChoose.accept(t);
    }

    private final class Cell extends ListCell<NodeType> {
        Cell() {
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (getItem() != null) vm.select(getItem());
            });
            addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
                if (getItem() != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                    choose(getItem());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(NodeType t, boolean empty) {
            super.updateItem(t, empty);
            getStyleClass().remove("palette-entry");
            if (!empty && t != null) getStyleClass().add("palette-entry");
            setText(null);
            setGraphic(empty || t == null ? null : NodeTypeCells.entry(t, true));
            setTooltip(empty || t == null ? null : NodeTypeCells.tooltip(t));
        }
    }
}
