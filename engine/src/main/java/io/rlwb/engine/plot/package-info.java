/**
 * Plot arithmetic without a toolkit: nice axis ticks, linear and log scales, growing series with per-pixel
 * min/max decimation, and TensorBoard-style debiased smoothing. The GUI's charts ({@code io.rlwb.app.ui.plot})
 * and the reports' SVG and PDF charts ({@code io.rlwb.engine.report}) both draw through these, so a curve looks
 * the same on screen and on paper.
 */
package io.rlwb.engine.plot;
