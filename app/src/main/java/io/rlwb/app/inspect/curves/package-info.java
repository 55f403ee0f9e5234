/**
 * Learning curves: any metric key of any run (the live one and past ones from their metrics.csv), several runs
 * overlaid, debiased EMA smoothing, log scale, zoom and pan; long series are drawn per pixel keeping minimum and
 * maximum, and charts repaint at most once per frame. {@link io.rlwb.app.viewmodel.inspect.CurvesViewModel} holds the
 * state and is tested without a screen; {@link io.rlwb.app.inspect.curves.CurvesView} and
 * {@link io.rlwb.app.inspect.curves.CurveChart} draw it.
 */
package io.rlwb.app.inspect.curves;
