package io.rlwb.engine.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one trial ended. Serializable, holding only strings and numbers, so an executor can send it back from
 * another process.
 *
 * @param id the trial's id ({@link TrialSpec#id()})
 * @param status completed, failed or cancelled
 * @param summary the final value of every metric the run recorded (its summary.json); empty when nothing ran
 * @param failure why the trial failed, naming the node (or the graph's {@code node.param}) where known; null unless
 *     failed
 * @param envSteps environment steps the run took
 * @param wallS seconds the run took, as measured where it ran
 * @param ranOn where it ran: {@code pid@host/thread} of the process and thread that ran it
 */
public record TrialResult(String id, TrialStatus status, Map<String, Double> summary, String failure, long envSteps,
                          double wallS, String ranOn) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary == null ? Map.of() : summary));
    }

    /** A trial that failed before or outside its run (the executor could not start it, lost it, ...). */
    public static TrialResult failed(String id, String failure) {
        return new TrialResult(id, TrialStatus.FAILED, Map.of(), failure, 0, 0, Trials.here());
    }

    /** A trial that never started because the sweep was cancelled. */
    public static TrialResult notStarted(String id) {
        return new TrialResult(id, TrialStatus.CANCELLED, Map.of(), null, 0, 0, null);
    }

    public boolean completed() {
        return status == TrialStatus.COMPLETED;
    }
}
