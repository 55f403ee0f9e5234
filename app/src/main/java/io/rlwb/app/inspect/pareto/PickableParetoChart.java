package io.rlwb.app.inspect.pareto;

import io.rlwb.app.ui.plot.HoverTooltip;
import io.rlwb.app.ui.plot.PlotCanvas;
import io.rlwb.app.viewmodel.inspect.ParetoViewModel;
import io.rlwb.engine.telemetry.ParetoSnapshot.Point;

/**
 * A chart of the archive whose policies can be hovered (a tooltip with the policy, its values and weights) and
 * clicked (selects it; a click on nothing clears the selection). Subclasses say which policy is under a pixel.
 */
public abstract class PickableParetoChart extends PlotCanvas {
    protected final ParetoViewModel vm;
    private final HoverTooltip hover;

    protected PickableParetoChart(ParetoViewModel vm) {
        this.vm = vm;
        vm.versionProperty().addListener((o, a, b) -> requestRedraw());
        hover = HoverTooltip.install(canvas(), (x, y) -> {
            Point p = pointAt(x, y);
            return p == null ? null : vm.describe(p);
        });
        canvas().setOnMouseClicked(e -> {
            Point p = pointAt(e.getX(), e.getY());
            vm.selectedProperty().set(p == null ? null : p.policy());
        });
    }

    /** The policy under pixel (x, y) in the last paint, or null. */
    public abstract Point pointAt(double x, double y);

    /** The hover tooltip (tests read its text). */
    public HoverTooltip hover() {
        return hover;
    }
}
