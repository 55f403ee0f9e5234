package io.rlwb.app.inspect.kv;

import io.rlwb.app.inspect.InspectPane;
import io.rlwb.app.ui.plot.SmallLineChart;
import io.rlwb.app.viewmodel.inspect.KvViewModel;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The KV-cache view: memory per layer over decode steps (stacked, against the full cache), the token map of a
 * chosen step (slider; right end follows the latest), and beside memory the compression ratio and the quality
 * against the full cache (top-1 agreement, KL). Binds to a {@link KvViewModel}.
 */
public final class KvView extends InspectPane {
    private final KvViewModel vm;
    private final KvMemoryChart memory;
    private final KvTokenMap tokens;

    public KvView(KvViewModel vm) {
        this(vm, new KvMemoryChart(vm), new KvTokenMap(vm), new VBox(8));
    }

    private KvView(KvViewModel vm, KvMemoryChart memory, KvTokenMap tokens, VBox box) {
        super(vm, box);
        this.vm = vm;
        this.memory = memory;
        this.tokens = tokens;
        memory.setId("kvMemory");
        tokens.setId("kvTokens");
        SmallLineChart ratio = new SmallLineChart("Compression ratio (full / held)", "decode step",
                new String[] {"ratio"}, new int[] {2}, vm::decodeSteps, () -> new double[][] {vm.compressionRatio()},
                vm.versionProperty());
        SmallLineChart top1 = new SmallLineChart("Top-1 agreement with the full cache", "decode step",
                new String[] {"top-1"}, new int[] {0}, vm::decodeSteps, () -> new double[][] {vm.top1Agreement()},
                vm.versionProperty());
        SmallLineChart kl = new SmallLineChart("KL(full \u2016 compressed), nats", "decode step", new String[] {"KL"},
                new int[] {3}, vm::decodeSteps, () -> new double[][] {vm.kl()}, vm.versionProperty());
        ratio.setId("kvRatio");
        VBox side = new VBox(8, ratio, top1, kl);
        side.getChildren().forEach(n -> VBox.setVgrow(n, Priority.ALWAYS));
        side.setPrefWidth(320);
        side.setMinWidth(240);
        HBox top = new HBox(8, memory, side);
        HBox.setHgrow(memory, Priority.ALWAYS);
        VBox.setVgrow(top, Priority.ALWAYS);
        tokens.setMinHeight(150);
        box.getChildren().addAll(top, tokens);
        box.setPadding(new Insets(8));

        Slider when = new Slider(0, 1, 1);
        when.setId("kvStepSlider");
        when.setPrefWidth(220);
        Label whenText = new Label();
        whenText.setMinWidth(120);
        Runnable sync = () -> {
            when.setMax(Math.max(1, vm.snapshots().size() - 1));
            if (vm.snapshotProperty().get() < 0) when.setValue(when.getMax());
            var s = vm.shown();
            whenText.setText(s == null ? "" : "decode step " + s.decodeStep());
        };
        when.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            vm.snapshotProperty().set(i >= vm.snapshots().size() - 1 ? -1 : i);
        });
        vm.versionProperty().addListener((o, a, b) -> sync.run());
        sync.run();
        controls(caption("Token map at"), when, whenText);
    }

    /** The stacked memory chart. */
    public KvMemoryChart memory() { return memory; }

    /** The token map. */
    public KvTokenMap tokens() { return tokens; }

    /** The view model. */
    public KvViewModel viewModel() { return vm; }
}
