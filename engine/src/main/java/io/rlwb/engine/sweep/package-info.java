/**
 * Sweeps: many trials of one graph. The public trial-runner interface ({@link io.rlwb.engine.sweep.TrialRunner},
 * {@link io.rlwb.engine.sweep.TrialSpec}, {@link io.rlwb.engine.sweep.TrialResult},
 * {@link io.rlwb.engine.sweep.TrialListener}, {@link io.rlwb.engine.sweep.TrialRunnerProvider}) lets executors other
 * than the in-process one (Apache Spark in {@code plugins/spark}) run the same trials; see
 * docs/decisions/0022-trial-runner-interface.md and docs/sweeps.md.
 */
package io.rlwb.engine.sweep;
