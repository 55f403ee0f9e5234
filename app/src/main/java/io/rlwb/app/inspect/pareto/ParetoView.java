package io.rlwb.app.inspect.pareto;

import io.rlwb.app.inspect.InspectPane;
import io.rlwb.app.ui.plot.SmallLineChart;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.engine.plot.TickLabels;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Pareto-front view: the archive as a scatter of two chosen objectives (or as parallel coordinates),
 * hypervolume, expected utility and cardinality over time below it, and at the right the selected policy's
 * evaluation: its values and weights now and its history across snapshots. Binds to a {@link ParetoViewModel}.
 */
public final class ParetoView extends InspectPane {
    private static final double STEP_WIDTH = 58;
    private static final double FRONT_WIDTH = 50;

    private final ParetoViewModel vm;
    private final ParetoScatter scatter;
    private final ParallelCoordinates parallel;
    private final TableView<ParetoViewModel.HistoryEntry> history = new TableView<>();
    private final Label details = new Label("Click a point to see its policy's evaluations.");
    private final ToggleButton parallelButton = new ToggleButton("Parallel coordinates");

    public ParetoView(ParetoViewModel vm) {
        this(vm, new ParetoScatter(vm), new ParallelCoordinates(vm), new StackPane());
    }

    private ParetoView(ParetoViewModel vm, ParetoScatter scatter, ParallelCoordinates parallel, StackPane plots) {
        super(vm, new SplitPane());
        this.vm = vm;
        this.scatter = scatter;
        this.parallel = parallel;
        scatter.setId("paretoScatter");
        parallel.setId("parallelCoordinates");
        plots.getChildren().addAll(scatter, parallel);
        parallel.visibleProperty().bind(parallelButton.selectedProperty());
        scatter.visibleProperty().bind(parallelButton.selectedProperty().not());
        SmallLineChart hv = new SmallLineChart("Hypervolume", "env step", new String[] {"hypervolume"}, new int[] {0},
                vm::steps, () -> new double[][] {vm.metric("hypervolume")}, vm.versionProperty());
        SmallLineChart eum = new SmallLineChart("Expected utility (EUM)", "env step", new String[] {"eum"},
                new int[] {2}, vm::steps, () -> new double[][] {vm.metric("eum")}, vm.versionProperty());
        SmallLineChart card = new SmallLineChart("Cardinality (front size)", "env step", new String[] {"cardinality"},
                new int[] {4}, vm::steps, () -> new double[][] {vm.metric("cardinality")}, vm.versionProperty());
        hv.setId("hypervolumeChart");
        HBox metrics = new HBox(8, hv, eum, card);
        metrics.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        metrics.setPrefHeight(160);
        metrics.setMinHeight(130);
        VBox left = new VBox(8, plots, metrics);
        VBox.setVgrow(plots, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        SplitPane split = (SplitPane) ((StackPane) getCenter()).getChildren().get(0);
        split.getItems().addAll(left, sidePanel());
        split.setDividerPositions(0.74);

        ComboBox<String> x = objectiveChoice(vm.xObjectiveProperty());
        x.setId("xObjective");
        ComboBox<String> y = objectiveChoice(vm.yObjectiveProperty());
        y.setId("yObjective");
        ToggleButton scatterButton = new ToggleButton("Scatter");
        ToggleGroup group = new ToggleGroup();
        scatterButton.setToggleGroup(group);
        parallelButton.setToggleGroup(group);
        parallelButton.setId("parallelToggle");
        scatterButton.setSelected(true);
        controls(caption("x"), x, caption("y"), y, scatterButton, parallelButton);
        vm.selectedProperty().addListener((o, a, b) -> showSelected());
        vm.versionProperty().addListener((o, a, b) -> showSelected());
    }

    private ComboBox<String> objectiveChoice(javafx.beans.property.IntegerProperty p) {
        ComboBox<String> box = new ComboBox<>(vm.objectives());
        Runnable sync = () -> {
            if (p.get() < vm.objectives().size()) box.getSelectionModel().select(p.get());
        };
        vm.objectives().addListener((javafx.collections.ListChangeListener<String>) c -> sync.run());
        p.addListener((o, a, b) -> sync.run());
        box.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) p.set(b.intValue());
        });
        sync.run();
        return box;
    }

    private VBox sidePanel() {
        details.setWrapText(true);
        details.setId("policyDetails");
        details.getStyleClass().add("policy-details");
        history.setId("policyHistory");
        history.setPlaceholder(new Label("No policy selected"));
        // Widths are set by showSelected: step and front fixed, the objectives share the rest equally.
        history.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label title = new Label("Selected policy");
        title.getStyleClass().add("side-title");
        Label histTitle = new Label("Its evaluations across snapshots");
        histTitle.getStyleClass().add("side-title");
        VBox box = new VBox(8, title, details, histTitle, history);
        VBox.setVgrow(history, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        box.setMinWidth(240);
        return box;
    }

    private void showSelected() {
        var p = vm.selectedPoint();
        String policy = vm.selectedProperty().get();
        details.setText(p != null ? vm.describe(p) : policy == null ? "Click a point to see its policy's evaluations."
                : "policy " + policy + " is not in the shown snapshot");
        history.getColumns().clear();
        TableColumn<ParetoViewModel.HistoryEntry, String> step = new TableColumn<>("step");
        step.setCellValueFactory(d -> new ReadOnlyStringWrapper(TickLabels.of(d.getValue().step())));
        step.setPrefWidth(STEP_WIDTH);
        history.getColumns().add(step);
        for (int k = 0; k < vm.objectives().size(); k++) {
            int kk = k;
            TableColumn<ParetoViewModel.HistoryEntry, String> col = new TableColumn<>(vm.objectives().get(k));
            col.setCellValueFactory(d -> new ReadOnlyStringWrapper(kk < d.getValue().values().length
                    ? TickLabels.of(d.getValue().values()[kk]) : ""));
            col.setMinWidth(52);
            // the table's width less step, front and a vertical scroll bar, shared by the objectives
            col.prefWidthProperty().bind(history.widthProperty().subtract(STEP_WIDTH + FRONT_WIDTH + 20)
                    .divide(vm.objectives().size()));
            history.getColumns().add(col);
        }
        TableColumn<ParetoViewModel.HistoryEntry, String> front = new TableColumn<>("front");
        front.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().dominated() ? "no" : "yes"));
        front.setPrefWidth(FRONT_WIDTH);
        history.getColumns().add(front);
        history.getItems().setAll(vm.history(policy));
    }

    /** The scatter. */
    public ParetoScatter scatter() { return scatter; }

    /** The parallel-coordinates chart. */
    public ParallelCoordinates parallel() { return parallel; }

    /** Shows parallel coordinates instead of the scatter, or back. */
    public void showParallel(boolean on) { parallelButton.setSelected(on); }

    /** The selected policy's history table. */
    public TableView<ParetoViewModel.HistoryEntry> history() { return history; }

    /** The selected policy's details. */
    public Label details() { return details; }

    /** The view model. */
    public ParetoViewModel viewModel() { return vm; }
}
