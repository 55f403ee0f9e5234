/**
 * The run browser: the runs folder as a table (TableSaw underneath) with graph, status, seed, start, duration,
 * key summary metrics and backend; sort, filter, open a run's curves, compare runs, write reports.
 * {@link io.rlwb.app.viewmodel.runs.RunsViewModel} holds the state and is tested without a screen;
 * {@link io.rlwb.app.runs.RunsView} shows it.
 */
package io.rlwb.app.runs;
