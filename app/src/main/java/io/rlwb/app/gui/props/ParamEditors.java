package io.rlwb.app.gui.props;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.app.viewmodel.props.ParamItem;
import io.rlwb.app.viewmodel.props.PropertiesViewModel;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.property.editor.PropertyEditor;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * Editors of the property sheet, one per parameter type. Each is a row (control, unit, reset button) over a
 * hint line that shows range and default, or in red what is wrong with the text typed. Text editors commit on
 * Enter and when they lose focus, and only a valid value; Esc puts the committed value back. Ids for tests and
 * styling: {@code param-NAME} (the control), {@code param-NAME-hint}, {@code param-NAME-reset}.
 */
final class ParamEditors {
    private ParamEditors() {}

    /** The editor of {@code item}. */
    static PropertyEditor<Object> create(ParamItem item, PropertiesViewModel vm) {
        if (!item.editable()) return new ReadOnly(item, vm);
        return switch (item.type()) {
            case BOOL -> new Check(item, vm);
            case CHOICE -> new Choice(item, vm);
            default -> new Text(item, vm);
        };
    }

    /** Layout, hint line and reset button shared by the editors. */
    private abstract static class Base implements PropertyEditor<Object> {
        final ParamItem item;
        final PropertiesViewModel vm;
        final VBox root = new VBox(2);
        final Label hint = new Label();
        private String error = "";

        Base(ParamItem item, PropertiesViewModel vm) {
            this.item = item;
            this.vm = vm;
            root.getStyleClass().add("param-editor");
            hint.setId("param-" + item.name() + "-hint");
            hint.getStyleClass().add("param-hint");
            hint.setWrapText(true);
            hint.setMinHeight(Region.USE_PREF_SIZE);
            item.problemProperty().addListener((o, a, b) -> updateHint());
            item.explicitProperty().addListener((o, a, b) -> updateHint());
        }

        /** Puts {@code control} into the row with the unit and, for editable rows, a reset button. */
        void layout(Control control) {
            control.setId("param-" + item.name());
            control.getStyleClass().add("param-control");
            Tooltip tip = new Tooltip(item.tooltip());
            tip.setShowDelay(Duration.millis(500));
            tip.setShowDuration(Duration.seconds(30));
            control.setTooltip(tip);
            HBox.setHgrow(control, Priority.ALWAYS);
            control.setMaxWidth(Double.MAX_VALUE);
            HBox row = new HBox(6, control);
            row.setAlignment(Pos.CENTER_LEFT);
            if (!item.unit().isEmpty()) {
                Label unit = new Label(item.unit());
                unit.getStyleClass().add("param-unit");
                unit.setMinWidth(Region.USE_PREF_SIZE);
                row.getChildren().add(unit);
            }
            if (item.editable()) row.getChildren().add(resetButton());
            root.getChildren().setAll(row, hint);
            updateHint();
        }

        private Button resetButton() {
            FontIcon icon = new FontIcon(MaterialDesignR.RESTORE);
            icon.getStyleClass().add("param-reset-icon");
            Button reset = new Button(null, icon);
            reset.setId("param-" + item.name() + "-reset");
            reset.getStyleClass().add("param-reset");
            Tooltip t = new Tooltip("Reset to the default (" + item.defaultText() + ")");
            t.setShowDelay(Duration.millis(400));
            reset.setTooltip(t);
            // Hidden but still taking its space while the default applies, so the fields stay aligned.
            reset.visibleProperty().bind(item.explicitProperty());
            reset.setOnAction(e -> {
                vm.reset(item.name());
                clearError();
            });
            return reset;
        }

        void showError(String message) {
            error = message;
            updateHint();
        }

        void clearError() {
            showError("");
        }

        String error() {
            return error;
        }

