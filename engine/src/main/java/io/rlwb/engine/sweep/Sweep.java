package io.rlwb.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A checked sweep file (docs/sweeps.md): the base graph and what varies. {@link #trials()} expands it into the
 * trials in a fixed order: grid points (the last grid parameter varying fastest), then for each of them the random
 * draws, then the seeds. The same file always gives the same trials with the same ids.
 *
 * @param file the sweep file
 * @param name the sweep's name ({@code name} in the file, else the file's name without {@code .json})
 * @param graphFile the base graph file, resolved against the sweep file's folder
 * @param graph the base graph
 * @param graphText the base graph file's text, shipped to every trial
 * @param fixed {@code node.param -> value} set in every trial ({@code set} in the file)
 * @param grid {@code node.param -> values}, every combination tried
 * @param samples random draws per grid point; 0 when the file has no {@code random} section
 * @param randomSeed seed of the random draws
 * @param random {@code node.param -> distribution}
 * @param seeds the run seeds every setting is repeated with
 * @param budget {@code run.budget} entries replaced in every trial
 */
public record Sweep(Path file, String name, Path graphFile, GraphDocument graph, String graphText,
                    Map<String, JsonNode> fixed, Map<String, List<JsonNode>> grid, int samples, long randomSeed,
                    Map<String, Distribution> random, List<Long> seeds, Map<String, Long> budget) {
    /** Most trials one sweep file may describe. */
    public static final int MAX_TRIALS = 10_000;

    public Sweep {
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        random = Collections.unmodifiableMap(new LinkedHashMap<>(random));
        seeds = List.copyOf(seeds);
        budget = Collections.unmodifiableMap(new LinkedHashMap<>(budget));
    }

    /**
     * One planned trial.
     *
     * @param id {@code t0000}, {@code t0001}, ... in plan order
     * @param params the varied parameters' values ({@code node.param -> value}), grid ones first
     * @param seed the run seed
     */
    public record Planned(String id, Map<String, JsonNode> params, long seed) {
        public Planned {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** The varied parameters ({@code node.param}), in table column order: grid, then random. */
    public List<String> varied() {
        List<String> l = new ArrayList<>(grid.keySet());
        l.addAll(random.keySet());
        return l;
    }

    /** How many trials the file describes (without expanding them); saturates past {@link Integer#MAX_VALUE}. */
    public long count() {
        return count(grid, samples, seeds.size());
    }

    static long count(Map<String, List<JsonNode>> grid, int samples, int seeds) {
        long n = 1;
        for (List<JsonNode> v : grid.values()) n = Math.min(Integer.MAX_VALUE, n * v.size());
        return Math.min(Integer.MAX_VALUE, n * Math.max(1, samples) * seeds);
    }

    /** Every trial, in plan order. */
    public List<Planned> trials() {
        List<Map<String, JsonNode>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> g : grid.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> p : points) {
                for (JsonNode v : g.getValue()) {
                    Map<String, JsonNode> q = new LinkedHashMap<>(p);
                    q.put(g.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        SplittableRandom rng = new SplittableRandom(randomSeed);
        List<Planned> out = new ArrayList<>();
        for (Map<String, JsonNode> p : points) {
            for (int s = 0; s < Math.max(1, samples); s++) {
                Map<String, JsonNode> params = new LinkedHashMap<>(p);
                if (samples > 0) random.forEach((k, d) -> params.put(k, d.draw(rng)));
                for (long seed : seeds) out.add(new Planned(String.format(java.util.Locale.ROOT, "t%04d", out.size()), params, seed));
            }
        }
        return out;
    }

    /**
     * The trial as a spec for an executor: the base graph's text, the fixed and varied values as {@code --set}s,
     * the seed, the sweep's budgets with {@code extraBudgets} over them, and the run directory
     * {@code sweepDir/trials/<id>}.
     */
    public TrialSpec spec(Planned t, Path sweepDir, Map<String, Long> extraBudgets) {
        Map<String, String> sets = new LinkedHashMap<>();
        fixed.forEach((k, v) -> sets.put(k, v.toString()));
        t.params().forEach((k, v) -> sets.put(k, v.toString()));
        Map<String, Long> b = new LinkedHashMap<>(budget);
        b.putAll(extraBudgets);
        return new TrialSpec(t.id(), graphText, sets, t.seed(), b, SweepDirectory.trialDir(sweepDir, t.id()).toString());
    }
}
