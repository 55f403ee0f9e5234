package io.rlwb.app.inspect;

import io.rlwb.app.viewmodel.inspect.SnapshotViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * The frame every inspection view shares: a tool bar of its controls with a status line at the right, the
 * content, and over it an empty state that names what produces the view's data while there is none.
 */
public class InspectPane extends BorderPane {
    private final Label empty = new Label();
    private final Label status = new Label();
    private final ToolBar bar = new ToolBar();

    protected InspectPane(SnapshotViewModel<?> vm, Node content) {
        getStyleClass().add("inspect-view");
        empty.setText(vm.emptyMessage());
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.setMaxWidth(620);
        empty.setPadding(new Insets(20));
        empty.setId("emptyState");
        Runnable sync = () -> {
            empty.setVisible(vm.isEmpty());
            content.setVisible(!vm.isEmpty());
            bar.setDisable(vm.isEmpty());
        };
        vm.versionProperty().addListener((o, a, b) -> sync.run());
        sync.run();
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.statusProperty().get(), vm.statusProperty()));
        status.getStyleClass().add("inspect-status");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        StackPane centre = new StackPane(content, empty);
        StackPane.setAlignment(empty, Pos.CENTER);
        setCenter(centre);
        setTop(bar);
        bar.getItems().addAll(spacer, status);
    }

    /** Adds controls to the tool bar, before the status line. */
    protected final void controls(Node... nodes) {
        bar.getItems().addAll(bar.getItems().size() - 2, java.util.List.of(nodes));
    }

    /** The empty-state message (tests read it). */
    public final Label emptyState() {
        return empty;
    }

    /** A label for a tool-bar control. */
    protected static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("toolbar-caption");
        return l;
    }
}
