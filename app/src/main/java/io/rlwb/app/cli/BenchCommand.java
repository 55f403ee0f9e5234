package io.rlwb.app.cli;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.Backend;
import io.rlwb.engine.runtime.InvalidGraphException;
import io.rlwb.engine.runtime.Plan;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.rl.TrajectoryBatch;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench bench}: where the time of a PPO graph goes. Times the collector (environment steps per
 * second, policy forward passes included), the estimator, and the trainer's update (samples per second,
 * counting each sample once per epoch), then the wall time to reach the evaluation target per seed.
 */
@Command(name = "bench", description = "Measure rollout and update speed of a PPO graph and the time to solve it.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--graph", paramLabel = "GRAPH", description = "PPO graph (default samples/ppo-cartpole.json)")
    Path graph = Path.of("samples", "ppo-cartpole.json");

    @Option(names = "--seeds", split = ",", paramLabel = "N", description = "Seeds of the solve runs (default 1,2,3,4,5)")
    List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);

    @Option(names = "--iterations", paramLabel = "N", description = "Timed iterations of the speed part (default 40)")
    int iterations = 40;

    @Option(names = "--target", paramLabel = "R", description = "eval/return_mean that counts as solved (default 475)")
    double target = 475;

    @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "Override a parameter (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--skip-solve", description = "Only the speed part")
    boolean skipSolve;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the solve runs go (default runs/bench-<time>)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GraphDocument doc = GraphLoading.load(graph, err);
        if (doc == null) return WorkbenchCommand.BAD_INPUT;
        NodeRegistry reg = GraphLoading.registry(null, err);
        Runner runner = new Runner(reg);
        String collector = nodeOfType(doc, "core/rollout.collector");
        String estimator = nodeOfType(doc, "core/estimator.gae");
        String trainer = nodeOfType(doc, "core/trainer.ppo");
        if (collector == null || estimator == null || trainer == null) {
            err.println(graph + ": bench needs a graph with core/rollout.collector, core/estimator.gae and core/trainer.ppo");
            return WorkbenchCommand.BAD_INPUT;
        }
        Runner.Prepared p;
        try {
            p = runner.prepare(doc, new RunOptions(null, null, overrides, Map.of(), 0));
        } catch (InvalidGraphException e) {
            e.diagnostics().forEach(err::println);
            return WorkbenchCommand.BAD_INPUT;
        }
        out.printf(Locale.ROOT, "backend %s, OMP_NUM_THREADS=%s, %d cores, Java %s%n", Backend.label(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        BenchServices services = new BenchServices(p.seed());
        Plan plan = Plan.compile(p.graph(), p.validation(), p.seed(), services);
        Trainer t = plan.trainers().stream().filter(e -> e.getKey().equals(trainer)).findFirst().orElseThrow().getValue();
        int epochs = p.graph().node(trainer).map(n -> n.params().path("update_epochs").asInt(4)).orElse(4);
        long collectNs = 0, gaeNs = 0, updateNs = 0, steps = 0, rows = 0;
        for (int i = 0; i < iterations + 5; i++) {
            plan.nextEpoch();
            long t0 = System.nanoTime();
            TrajectoryBatch b = (TrajectoryBatch) plan.output(collector, "batch");
            long t1 = System.nanoTime();
            plan.output(estimator, "batch");
            long t2 = System.nanoTime();
            t.iterate(services);
            long t3 = System.nanoTime();
            if (i >= 5) { // the first iterations warm up the JIT and ND4J
                collectNs += t1 - t0;
                gaeNs += t2 - t1;
                updateNs += t3 - t2;
                steps += b.rows();
                rows += (long) b.rows() * epochs;
            }
        }
        double total = (collectNs + gaeNs + updateNs) / 1e9;
        out.printf(Locale.ROOT, "rollout  %,10.0f env steps/s   (%4.1f%% of iteration time)%n", steps / (collectNs / 1e9),
                100.0 * collectNs / 1e9 / total);
        out.printf(Locale.ROOT, "gae      %,10.0f env steps/s   (%4.1f%%)%n", steps / (gaeNs / 1e9), 100.0 * gaeNs / 1e9 / total);
        out.printf(Locale.ROOT, "update   %,10.0f samples/s     (%4.1f%%; each sample counted once per epoch)%n",
                rows / (updateNs / 1e9), 100.0 * updateNs / 1e9 / total);
        out.printf(Locale.ROOT, "overall  %,10.0f env steps/s of training, without evaluation%n", steps / total);
        if (skipSolve) return 0;

        Path base = this.out != null ? this.out : Path.of("runs", "bench-" + System.currentTimeMillis());
        Files.createDirectories(base);
        out.printf(Locale.ROOT, "%nsolve: first eval/return_mean >= %.0f (budget %,d steps)%n", target,
                p.graph().run().path("budget").path("env_steps").asLong(150_000));
        out.println("| seed | steps to target | wall s to target | final eval/return_mean | run wall s |");
        out.println("|---:|---:|---:|---:|---:|");
        int solved = 0;
        for (long seed : seeds) {
            String eval = nodeOfType(doc, "core/monitor.eval");
            Map<String, String> sets = new LinkedHashMap<>(overrides);
            if (eval != null) {
                sets.put(eval + ".target_return", Double.toString(target));
                sets.put(eval + ".stop_at_target", "true");
            }
            Runner.Prepared sp = runner.prepare(doc, new RunOptions(base.resolve("seed-" + seed), seed, sets, Map.of(), 0));
            RunResult r = runner.run(sp, RunListener.NONE, null, new AtomicBoolean());
            Double at = r.summary().get("eval/steps_to_target");
            if (at != null) solved++;
            out.printf(Locale.ROOT, "| %d | %s | %s | %.1f | %.1f |%n", seed, at == null ? "not reached" : String.format(Locale.ROOT, "%,.0f", at),
                    at == null ? "-" : String.format(Locale.ROOT, "%.1f", r.wallS()),
                    r.summary().getOrDefault("eval/return_mean", Double.NaN), r.wallS());
            out.flush();
        }
        out.printf(Locale.ROOT, "solved %d of %d seeds; runs in %s%n", solved, seeds.size(), base);
        return 0;
    }

    private static String nodeOfType(GraphDocument doc, String type) {
        for (GraphNode n : doc.nodes()) if (n.type().equals(type)) return n.id();
        return null;
    }

    /** Run services that count steps and discard metrics. */
    private static final class BenchServices implements RunServices {
        private final long seed;
        private long steps;

        BenchServices(long seed) { this.seed = seed; }

        @Override public long seed() { return seed; }

        @Override public long envSteps() { return steps; }

        @Override public void addEnvSteps(long n) { steps += n; }

        @Override public long budget(String key, long fallback) { return fallback; }

        @Override public double progress() { return 0; }

        @Override public long iteration() { return 0; }

        @Override public void metric(String key, double value) {}

        @Override public void telemetry(String kind, Object snapshot) {}

        @Override public boolean cancelled() { return false; }

        @Override public void requestStop(String reason) {}
    }
}
