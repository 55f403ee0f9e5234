package io.rlwb.app.inspect.distribution;

import io.rlwb.app.inspect.InspectPane;
import io.rlwb.app.viewmodel.inspect.DistributionViewModel;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The value-distribution view: pick a probe state and a snapshot (the slider; right end follows the latest),
 * see the critic's predicted return distribution against the return actually observed, and below it the ridge
 * plot of how that prediction evolved. Binds to a {@link DistributionViewModel}.
 */
public final class DistributionView extends InspectPane {
    private final DistributionViewModel vm;
    private final DistributionChart chart;
    private final RidgeChart ridge;

    public DistributionView(DistributionViewModel vm) {
        this(vm, new DistributionChart(vm), new RidgeChart(vm));
    }

    private DistributionView(DistributionViewModel vm, DistributionChart chart, RidgeChart ridge) {
        super(vm, charts(chart, ridge));
        this.vm = vm;
        this.chart = chart;
        this.ridge = ridge;
        chart.setId("distributionChart");
        ridge.setId("ridgeChart");
        ComboBox<String> probe = new ComboBox<>(vm.probes());
        probe.setId("probeChoice");
        probe.setPromptText("probe state");
        probe.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.probeProperty().set(b.intValue());
        });
        vm.probes().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!vm.probes().isEmpty()) probe.getSelectionModel().select(vm.probeProperty().get());
        });
        if (!vm.probes().isEmpty()) probe.getSelectionModel().select(vm.probeProperty().get());
        Slider when = new Slider(0, 1, 1);
        when.setId("snapshotSlider");
        when.setPrefWidth(220);
        Label whenText = new Label("latest");
        whenText.setMinWidth(110);
        Runnable syncSlider = () -> {
            int n = vm.snapshots().size();
            when.setMax(Math.max(1, n - 1));
            when.setBlockIncrement(1);
            when.setMajorTickUnit(1);
            when.setSnapToTicks(true);
            if (vm.snapshotProperty().get() < 0) when.setValue(when.getMax());
            var s = vm.shown();
            whenText.setText(s == null ? "" : (vm.snapshotProperty().get() < 0 ? "latest, " : "") + "step " + s.step());
        };
        when.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            vm.snapshotProperty().set(i >= vm.snapshots().size() - 1 ? -1 : i);
        });
        vm.versionProperty().addListener((o, a, b) -> syncSlider.run());
        syncSlider.run();
        controls(caption("Probe"), probe, caption("Snapshot"), when, whenText);
    }

    private static VBox charts(DistributionChart chart, RidgeChart ridge) {
        VBox box = new VBox(8, chart, ridge);
        box.setPadding(new Insets(8));
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox.setVgrow(ridge, Priority.ALWAYS);
        chart.setPrefHeight(280);
        ridge.setPrefHeight(340);
        return box;
    }

    /** The distribution of the shown snapshot. */
    public DistributionChart chart() {
        return chart;
    }

    /** The ridge plot. */
    public RidgeChart ridge() {
        return ridge;
    }

    /** The view model. */
    public DistributionViewModel viewModel() {
        return vm;
    }
}
