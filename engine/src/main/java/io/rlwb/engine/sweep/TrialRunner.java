package io.rlwb.engine.sweep;

import java.util.List;

/**
 * Runs trials: the in-process executor ({@code local}, {@link LocalTrialRunner}) or another one found by name
 * through {@link TrialRunnerProvider} ({@code spark} in plugins/spark). This is the public interface between
 * sweeps (and C-MORL-like populations) and executors; see docs/decisions/0022-trial-runner-interface.md.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #run} blocks until every trial has a result and returns one per spec, in the specs' order.</li>
 *   <li>Each trial runs as {@link Trials#run} runs it (so its run directory, seeds and results are those of
 *   {@code workbench run} with the same overrides), on a worker where ND4J computes on one thread.</li>
 *   <li>A trial that fails, or that the executor loses after its retries, is a {@link TrialStatus#FAILED} result
 *   with the cause; it never throws out of {@code run} nor stops the other trials.</li>
 *   <li>After {@link Cancellation#cancel()} no further trial starts; not-started trials come back
 *   {@link TrialResult#notStarted}, running ones stop soon and come back {@code cancelled}, finished ones keep
 *   their results.</li>
 *   <li>The listener hears {@code started}/{@code progress}/{@code metric}/{@code finished} as trials run (from any
 *   thread).</li>
 *   <li>One runner serves many {@code run} calls (C-MORL's rounds, a resumed sweep): expensive set-up (a pool, a
 *   Spark context) is made once and released by {@link #close()}.</li>
 * </ul>
 */
public interface TrialRunner extends AutoCloseable {
    /** The executor's name: {@code local}, {@code spark}. */
    String name();

    /** How many trials run at once at most. */
    int parallelism();

    /**
     * Runs the trials and waits for all of them.
     *
     * @return one result per spec, in the order of {@code trials}
     */
    List<TrialResult> run(List<TrialSpec> trials, TrialListener listener, Cancellation cancel);

    /** Releases the executor (threads, contexts); no {@code run} after it. Never throws checked exceptions. */
    @Override
    void close();
}
