package io.rlwb.app.inspect.curves;

import io.rlwb.app.viewmodel.inspect.CurvesViewModel;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The learning-curves view: a tool bar (open a run folder, smoothing, log scale, reset zoom), the metric keys of
 * the runs shown (tick one to chart it, type to filter), the runs with a remove button, and one
 * {@link CurveChart} per chosen key, every run overlaid, filling the area ({@link ChartGrid}). Binds to a {@link CurvesViewModel}.
 */
public final class CurvesView extends BorderPane {
    private final CurvesViewModel vm;
    private final ChartGrid chartBox = new ChartGrid();
    private final Label empty = new Label("No runs yet: start a run, open a run folder here, or open runs from the Runs tab.");

    public CurvesView(CurvesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("curves-view");
        setTop(toolBar());
        setLeft(sidePanel());
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.visibleProperty().bind(Bindings.isEmpty(vm.sources()));
        StackPane centre = new StackPane(chartBox, empty);
        setCenter(centre);
        vm.charts().addListener((ListChangeListener<CurvesViewModel.ChartSpec>) c -> rebuildCharts());
        rebuildCharts();
    }

    /** The view model. */
    public CurvesViewModel viewModel() {
        return vm;
    }

    /** The charts shown, in order. */
    public java.util.List<CurveChart> charts() {
        return chartBox.getChildren().stream().filter(CurveChart.class::isInstance).map(CurveChart.class::cast).toList();
    }

    private void rebuildCharts() {
        chartBox.getChildren().clear();
        for (CurvesViewModel.ChartSpec spec : vm.charts()) {
            CurveChart chart = new CurveChart(vm, spec);
            chartBox.getChildren().add(chart);
        }
    }

    private ToolBar toolBar() {
        Button open = new Button("Open run\u2026");
        open.setId("curvesOpen");
        open.setTooltip(new Tooltip("Add a run folder (with metrics.csv) to the charts"));
        open.setOnAction(e -> {
            DirectoryChooser ch = new DirectoryChooser();
            ch.setTitle("Open a run folder");
            File f = ch.showDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) vm.open(f.toPath());
        });
        Slider smoothing = new Slider(0, 0.99, vm.smoothingProperty().get());
        smoothing.setId("curvesSmoothing");
        smoothing.setPrefWidth(140);
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        Label smoothLabel = new Label();
        smoothLabel.textProperty().bind(Bindings.format("smoothing %.2f", vm.smoothingProperty()));
        ToggleButton log = new ToggleButton("Log y");
        log.setId("curvesLog");
        log.selectedProperty().bindBidirectional(vm.logYProperty());
        log.setTooltip(new Tooltip("Logarithmic value axis (L on a chart)"));
        Button reset = new Button("Reset zoom");
        reset.setId("curvesReset");
        reset.setTooltip(new Tooltip("Fit every chart to its data (R or double click on a chart)"));
        reset.setOnAction(e -> vm.resetAll());
        Label hint = new Label("wheel: zoom  \u00b7  drag: box zoom  \u00b7  right drag: pan");
        hint.getStyleClass().add("panel-subtitle");
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("panel-subtitle");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        return new ToolBar(open, new Label("  "), smoothLabel, smoothing, log, reset, grow, message, hint);
    }

    private VBox sidePanel() {
        TextField filter = new TextField();
        filter.setPromptText("Filter metrics");
        filter.setId("curvesFilter");
        ListView<String> keys = new ListView<>();
        keys.setId("curvesKeys");
        javafx.collections.transformation.FilteredList<String> shown = new javafx.collections.transformation.FilteredList<>(vm.keys());
        filter.textProperty().addListener((o, a, b) -> shown.setPredicate(k -> b == null || b.isBlank()
                || k.toLowerCase(java.util.Locale.ROOT).contains(b.toLowerCase(java.util.Locale.ROOT))));
        keys.setItems(shown);
        keys.setCellFactory(lv -> new ListCell<>() {
            private final CheckBox box = new CheckBox();

            {
                box.setMnemonicParsing(false);
            }

            {
                box.setOnAction(e -> {
                    if (getItem() != null) vm.toggleChart(getItem());
                });
                vm.charts().addListener((ListChangeListener<CurvesViewModel.ChartSpec>) c -> refreshBox());
            }

            private void refreshBox() {
                if (getItem() != null) box.setSelected(vm.isCharted(getItem()));
            }

            @Override
            protected void updateItem(String item, boolean emptyCell) {
                super.updateItem(item, emptyCell);
                if (emptyCell || item == null) {
                    setGraphic(null);
                    setText(null);
                } else {
                    box.setText(item);
                    box.setSelected(vm.isCharted(item));
                    setGraphic(box);
                }
            }
        });
        VBox.setVgrow(keys, Priority.ALWAYS);

        ListView<CurvesViewModel.Source> runs = new ListView<>(vm.sources());
        runs.setId("curvesRuns");
        runs.setPrefHeight(160);
        runs.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(CurvesViewModel.Source s, boolean emptyCell) {
                super.updateItem(s, emptyCell);
                if (emptyCell || s == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(s.label());
                Button remove = new Button("\u2715");
                remove.getStyleClass().add("flat-button");
                remove.setTooltip(new Tooltip("Take this run off the charts"));
                remove.setOnAction(e -> vm.remove(s.id()));
                remove.setDisable(s.live());
                setGraphic(remove);
                setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
            }
        });
        Label mTitle = new Label("Metrics");
        mTitle.getStyleClass().add("panel-title");
        Label rTitle = new Label("Runs");
        rTitle.getStyleClass().add("panel-title");
        VBox side = new VBox(6, mTitle, filter, keys, rTitle, runs);
        side.setPadding(new Insets(10));
        side.setPrefWidth(260);
        side.getStyleClass().add("side-panel");
        return side;
    }
}
