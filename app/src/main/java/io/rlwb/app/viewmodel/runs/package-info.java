/**
 * The run browser's model: the runs folder as a table ({@link io.rlwb.app.viewmodel.runs.RunsTable}, TableSaw
 * underneath), its rows, sorting, filtering and comparison ({@link io.rlwb.app.viewmodel.runs.RunsViewModel}).
 * {@code io.rlwb.app.runs.RunsView} shows it.
 */
package io.rlwb.app.viewmodel.runs;
