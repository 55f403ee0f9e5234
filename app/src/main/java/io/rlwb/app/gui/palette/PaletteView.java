package io.rlwb.app.gui.palette;

import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.viewmodel.palette.PaletteRow;
import io.rlwb.app.viewmodel.palette.PaletteViewModel;
import io.rlwb.engine.spi.NodeType;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.controlsfx.control.textfield.CustomTextField;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/**
 * The node palette: a search field over the node types grouped by category. Typing filters (fuzzy, best
 * match selected), Up and Down move, Enter or a double-click chooses ({@link #setOnChoose}); a click on a
 * category header folds it. Each entry is a drag source whose content holds the type id under
 * {@link #NODE_TYPE_FORMAT} (and as plain text), for the canvas to accept as a drop.
 */
public final class PaletteView extends VBox {
    /** Drag-and-drop format of a node type: the content is the type id, a String. */
    public static final DataFormat NODE_TYPE_FORMAT = dataFormat("application/x-rlwb-node-type");

    private final PaletteViewModel vm;
    private final CustomTextField search = new CustomTextField();
    private final ListView<PaletteRow> list = new ListView<>();
    private static final int PAGE = 8;

    /** A palette showing {@code vm}. */
    public PaletteView(PaletteViewModel vm) {
        this.vm = vm;
        getStyleClass().add("palette-view");

        search.setId("paletteSearch");
        search.getStyleClass().add("palette-search");
        search.setPromptText("Search node types");
        FontIcon lens = new FontIcon(MaterialDesignM.MAGNIFY);
        lens.getStyleClass().add("search-icon");
        search.setLeft(lens);
        search.textProperty().bindBidirectional(vm.filterProperty());
        search.addEventFilter(KeyEvent.KEY_PRESSED, this::onSearchKey);

        list.setId("paletteList");
        list.getStyleClass().add("palette-list");
        list.setItems(vm.rows());
        list.setCellFactory(v -> new Cell());
        Label none = new Label();
        none.getStyleClass().add("palette-empty");
        none.setWrapText(true);
        none.textProperty().bind(vm.filterProperty().map(f -> f.isBlank() ? "No node types are installed"
                : "No node type matches \u201c" + f.trim() + "\u201d"));
        list.setPlaceholder(none);
        list.addEventFilter(KeyEvent.KEY_PRESSED, this::onListKey);
        list.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            String c = e.getCharacter();
            if (c.isEmpty() || Character.isISOControl(c.charAt(0)) || e.isShortcutDown()) return;
            // Typing in the list goes on in the search field.
            search.requestFocus();
            search.setText(search.getText() + c);
            search.positionCaret(search.getText().length());
            e.consume();
        });
        // The view model owns the selection: keys are mapped onto it (see onListKey), clicks select through it,
        // and the list only shows it.
        vm.selectedProperty().addListener((o, a, b) -> showSelection(b));
        vm.rows().addListener((ListChangeListener<PaletteRow>) c -> showSelection(vm.selectedProperty().get()));
        VBox.setVgrow(list, Priority.ALWAYS);

        getChildren().addAll(search, list);
        showSelection(vm.selectedProperty().get());
    }

    /** Called with the type the user chose (Enter or double-click). */
    public void setOnChoose(Consumer<NodeType> handler) {
        vm.setOnChoose(handler);
    }

    /** Puts the keyboard focus into the search field, its text selected. */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** The view model shown. */
    public PaletteViewModel viewModel() {
        return vm;
    }

    /** The drag content for {@code type}: its id under {@link #NODE_TYPE_FORMAT} and as plain text. */
    public static ClipboardContent dragContent(NodeType type) {
        ClipboardContent c = new ClipboardContent();
        c.put(NODE_TYPE_FORMAT, type.id());
        c.putString(type.id());
        return c;
    }

    private void onSearchKey(KeyEvent e) {
        switch (e.getCode()) {
            case DOWN -> vm.selectNext();
            case UP -> vm.selectPrevious();
            case ENTER -> vm.choose();
            case ESCAPE -> {
                if (search.getText().isEmpty()) return;
                search.clear();
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void onListKey(KeyEvent e) {
        switch (e.getCode()) {
            case DOWN -> vm.selectNext();
            case UP -> vm.selectPrevious();
            case PAGE_DOWN -> vm.moveSelection(PAGE);
            case PAGE_UP -> vm.moveSelection(-PAGE);
            case HOME -> vm.moveSelection(-Integer.MAX_VALUE / 2);
            case END -> vm.moveSelection(Integer.MAX_VALUE / 2);
            case ENTER -> vm.choose();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void showSelection(NodeType t) {
        int index = -1;
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i) instanceof PaletteRow.Entry en && en.type() == t) index = i;
        }
        if (index < 0) {
            list.getSelectionModel().clearSelection();
            return;
        }
        list.getSelectionModel().select(index);
        scrollIntoView(index);
    }

    private void scrollIntoView(int index) {
        // Scroll only when the row is out of sight, keeping the header of a group's first entry in view.
        javafx.scene.control.skin.VirtualFlow<?> flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        if (flow != null && flow.getFirstVisibleCell() != null && flow.getLastVisibleCell() != null) {
            int first = flow.getFirstVisibleCell().getIndex();
            int last = flow.getLastVisibleCell().getIndex();
            if (index > first && index < last) return;
            if (index >= last) {
                flow.scrollTo(index);
                return;
            }
        }
        list.scrollTo(Math.max(0, index - 1));
    }

    private final class Cell extends ListCell<PaletteRow> {
        Cell() {
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (getItem() instanceof PaletteRow.Entry en) vm.select(en.type());
                else if (getItem() instanceof PaletteRow.Header) e.consume(); // headers are not selectable
            });
            addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
                if (e.getButton() != MouseButton.PRIMARY) return;
                if (getItem() instanceof PaletteRow.Header h) {
                    vm.toggleCollapsed(h.category());
                    e.consume();
                } else if (getItem() instanceof PaletteRow.Entry en && e.getClickCount() == 2) {
                    vm.select(en.type());
                    vm.choose();
                    e.consume();
                }
            });
            setOnDragDetected(e -> {
                if (!(getItem() instanceof PaletteRow.Entry en)) return;
                Dragboard db = startDragAndDrop(TransferMode.COPY);
                db.setContent(dragContent(en.type()));
                SnapshotParameters p = new SnapshotParameters();
                p.setFill(Color.TRANSPARENT);
                db.setDragView(snapshot(p, null), e.getX(), e.getY());
                e.consume();
            });
        }

        @Override
        protected void updateItem(PaletteRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("palette-header", "palette-entry");
            setText(null);
            setTooltip(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            if (row instanceof PaletteRow.Header h) {
                getStyleClass().add("palette-header");
                setGraphic(header(h));
            } else if (row instanceof PaletteRow.Entry en) {
                getStyleClass().add("palette-entry");
                setGraphic(NodeTypeCells.entry(en.type(), false));
                setTooltip(NodeTypeCells.tooltip(en.type()));
            }
        }

        private HBox header(PaletteRow.Header h) {
            FontIcon chevron = new FontIcon(h.collapsed() ? MaterialDesignC.CHEVRON_RIGHT : MaterialDesignC.CHEVRON_DOWN);
            chevron.getStyleClass().add("header-chevron");
            FontIcon icon = new FontIcon(GraphStyle.categoryIcon(h.category()));
            icon.setIconColor(GraphStyle.categoryColor(h.category()));
            icon.getStyleClass().add("header-icon");
            Label title = new Label(NodeTypeCells.heading(h.category()));
            title.getStyleClass().add("header-title");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Label count = new Label(Integer.toString(h.count()));
            count.getStyleClass().add("header-count");
            HBox box = new HBox(6, chevron, icon, title, gap, count);
            box.setAlignment(Pos.CENTER_LEFT);
            return box;
        }
    }

    private static DataFormat dataFormat(String mime) {
        DataFormat f = DataFormat.lookupMimeType(mime);
        return f != null ? f : new DataFormat(mime);
    }
}
