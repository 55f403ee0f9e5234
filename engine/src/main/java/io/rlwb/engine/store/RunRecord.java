package io.rlwb.engine.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The content of run.json (CONTRACT in docs/contracts.md).
 *
 * @param status running, completed, failed, cancelled or interrupted (readers' view of a {@code running} record
 *     whose process is gone: see {@link RunLock} and {@link #asSeenByReaders})
 * @param error why a failed run failed (node id first), or null
 * @param nodeSeconds self time per node in seconds, where the run's time went (null while running)
 * @param failedNode the id of the node a failed run failed in, or null (run-wide failures, other outcomes)
 * @param resumedFromStep the checkpoint step each {@code run --resume} continued from, in order (null: never resumed)
 */
public record RunRecord(String id, String graphName, String status, String error, long seed, String started,
                        String ended, Double durationS, String graphSha256, String engineVersion, String backend,
                        Map<String, String> backendDetails, List<Map<String, String>> plugins, long envSteps,
                        long iterations, long telemetryDropped, Map<String, Double> nodeSeconds, String stopReason,
                        String failedNode,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> resumedFromStep) {
    public RunRecord(String id, String graphName, String status, String error, long seed, String started,
                     String ended, Double durationS, String graphSha256, String engineVersion, String backend,
                     Map<String, String> backendDetails, List<Map<String, String>> plugins, long envSteps,
                     long iterations, long telemetryDropped) {
        this(id, graphName, status, error, seed, started, ended, durationS, graphSha256, engineVersion, backend,
                backendDetails, plugins, envSteps, iterations, telemetryDropped, null, null, null, null);
    }

    public RunRecord(String id, String graphName, String status, String error, long seed, String started,
                     String ended, Double durationS, String graphSha256, String engineVersion, String backend,
                     Map<String, String> backendDetails, List<Map<String, String>> plugins, long envSteps,
                     long iterations, long telemetryDropped, Map<String, Double> nodeSeconds, String stopReason) {
        this(id, graphName, status, error, seed, started, ended, durationS, graphSha256, engineVersion, backend,
                backendDetails, plugins, envSteps, iterations, telemetryDropped, nodeSeconds, stopReason, null, null);
    }

    public RunRecord with(String newStatus, String newError, String newEnded, Double duration, long steps, long iters,
                          long dropped, Map<String, Double> newNodeSeconds) {
        return new RunRecord(id, graphName, newStatus, newError, seed, started, newEnded, duration, graphSha256,
                engineVersion, backend, backendDetails, plugins, steps, iters, dropped, newNodeSeconds, stopReason,
                failedNode, resumedFromStep);
    }

    /** This record with the reason a node gave for ending the run before its budget (null: the budget ran out). */
    public RunRecord withStopReason(String reason) {
        return new RunRecord(id, graphName, status, error, seed, started, ended, durationS, graphSha256,
                engineVersion, backend, backendDetails, plugins, envSteps, iterations, telemetryDropped, nodeSeconds,
                reason, failedNode, resumedFromStep);
    }

    /** This record naming the node a failed run failed in (null: none). */
    public RunRecord withFailedNode(String node) {
        return new RunRecord(id, graphName, status, error, seed, started, ended, durationS, graphSha256,
                engineVersion, backend, backendDetails, plugins, envSteps, iterations, telemetryDropped, nodeSeconds,
                stopReason, node, resumedFromStep);
    }

    /** This record with another status and error (the rest unchanged). */
    public RunRecord withStatus(String newStatus, String newError) {
        return new RunRecord(id, graphName, newStatus, newError, seed, started, ended, durationS, graphSha256,
                engineVersion, backend, backendDetails, plugins, envSteps, iterations, telemetryDropped, nodeSeconds,
                stopReason, failedNode, resumedFromStep);
    }

    /**
     * The record as readers should show it: a {@code running} record of {@code dir} whose lock no live process
     * holds belongs to a run that was killed or crashed, and reads as {@code interrupted}.
     */
    public RunRecord asSeenByReaders(java.nio.file.Path dir) {
        if (!"running".equals(status) || RunLock.isLive(dir)) return this;
        return withStatus("interrupted", error != null ? error
                : "the run's process ended without recording an outcome (killed, crashed or powered off)");
    }
}
