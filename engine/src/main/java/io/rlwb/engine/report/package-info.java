/**
 * Reports of runs, without a GUI: reading a run directory ({@link io.rlwb.engine.report.RunData},
 * {@link io.rlwb.engine.report.MetricsCsv}), and writing one self-contained HTML file with inline SVG charts, a PDF
 * with the same charts as vectors, and metrics in wide CSV. Several runs make a comparison report.
 */
package io.rlwb.engine.report;
