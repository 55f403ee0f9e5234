package io.rlwb.app.gui;

import io.rlwb.app.viewmodel.RunViewModel;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** The run queue and the run log of a window: runs waiting their turn (each can be taken off) and what happened. */
public final class RunQueueView extends VBox {
    public RunQueueView(RunViewModel run) {
        getStyleClass().add("card");
        setSpacing(6);
        Label title = new Label();
        title.getStyleClass().add("panel-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> run.queue().isEmpty() ? "Run log"
                : "Queued runs (" + run.queue().size() + ")", run.queue()));
        ListView<RunViewModel.QueuedRun> queue = new ListView<>(run.queue());
        queue.setId("runQueue");
        queue.getStyleClass().add("run-queue");
        queue.setFixedCellSize(28);
        queue.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> run.queue().size() * 28.0 + 2, run.queue()));
        queue.visibleProperty().bind(Bindings.isNotEmpty(run.queue()));
        queue.managedProperty().bind(queue.visibleProperty());
        queue.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunViewModel.QueuedRun q, boolean empty) {
                super.updateItem(q, empty);
                if (empty || q == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label l = new Label(q.toString());
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                Button remove = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
                remove.getStyleClass().add("tool-button");
                remove.setOnAction(e -> run.unqueue(q));
                setText(null);
                setGraphic(new HBox(6, l, gap, remove));
            }
        });
        ListView<String> log = new ListView<>(run.log());
        log.setId("runLog");
        log.getStyleClass().add("run-log");
        log.setFixedCellSize(22);
        log.setPrefHeight(22 * 4 + 2);
        // Long lines are cut with an ellipsis (the full line is the tooltip) rather than scrolled sideways.
        log.setCellFactory(v -> new ListCell<>() {
            {
                setPrefWidth(0);
                setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
            }

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new javafx.scene.control.Tooltip(s));
            }
        });
        run.log().addListener((javafx.collections.ListChangeListener<String>) c -> log.scrollTo(run.log().size() - 1));
        getChildren().addAll(title, queue, log);
    }
}
