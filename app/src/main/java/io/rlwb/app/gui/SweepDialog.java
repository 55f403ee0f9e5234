package io.rlwb.app.gui;

import io.rlwb.app.inspect.pareto.ParetoScatter;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.app.viewmodel.sweeps.SweepViewModel;
import io.rlwb.engine.sweep.SweepFront;
import io.rlwb.engine.sweep.SweepTable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Run › Sweep...: pick parameters of the graph's nodes (the property sheet's parameters, with their current values)
 * and the values to try, the seeds, the parallelism and the budget, then start. The trials run in the background
 * ({@link SweepViewModel}); the table shows each trial's values, status, progress and final metrics as they move.
 * Double-click a trial to open its run; pick a parameter and a metric to plot one against the other, or two or
 * more metrics to see the trials' Pareto front (the Pareto view's scatter over the trials, live as they finish).
 * "Open sweep" shows a sweep directory made earlier (by the dialog or {@code workbench sweep}): its trials, and on
 * the left its own graph's parameters, its varied values, seeds and budget (not the editor's), so Start repeats
 * or extends it into a new directory.
 */
public final class SweepDialog {
    private final SweepViewModel vm;
    private final Stage stage = new Stage();
    private final TableView<SweepTable.Row> table = new TableView<>();
    private final ScatterChart<Number, Number> chart = new ScatterChart<>(new NumberAxis(), new NumberAxis());
    private final ComboBox<String> plotParam = new ComboBox<>();
    private final ComboBox<String> plotMetric = new ComboBox<>();
    private final TabPane plots = new TabPane();

