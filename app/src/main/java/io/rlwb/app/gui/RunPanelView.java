package io.rlwb.app.gui;

import io.rlwb.app.viewmodel.RunState;
import io.rlwb.app.viewmodel.RunViewModel;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The run side of the window: the live return curve, the progress line and message, the run queue and log. */
public final class RunPanelView extends VBox {
    /** The panel of {@code run}, showing {@code chart}. */
    public RunPanelView(RunViewModel run, javafx.scene.Node chart) {
        Label title = new Label("Training curves");
        title.getStyleClass().add("panel-title");
        Label keys = new Label(RunViewModel.EPISODIC_RETURN + "  \u00b7  " + RunViewModel.EVAL_RETURN);
        keys.setId("runChartKeys");
        if (chart instanceof io.rlwb.app.inspect.curves.CurveChart c) {
            // The subtitle names what the chart shows, which follows the live run's keys (see MainView).
            keys.textProperty().bind(Bindings.createStringBinding(() -> c.specProperty().get().title(),
                    c.specProperty()));
        }
        keys.getStyleClass().add("panel-subtitle");
        VBox head = new VBox(2, title, keys);
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox chartCard = new VBox(8, head, chart);
        chartCard.getStyleClass().add("card");
        VBox.setVgrow(chartCard, Priority.ALWAYS);

        Label progressTitle = new Label("Progress");
        progressTitle.getStyleClass().add("panel-title");
        ProgressBar bar = new ProgressBar();
        bar.setId("progressBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(run.fractionProperty());
        Label line = new Label();
        line.setId("progressText");
        line.getStyleClass().add("progress-text");
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            String t = run.progressTextProperty().get();
            return t == null || t.isEmpty() ? "Not started" : t;
        }, run.progressTextProperty()));
        Label message = new Label();
        message.setId("runMessage");
        message.getStyleClass().add("run-message");
        message.setWrapText(true);
        message.textProperty().bind(run.messageProperty());
        message.visibleProperty().bind(run.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        run.stateProperty().addListener((o, a, b) -> {
            message.getStyleClass().remove("run-message-failed");
            if (b == RunState.FAILED) message.getStyleClass().add("run-message-failed");
        });
        VBox progressCard = new VBox(8, progressTitle, bar, line, message);
        progressCard.getStyleClass().add("card");

        getChildren().addAll(chartCard, progressCard, new RunQueueView(run));
        setSpacing(12);
        getStyleClass().add("side-panel");
        setMinWidth(300);
        setPrefWidth(400);
    }

}
