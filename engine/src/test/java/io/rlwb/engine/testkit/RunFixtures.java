package io.rlwb.engine.testkit;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.store.RunRecord;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryEvent;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run directories for tests of the views and reports, written through the real {@link RunStore} (so they follow
 * the run-directory contract): the PPO CartPole sample as graph.json, a learning curve that rises with noise and
 * spikes, losses, evaluations, and optionally distribution and Pareto snapshots. Deterministic for a seed.
 */
public final class RunFixtures {
    private RunFixtures() {}

    /** A completed run of {@code iterations} iterations (10 episodes each) with seed {@code seed}. */
    public static Path write(Path dir, long seed, int iterations, boolean snapshots) throws Exception {
        GraphDocument graph = new GraphFile().read(Repo.sample("ppo-cartpole.json"));
        Random rnd = new Random(seed);
        Map<String, Double> last = new LinkedHashMap<>();
        try (RunStore store = new RunStore(dir, graph)) {
            List<TelemetryEvent> batch = new ArrayList<>();
            double skill = 20 + seed % 7;
            for (int it = 1; it <= iterations; it++) {
                long step = it * 512L;
                double wall = it * 0.05;
                skill = Math.min(500, skill + 480.0 / iterations * (0.6 + rnd.nextDouble()));
                for (int e = 0; e < 10; e++) {
                    double ret = Math.max(8, skill + rnd.nextGaussian() * 25 - (rnd.nextInt(50) == 0 ? 200 : 0));
                    batch.add(metric(step - 50 * (9 - e), wall, "charts/episodic_return", ret, last));
                }
                batch.add(metric(step, wall, "charts/SPS", 9000 + rnd.nextInt(800), last));
                batch.add(metric(step, wall, "losses/value_loss", 50 * Math.exp(-3.0 * it / iterations)
                        * (1 + 0.3 * rnd.nextDouble()), last));
                batch.add(metric(step, wall, "losses/policy_loss", -0.01 * rnd.nextDouble(), last));
                batch.add(metric(step, wall, "losses/approx_kl", 1e-3 * Math.exp(rnd.nextGaussian()), last));
                batch.add(metric(step, wall, "losses/entropy", 0.69 - 0.3 * it / iterations, last));
                if (it % 5 == 0) batch.add(metric(step, wall, "eval/return_mean", skill, last));
                if (snapshots && it % Math.max(1, iterations / 4) == 0) {
                    batch.add(new TelemetryEvent.Snapshot(step, wall, ValueDistributionSnapshot.KIND,
                            distribution(skill)));
                    batch.add(new TelemetryEvent.Snapshot(step, wall, ParetoSnapshot.KIND, pareto(rnd, it)));
                }
                if (batch.size() > 500) {
                    store.append(batch);
                    batch.clear();
                }
            }
            store.append(batch);
            store.writeSummary(last);
            store.writeRunRecord(new RunRecord(dir.getFileName().toString(), graph.name(), "completed", null, seed,
                    "2026-11-28T02:00:0" + (seed % 10) + "Z", "2026-11-28T02:03:00Z", 180.0 + seed, "ab12cd34ef",
                    "0.1.0-SNAPSHOT", "CPU avx2", Map.of(), List.of(Map.of("name", "core", "version", "1")),
                    iterations * 512L, iterations, 0));
        }
        return dir;
    }

    private static TelemetryEvent metric(long step, double wall, String key, double v, Map<String, Double> last) {
        last.put(key, v);
        return new TelemetryEvent.Metric(step, wall, key, v);
    }

    private static ValueDistributionSnapshot distribution(double skill) {
        int k = 21;
        double[] edges = new double[k + 1];
        double[] probs = new double[k];
        double sum = 0;
        for (int i = 0; i <= k; i++) edges[i] = i * 25.0;
        for (int i = 0; i < k; i++) {
            double c = 0.5 * (edges[i] + edges[i + 1]);
            probs[i] = Math.exp(-0.5 * Math.pow((c - skill * 0.9) / 40, 2));
            sum += probs[i];
        }
        for (int i = 0; i < k; i++) probs[i] /= sum;
        return new ValueDistributionSnapshot("critic", List.of(ValueDistributionSnapshot.Probe.categorical("s0",
                new double[] {0, 0, 0, 0}, edges, probs, skill)));
    }

    private static ParetoSnapshot pareto(Random rnd, int it) {
        List<ParetoSnapshot.Point> pts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double w = i / 11.0;
            double a = 10 * w + rnd.nextDouble() * it * 0.01;
            double b = 10 * Math.sqrt(1 - w * w) + rnd.nextDouble();
            pts.add(new ParetoSnapshot.Point("p" + i, new double[] {a, b}, new double[] {w, 1 - w}, i % 4 == 3));
        }
        return new ParetoSnapshot(ParetoSnapshot.VERSION, List.of("treasure", "time"), new double[] {0, 0}, pts,
                80 + it, null, 9, null, null);
    }
}
