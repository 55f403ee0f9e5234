package io.rlwb.engine.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param status completed, failed or cancelled
 * @param error why it failed, naming the node where known; null otherwise
 * @param summary final value of every metric
 */
public record RunResult(Path dir, String status, String error, long envSteps, double wallS,
                        Map<String, Double> summary) {
    public boolean completed() {
        return "completed".equals(status);
    }

    /** The command line's exit code for this outcome (DESIGN.md): 0, 1 or 130. */
    public int exitCode() {
        return switch (status) {
            case "completed" -> 0;
            case "cancelled" -> 130;
            default -> 1;
        };
    }
}
