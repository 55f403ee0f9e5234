package io.rlwb.app.gui.props;

import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.viewmodel.props.ParamItem;
import io.rlwb.app.viewmodel.props.PropertiesViewModel;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.controlsfx.control.PropertySheet;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;

/**
 * The parameters of the selected node in a ControlsFX {@link PropertySheet}: a header with the node's id and
 * type, then one row per item of a {@link PropertiesViewModel} with a typed editor (text fields that take
 * {@code 1e-5} for numbers, {@code 64, 64} for lists; a check box; a combo box of choices), unit, range and
 * default under it, a reset button, and the description as tooltip. Invalid text is shown in place in red and
 * not committed. Shows a hint when no node is selected ({@link #setViewModel} with null).
 */
public final class PropertiesView extends VBox {
    private final ObjectProperty<PropertiesViewModel> viewModel = new SimpleObjectProperty<>(this, "viewModel");
    private final PropertySheet sheet = new PropertySheet();
    private final StackPane badge = new StackPane();
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final HBox header;
    private final Label notice = new Label();
    private final Label empty = new Label("Select a node to see and edit its parameters");
    private final ListChangeListener<ParamItem> itemsChanged = c -> fill();

    /** A sheet showing nothing yet. */
    public PropertiesView() {
        getStyleClass().add("properties-view");
        sheet.setId("propertySheet");
        sheet.getStyleClass().add("props-sheet");
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setPropertyEditorFactory(item -> ParamEditors.create(((SheetItem) item).item, viewModel.get()));
        VBox.setVgrow(sheet, Priority.ALWAYS);

        badge.getStyleClass().add("type-badge");
        badge.setMinSize(30, 30);
        badge.setMaxSize(30, 30);
        title.setId("propsTitle");
        title.getStyleClass().add("props-title");
        subtitle.getStyleClass().add("props-subtitle");
        VBox names = new VBox(1, title, subtitle);
        names.setMinWidth(0);
        header = new HBox(10, badge, names);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("props-header");

        FontIcon warn = new FontIcon(MaterialDesignA.ALERT_OUTLINE);
        warn.getStyleClass().add("props-notice-icon");
        notice.setGraphic(warn);
        notice.setWrapText(true);
        notice.getStyleClass().add("props-notice");
        notice.setMinHeight(Label.USE_PREF_SIZE);

        empty.getStyleClass().add("props-empty");
        empty.setWrapText(true);
        empty.setMaxWidth(Double.MAX_VALUE);
        empty.setAlignment(Pos.CENTER);
        VBox.setVgrow(empty, Priority.ALWAYS);
        empty.setMaxHeight(Double.MAX_VALUE);

        viewModel.addListener((o, a, b) -> {
            if (a != null) a.items().removeListener(itemsChanged);
            if (b != null) b.items().addListener(itemsChanged);
            show(b);
        });
        show(null);
    }

    /** A sheet showing {@code vm}. */
    public PropertiesView(PropertiesViewModel vm) {
        this();
        setViewModel(vm);
    }

    /** The node shown; null shows the "select a node" hint. */
    public ObjectProperty<PropertiesViewModel> viewModelProperty() {
        return viewModel;
    }

    public void setViewModel(PropertiesViewModel vm) {
        viewModel.set(vm);
    }

    public PropertiesViewModel getViewModel() {
        return viewModel.get();
    }

    /** The ControlsFX sheet inside. */
    public PropertySheet sheet() {
        return sheet;
    }

    @Override
    protected void layoutChildren() {
        // The sheet centres each name on its row; rows here have a hint line under the editor, so the name
        // goes to the top, level with the editor (the label's top padding comes from CSS).
        for (javafx.scene.Node pane : sheet.lookupAll(".property-pane")) {
            if (!(pane instanceof javafx.scene.Parent p)) continue;
            for (javafx.scene.Node child : p.getChildrenUnmodifiable()) {
                if (child instanceof Label && javafx.scene.layout.GridPane.getValignment(child) != javafx.geometry.VPos.TOP) {
                    javafx.scene.layout.GridPane.setValignment(child, javafx.geometry.VPos.TOP);
                }
            }
        }
        super.layoutChildren();
    }

    private void show(PropertiesViewModel vm) {
        if (vm == null) {
            sheet.getItems().clear();
            getChildren().setAll(empty);
            return;
        }
        String category = vm.typeKnown() ? vm.nodeType().category() : "unknown";
        Color accent = GraphStyle.categoryColor(category);
        FontIcon icon = new FontIcon(GraphStyle.categoryIcon(category));
        icon.setIconSize(18);
        icon.setIconColor(Color.WHITE);
        badge.getChildren().setAll(icon);
        badge.setStyle("-fx-background-color: " + GraphStyle.hex(accent) + ";");
        title.setText(vm.nodeId());
        subtitle.setText(vm.typeKnown() ? vm.nodeType().displayName() + "  \u00b7  " + vm.nodeType().category()
                : "unknown node type");
        notice.setText(vm.typeKnown() ? ""
                : "This node type is not installed. Its parameters are shown as they are in the file and are "
                        + "saved back unchanged.");
        getChildren().setAll(header);
        if (!vm.typeKnown()) getChildren().add(notice);
        getChildren().add(sheet);
        fill();
    }

    private void fill() {
        PropertiesViewModel vm = viewModel.get();
        if (vm == null) return;
        sheet.getItems().setAll(vm.items().stream().map(SheetItem::new).toList());
    }

    /** A {@link ParamItem} as the ControlsFX sheet sees it. */
    private static final class SheetItem implements PropertySheet.Item {
        final ParamItem item;

        SheetItem(ParamItem item) {
            this.item = item;
        }

        @Override public Class<?> getType() { return String.class; }

        @Override public String getCategory() { return item.kind() == ParamItem.Kind.PARAM ? "Parameters" : "Node"; }

        @Override public String getName() { return item.name(); }

        @Override public String getDescription() { return item.tooltip(); }

        @Override public Object getValue() { return item.value(); }

        @Override public void setValue(Object value) {
            // Editors commit through the view model, which validates first.
        }

        @Override public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(item.valueProperty());
        }

        // Read-only rows get a read-only editor; "not editable" would make the sheet grey them out.
        @Override public boolean isEditable() { return true; }
    }
}
