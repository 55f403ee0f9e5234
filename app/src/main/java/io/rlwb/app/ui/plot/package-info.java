/**
 * The plotting toolkit of the inspection views, below them and their view models: a themed
 * {@link io.rlwb.app.ui.plot.PlotCanvas} repainted at most once per frame
 * ({@link io.rlwb.app.ui.plot.RedrawThrottle}), the plot rectangle and its axes
 * ({@link io.rlwb.app.ui.plot.PlotFrame}), colours from the theme ({@link io.rlwb.app.ui.plot.PlotColors}),
 * per-pixel min/max drawing of long series ({@link io.rlwb.app.ui.plot.LinePainter}), hover tooltips, and
 * snapshots with mark counting for tests. The arithmetic (ticks, scales, decimation, smoothing) lives in
 * {@code io.rlwb.engine.plot}, shared with the reports.
 */
package io.rlwb.app.ui.plot;
