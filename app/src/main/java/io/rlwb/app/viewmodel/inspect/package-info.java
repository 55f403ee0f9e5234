/**
 * View models of the inspection views: the snapshot base ({@link io.rlwb.app.viewmodel.inspect.SnapshotViewModel})
 * and its four kinds (value distributions, Pareto fronts, KV cache, credit), fed by
 * {@link io.rlwb.app.viewmodel.inspect.InspectModels} from the live run or a run directory, and the learning curves
 * ({@link io.rlwb.app.viewmodel.inspect.CurvesViewModel}, followed live by
 * {@link io.rlwb.app.viewmodel.inspect.LiveCurves}). The views that draw them are in {@code io.rlwb.app.inspect}.
 */
package io.rlwb.app.viewmodel.inspect;