        private void updateHint() {
            String shown = !error.isEmpty() ? error : item.problemProperty().get();
            boolean bad = !shown.isEmpty();
            hint.setText(bad ? shown : item.hint());
            hint.getStyleClass().remove("param-error");
            root.getStyleClass().removeAll("invalid", "param-default");
            if (bad) {
                hint.getStyleClass().add("param-error");
                root.getStyleClass().add("invalid");
            }
            if (item.editable() && !item.isExplicit()) root.getStyleClass().add("param-default");
            hint.setVisible(!hint.getText().isEmpty());
            hint.setManaged(hint.isVisible());
        }

        @Override
        public Node getEditor() {
            return root;
        }

        @Override
        public Object getValue() {
            return item.value();
        }

        @Override
        public void setValue(Object value) {
            // The row shows the item's value; edits go through the view model, not through this.
        }
    }

    /** INT, FLOAT, STRING and INT_LIST: a text field checked as it is typed. */
    private static final class Text extends Base {
        private final TextField field = new TextField();

        Text(ParamItem item, PropertiesViewModel vm) {
            super(item, vm);
            field.setText(item.text());
            field.setPrefColumnCount(8);
            field.textProperty().addListener((o, a, b) -> {
                if (b.equals(item.text())) clearError();
                else showError(vm.validate(item.name(), b).orElse(""));
            });
            item.textProperty().addListener((o, a, b) -> {
                field.setText(b);
                clearError();
            });
            field.setOnAction(e -> commit());
            field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ESCAPE && !field.getText().equals(item.text())) {
                    field.setText(item.text());
                    clearError();
                    field.selectAll();
                    e.consume();
                }
            });
            field.focusedProperty().addListener((o, was, is) -> {
                if (!is && !field.getText().equals(item.text())) commit();
            });
            layout(field);
        }

        private void commit() {
            Optional<String> bad = vm.commitText(item.name(), field.getText());
            if (bad.isPresent()) {
                showError(bad.get());
                return;
            }
            // Show the value as the sheet writes it (1E-5 becomes 1e-5).
            field.setText(item.text());
            field.positionCaret(field.getText().length());
            clearError();
        }
    }

    /** BOOL: a check box that commits when toggled. */
    private static final class Check extends Base {
        private final CheckBox box = new CheckBox();
        private boolean updating;

        Check(ParamItem item, PropertiesViewModel vm) {
            super(item, vm);
            show();
            item.valueProperty().addListener((o, a, b) -> show());
            box.selectedProperty().addListener((o, a, b) -> {
                if (updating) return;
                vm.commit(item.name(), JsonNodeFactory.instance.booleanNode(b)).ifPresent(this::showError);
            });
            layout(box);
        }

        private void show() {
            updating = true;
            box.setSelected(item.value() != null && item.value().asBoolean());
            box.setText(box.isSelected() ? "yes" : "no");
            updating = false;
        }
    }

    /** CHOICE: a combo box of the allowed values that commits when one is picked. */
    private static final class Choice extends Base {
        private final ComboBox<String> combo = new ComboBox<>();
        private boolean updating;

        Choice(ParamItem item, PropertiesViewModel vm) {
            super(item, vm);
            combo.getItems().setAll(item.choices());
            show();
            item.textProperty().addListener((o, a, b) -> show());
            combo.setOnAction(e -> {
                if (updating || combo.getValue() == null) return;
                vm.commit(item.name(), JsonNodeFactory.instance.textNode(combo.getValue())).ifPresent(this::showError);
            });
            layout(combo);
        }

        private void show() {
            updating = true;
            combo.setValue(item.text());
            updating = false;
        }
    }

    /** Id, type and undeclared values: selectable text that cannot be changed. */
    private static final class ReadOnly extends Base {
        ReadOnly(ParamItem item, PropertiesViewModel vm) {
            super(item, vm);
            TextField field = new TextField(item.text());
            field.setEditable(false);
            field.getStyleClass().add("param-readonly");
            item.textProperty().addListener((o, a, b) -> field.setText(b));
            layout(field);
        }
    }
}
