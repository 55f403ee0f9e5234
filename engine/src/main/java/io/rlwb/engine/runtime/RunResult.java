package io.rlwb.engine.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param status completed, failed or cancelled
 * @param error why it failed, naming the node where known; null otherwise
 * @param summary final value of every metric
 * @param nodeSeconds self time per node in seconds ({@link NodeActivity}); empty when nothing ran
 * @param stopReason why a node ended the run before its budget ({@code RunServices.requestStop}); null when the
 *     budget ran out, the run was cancelled or failed
 * @param failedNode the id of the node a failed run failed in ({@link NodeFailure#nodeId()}), or null: the editor
 *     marks it
 */
public record RunResult(Path dir, String status, String error, long envSteps, double wallS,
                        Map<String, Double> summary, Map<String, Double> nodeSeconds, String stopReason,
                        String failedNode) {
    public RunResult(Path dir, String status, String error, long envSteps, double wallS,
                     Map<String, Double> summary, Map<String, Double> nodeSeconds, String stopReason) {
        this(dir, status, error, envSteps, wallS, summary, nodeSeconds, stopReason, null);
    }

    public RunResult(Path dir, String status, String error, long envSteps, double wallS, Map<String, Double> summary) {
        this(dir, status, error, envSteps, wallS, summary, Map.of(), null);
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    /** The command line's exit code for this outcome (docs/contracts.md): 0, 1 or 130. */
    public int exitCode() {
        return switch (status) {
            case "completed" -> 0;
            case "cancelled" -> 130;
            default -> 1;
        };
    }
}
