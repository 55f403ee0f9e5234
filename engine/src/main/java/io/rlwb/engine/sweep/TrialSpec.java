package io.rlwb.engine.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trial of a sweep: a whole graph file as text plus what to change in it, self-contained so that it can be
 * shipped to another process or machine (it is {@link Serializable} and holds only strings and numbers).
 * Running it means exactly {@code workbench run GRAPH --out OUTDIR --seed SEED --set K=V... --budget K=N...}.
 *
 * @param id the trial's name within its sweep ({@code t0007}); also the name of its run directory
 * @param graphJson the base graph file's text (format {@code rlwb-graph})
 * @param sets {@code node.param -> value text}, as {@code --set} takes them (JSON when the text parses as JSON)
 * @param seed the run's seed (replaces {@code run.seed})
 * @param budgets replaced entries of {@code run.budget}, as {@code --budget} takes them
 * @param outDir the trial's run directory, as a path string (a {@link Path} is not serialisable); on another
 *     machine it names a directory there
 */
public record TrialSpec(String id, String graphJson, Map<String, String> sets, long seed, Map<String, Long> budgets,
                        String outDir) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(graphJson, "graphJson");
        Objects.requireNonNull(outDir, "outDir");
        sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets == null ? Map.of() : sets));
        budgets = Collections.unmodifiableMap(new LinkedHashMap<>(budgets == null ? Map.of() : budgets));
    }

    /** The run directory as a path of this machine. */
    public Path outPath() {
        return Path.of(outDir);
    }

    /** The same trial writing to another directory (an executor that stages runs elsewhere and copies them back). */
    public TrialSpec withOutDir(String dir) {
        return new TrialSpec(id, graphJson, sets, seed, budgets, dir);
    }
}