    /**
     * @param outDir where the sweep directory goes (must not exist yet, or be empty)
     * @param onOpenRun opens a trial's run directory in the window (the curves tab)
     */
    public SweepDialog(Window owner, SweepViewModel vm, Path outDir, long budget, Consumer<Path> onOpenRun) {
        this.vm = vm;
        stage.setTitle("Sweep");
        if (owner != null) stage.initOwner(owner);

        ListView<SweepViewModel.Candidate> candidates = new ListView<>(vm.candidates());
        candidates.setId("sweepCandidates");
        TextField values = new TextField();
        values.setId("sweepValues");
        values.setPromptText("values, e.g. 0.001, 0.0003");
        Button add = new Button("Vary");
        add.setId("sweepVary");
        add.setOnAction(e -> {
            SweepViewModel.Candidate c = candidates.getSelectionModel().getSelectedItem();
            if (c != null && !values.getText().isBlank()) vm.vary(c.key(), values.getText());
        });
        candidates.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            if (c != null) values.setText(c.current());
        });
        ListView<SweepViewModel.Varied> varied = new ListView<>(vm.varied());
        varied.setId("sweepVaried");
        varied.setPrefHeight(90);
        TextField seeds = new TextField("1, 2");
        seeds.setId("sweepSeeds");
        TextField steps = new TextField(String.valueOf(budget));
        steps.setId("sweepBudget");
        Spinner<Integer> parallel = new Spinner<>(1, 64, Math.max(1, Runtime.getRuntime().availableProcessors()));
        parallel.setId("sweepParallel");
        TextField dir = new TextField(outDir.toString());
        dir.setId("sweepDir");
        Button start = new Button("Start");
        start.setId("sweepStart");
        start.setDefaultButton(true);
        Button stop = new Button("Cancel remaining");
        stop.setId("sweepCancel");
        start.disableProperty().bind(vm.runningProperty());
        stop.disableProperty().bind(vm.runningProperty().not());
        start.setOnAction(e -> {
            long b;
            try {
                b = Long.parseLong(steps.getText().trim());
            } catch (NumberFormatException ex) {
                b = 0;
            }
            vm.start(Path.of(dir.getText().trim()), seeds.getText(), b, parallel.getValue());
        });
        stop.setOnAction(e -> vm.cancel());
        vm.openedSettingsProperty().addListener((o, a, opened) -> {
            if (opened == null) return;
            seeds.setText(opened.seeds());
            if (opened.envSteps() > 0) steps.setText(String.valueOf(opened.envSteps()));
        });
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        form.addRow(0, new Label("Seeds"), seeds);
        form.addRow(1, new Label("env_steps per trial"), steps);
        form.addRow(2, new Label("Trials at once"), parallel);
        form.addRow(3, new Label("Sweep directory"), dir);
        VBox left = new VBox(6, new Label("Parameters (select, type values, Vary)"), candidates, new HBox(6, values, add),
                new Label("Varied"), varied, form, new HBox(6, start, stop));
        VBox.setVgrow(candidates, Priority.ALWAYS);
        HBox.setHgrow(values, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        left.setPrefWidth(360);

        table.setId("sweepTable");
        table.setItems(vm.rows());
        rebuildColumns();
        vm.varied().addListener((ListChangeListener<SweepViewModel.Varied>) c -> rebuildColumns());
        vm.metrics().addListener((ListChangeListener<String>) c -> rebuildColumns());
        vm.openedParams().addListener((ListChangeListener<String>) c -> rebuildColumns());
        table.setRowFactory(tv -> {
            TableRow<SweepTable.Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) onOpenRun.accept(Path.of(row.getItem().runDir()));
            });
            return row;
        });
        ProgressBar bar = new ProgressBar();
        bar.setId("sweepProgress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label();
        message.setId("sweepMessage");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        Button open = new Button("Open run");
        open.setId("sweepOpenRun");
        open.setOnAction(e -> {
            SweepTable.Row r = table.getSelectionModel().getSelectedItem();
            if (r != null) onOpenRun.accept(Path.of(r.runDir()));
        });

        plotParam.setId("sweepPlotParam");
        plotMetric.setId("sweepPlotMetric");
        plotMetric.setItems(vm.metrics());
        vm.varied().addListener((ListChangeListener<SweepViewModel.Varied>) c -> plotParam.getItems().setAll(vm.paramColumns()));
        vm.openedParams().addListener((ListChangeListener<String>) c -> plotParam.getItems().setAll(vm.paramColumns()));
        Button plot = new Button("Plot");
        plot.setId("sweepPlot");
        plot.setOnAction(e -> plot());
        vm.rows().addListener((ListChangeListener<SweepTable.Row>) c -> {
            if (plotParam.getValue() != null && plotMetric.getValue() != null) plot();
        });
        chart.setId("sweepChart");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setPrefHeight(260);

        Tab byParam = new Tab("Metric against parameter", new VBox(6,
                new HBox(6, new Label("Plot"), plotMetric, new Label("against"), plotParam, plot), chart));
        byParam.setId("sweepParamTab");
        Tab front = new Tab("Pareto front", paretoPane(onOpenRun));
        front.setId("sweepParetoTab");
        plots.getTabs().setAll(byParam, front);
        plots.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        plots.setId("sweepPlots");
        plots.setPrefHeight(320);
        Button load = new Button("Open sweep\u2026");
        load.setId("sweepOpen");
        load.disableProperty().bind(vm.runningProperty());
        load.setOnAction(e -> {
            javafx.stage.DirectoryChooser ch = new javafx.stage.DirectoryChooser();
            ch.setTitle("Open a sweep directory");
            java.io.File f = ch.showDialog(stage);
            if (f != null) {
                dir.setText(f.toString());
                vm.open(f.toPath());
            }
        });
        VBox right = new VBox(6, new HBox(6, bar, open, load), message, table, plots);
        HBox.setHgrow(bar, Priority.ALWAYS);
        VBox.setVgrow(table, Priority.ALWAYS);
        right.setPadding(new Insets(8));
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.32);
        stage.setScene(new Scene(new BorderPane(split), 1180, 720));
    }

    /**
     * The Pareto view of the sweep: the metrics to trade off (select two or more), the pair on the axes, the
     * existing Pareto scatter over the completed trials (front filled with its step line, dominated trials faded;
     * hover names the trial and its parameters), and which trials are on the front. A click selects the trial in the
     * table; a double click opens its run.
     */
    private VBox paretoPane(Consumer<Path> onOpenRun) {
        ParetoViewModel pv = vm.pareto();
        // Its own copy of the metrics, changed only under `syncing`: replacing the items clears the selection, which
        // must not read as the user's choice.
        ListView<String> objectives = new ListView<>();
        objectives.setId("sweepParetoObjectives");
        objectives.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        boolean[] syncing = {false};
        Runnable sync = () -> {
            syncing[0] = true;
            if (!objectives.getItems().equals(vm.metrics())) objectives.getItems().setAll(vm.metrics());
            objectives.getSelectionModel().clearSelection();
            for (String o : vm.objectives()) objectives.getSelectionModel().select(o);
            syncing[0] = false;
        };
        vm.objectives().addListener((ListChangeListener<String>) c -> sync.run());
        vm.metrics().addListener((ListChangeListener<String>) c -> sync.run());
        objectives.getSelectionModel().getSelectedItems().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) vm.chooseObjectives(List.copyOf(objectives.getSelectionModel().getSelectedItems()));
        });
        sync.run();
        ParetoScatter scatter = new ParetoScatter(pv);
        scatter.setId("sweepParetoScatter");
        scatter.canvas().addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getClickCount() != 2) return;
            var p = scatter.pointAt(e.getX(), e.getY());
            if (p != null) vm.runDir(p.policy()).ifPresent(onOpenRun);
        });
        pv.selectedProperty().addListener((o, a, id) -> {
            if (id == null) return;
            for (SweepTable.Row r : table.getItems()) {
                if (r.id().equals(id)) {
                    table.getSelectionModel().select(r);
                    table.scrollTo(r);
                }
            }
        });
        Label summary = new Label();
        summary.setId("sweepFrontSummary");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        pv.versionProperty().addListener((o, a, b) -> summary.setText(frontText()));
        summary.setText(frontText());
        GridPane axes = new GridPane();
        axes.setHgap(6);
        axes.setVgap(4);
        axes.addRow(0, new Label("x"), axisChoice(pv, pv.xObjectiveProperty(), "sweepParetoX"));
        axes.addRow(1, new Label("y"), axisChoice(pv, pv.yObjectiveProperty(), "sweepParetoY"));
        VBox side = new VBox(6, new Label("Objectives (two or more, higher is better)"), objectives, axes,
                summary);
        side.setPrefWidth(300);
        side.setMinWidth(300);
        VBox.setVgrow(objectives, Priority.ALWAYS);
        HBox box = new HBox(8, side, scatter);
        HBox.setHgrow(scatter, Priority.ALWAYS);
        VBox pane = new VBox(box);
        VBox.setVgrow(box, Priority.ALWAYS);
        return pane;
    }

    /** Which objective an axis shows, by index into the Pareto view's objectives. */
    private static ComboBox<String> axisChoice(ParetoViewModel pv, IntegerProperty p, String id) {
        ComboBox<String> box = new ComboBox<>(pv.objectives());
        box.setId(id);
        box.setPrefWidth(270);
        Runnable sync = () -> {
            if (p.get() < pv.objectives().size()) box.getSelectionModel().select(p.get());
        };
        pv.objectives().addListener((ListChangeListener<String>) c -> sync.run());
        p.addListener((o, a, b) -> sync.run());
        box.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) p.set(b.intValue());
        });
        sync.run();
        return box;
    }

    /** "3 of 8 completed trials on the front: t0001, t0004, t0007", or why there is no front. */
    private String frontText() {
        SweepFront f = vm.front();
        if (f.objectives().size() < 2) return "Pick two or more metrics of the finished trials to see their front.";
        if (f.trials().isEmpty()) return "No completed trial has all of " + String.join(", ", f.objectives()) + " yet.";
        List<String> ids = f.front().stream().map(SweepTable.Row::id).toList();
        return ids.size() + " of " + f.trials().size() + " completed trials on the front: " + String.join(", ", ids);
    }

    private void rebuildColumns() {
        table.getColumns().setAll(List.of(col("Trial", 60, r -> r.id()), col("Seed", 50, r -> String.valueOf(r.seed())),
                col("Status", 85, SweepTable.Row::status),
                col("Progress", 70, r -> String.format(java.util.Locale.ROOT, "%.0f%%", 100 * r.progress()))));
        for (String p : vm.paramColumns()) {
            table.getColumns().add(col(p, 100, r -> SweepViewModel.text(r.params().get(p))));
        }
        for (String m : vm.metrics()) {
            table.getColumns().add(col(m, 120, r -> Double.isNaN(r.metric(m)) ? ""
                    : String.format(java.util.Locale.ROOT, "%.4g", r.metric(m))));
        }
    }

    private static TableColumn<SweepTable.Row, String> col(String title, double w,
                                                          java.util.function.Function<SweepTable.Row, String> f) {
        TableColumn<SweepTable.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        return c;
    }

    /** Plots the chosen metric against the chosen parameter, one dot per completed trial. */
    private void plot() {
        String p = plotParam.getValue();
        String m = plotMetric.getValue();
        chart.getData().clear();
        if (p == null || m == null) return;
        ((NumberAxis) chart.getXAxis()).setLabel(p);
        ((NumberAxis) chart.getYAxis()).setLabel(m);
        ((NumberAxis) chart.getXAxis()).setForceZeroInRange(false);
        ((NumberAxis) chart.getYAxis()).setForceZeroInRange(false);
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        for (double[] xy : vm.points(p, m)) s.getData().add(new XYChart.Data<>(xy[0], xy[1]));
        chart.getData().add(s);
    }

    /** {@code sweeps/<time>-<graph name>} under the working directory, as {@code workbench sweep} picks. */
    public static Path defaultDir(String graphName) {
        String slug = graphName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) slug = "sweep";
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now());
        return Path.of("sweeps", time + "-" + slug).toAbsolutePath();
    }

    public void show() {
        stage.show();
    }

    public Stage stage() {
        return stage;
    }

    /** Shows the Pareto front tab (tests and screenshots). */
    public void showFront() {
        plots.getSelectionModel().select(1);
    }
}
