package io.rlwb.engine.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a graph: where to write the run directory and what to override. Overrides are applied to
 * the graph before validation, and the run directory's graph.json holds the graph with them applied.
 *
 * @param outDir run directory; null picks {@code runs/<time>-<name>-s<seed>} under the working directory
 * @param seed replaces {@code run.seed} when not null
 * @param sets {@code node.param -> value text} (JSON when it parses as JSON, else a string)
 * @param budgets replaces entries of {@code run.budget}
 * @param checkpointEvery write a checkpoint every this many iterations (0: only at the end)
 */
public record RunOptions(Path outDir, Long seed, Map<String, String> sets, Map<String, Long> budgets,
                         int checkpointEvery) {
    public RunOptions {
        sets = sets == null ? Map.of() : new LinkedHashMap<>(sets);
        budgets = budgets == null ? Map.of() : new LinkedHashMap<>(budgets);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, Map.of(), Map.of(), 50);
    }

    public RunOptions withOutDir(Path dir) {
        return new RunOptions(dir, seed, sets, budgets, checkpointEvery);
    }
}
