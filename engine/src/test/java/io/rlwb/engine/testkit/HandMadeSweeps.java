package io.rlwb.engine.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.sweep.SweepDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Sweep directories written by hand, without running a trial: the plan (trials.json) and, per trial, the
 * run.json and summary.json a finished run leaves. What the sweep's readers (table, report, the app's Pareto view)
 * need, in milliseconds.
 */
public final class HandMadeSweeps {
    /** The two reward heads of {@link #rewardWeights()}. */
    public static final String HELPFUL = "grpo/rewards/helpful/mean";
    public static final String SHORT = "grpo/rewards/short/mean";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HandMadeSweeps() {}

    /**
     * One trial.
     *
     * @param params the varied parameters' values (numbers)
     * @param status what run.json says: completed, failed, cancelled; null: the trial has no run directory yet
     * @param summary summary.json's metrics
     */
    public record Trial(String id, long seed, Map<String, Double> params, String status, Map<String, Double> summary) {}

    /**
     * A sweep over a combiner weight {@code combiner.w} whose trials report two reward heads: t1 (1, 3), t2 (2, 2)
     * and t3 (3, 1) trade off, t4 (1, 1) and t6 (1.5, 1.5) are dominated, t5 ties t2 (both on the front); t7 failed
     * with the best values, t8 completed without the second head, t9 has not started. Also {@code grpo/loss} = -i.
     */
    public static List<Trial> rewardWeights() {
        List<Trial> t = new java.util.ArrayList<>();
        double[][] v = {{1, 3}, {2, 2}, {3, 1}, {1, 1}, {2, 2}, {1.5, 1.5}};
        for (int i = 0; i < v.length; i++) {
            t.add(new Trial("t" + (i + 1), 1, Map.of("combiner.w", i / 10.0), "completed",
                    Map.of(HELPFUL, v[i][0], SHORT, v[i][1], "grpo/loss", (double) -i)));
        }
        t.add(new Trial("t7", 1, Map.of("combiner.w", 0.7), "failed", Map.of(HELPFUL, 9.0, SHORT, 9.0)));
        t.add(new Trial("t8", 1, Map.of("combiner.w", 0.8), "completed", Map.of(HELPFUL, 9.0)));
        t.add(new Trial("t9", 1, Map.of("combiner.w", 0.9), null, Map.of()));
        return t;
    }

    /** Writes the sweep {@code name} with {@code trials} into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, String name, List<Trial> trials) throws IOException {
        Files.createDirectories(dir);
        ObjectNode plan = JSON.createObjectNode();
        plan.put("format", SweepDirectory.PLAN_FORMAT).put("version", 1).put("name", name);
        ArrayNode arr = plan.putArray("trials");
        for (Trial t : trials) {
            ObjectNode o = arr.addObject().put("id", t.id()).put("seed", t.seed());
            ObjectNode p = o.putObject("params");
            t.params().forEach(p::put);
            if (t.status() == null) continue;
            Path run = SweepDirectory.trialDir(dir, t.id());
            Files.createDirectories(run);
            Files.writeString(run.resolve("run.json"), JSON.writeValueAsString(JSON.createObjectNode()
                    .put("status", t.status()).put("env_steps", 64).put("duration_s", 0.5)));
            ObjectNode s = JSON.createObjectNode();
            t.summary().forEach(s::put);
            Files.writeString(run.resolve("summary.json"), JSON.writeValueAsString(s));
        }
        Files.writeString(dir.resolve(SweepDirectory.PLAN_FILE), JSON.writeValueAsString(plan));
        return dir;
    }
}
