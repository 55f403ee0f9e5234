package io.rlwb.app.cli;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.rl.RolloutCollector;
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
 * counting each sample once per epoch); then runs the graph's full budget for each seed and reports when
 * {@code eval/return_mean} first reached the target (steps and wall seconds), when the mean of the last 20
 * training episodes did (CleanRL's way of reading a learning curve), and the final evaluation.
 */
@Command(name = "bench", description = "Measure rollout and update speed of a PPO graph and the time to solve it.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this usage and exit")
    boolean help;

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

    @Option(names = "--breakdown", description = "Also time the parts of one minibatch update (batch 128)")
    boolean breakdown;

    @Option(names = "--skip-solve", description = "Only the speed part, no learning runs")
    boolean skipSolve;

    @Option(names = "--transformer", description = "Instead of a PPO graph: one transformer block forward + backward "
            + "on the autodiff tape and on SameDiff, and KV-cache decoding speed (ADR 0010); --iterations sets the timed "
            + "block steps")
    boolean transformer;

    @Option(names = "--decode-steps", paramLabel = "N", description = "With --transformer: timed decoding steps per "
            + "configuration, 0 for none (default 32)")
    int decodeSteps = 32;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the learning runs go (default runs/bench-<time>)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (transformer) {
            if (iterations <= 0 || decodeSteps < 0) {
                err.println("bench --transformer: --iterations must be > 0 and --decode-steps >= 0");
                return WorkbenchCommand.BAD_INPUT;
            }
            out.printf(Locale.ROOT, "backend %s, OMP_NUM_THREADS=%s, %d cores, Java %s%n", Backend.label(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            io.rlwb.engine.nn.bench.TransformerBench.run(out, iterations, decodeSteps);
            return 0;
        }
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
        out.printf(Locale.ROOT, "backend %s, OMP_NUM_THREADS=%s, %d cores, Java %s%n", Backend.labelWithReason(),
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
        if (breakdown) {
            String lossNode = nodeOfType(doc, "core/loss.ppo");
            if (lossNode != null) {
                UpdateBreakdown.print(out, (io.rlwb.engine.rl.PpoLoss) plan.instances().get(lossNode).component("loss"),
                        (TrajectoryBatch) plan.output(collector, "batch"), 128, 2000);
            }
        }
        if (skipSolve) return 0;

        Path base = this.out != null ? this.out : Path.of("runs", "bench-" + System.currentTimeMillis());
        Files.createDirectories(base);
        out.printf(Locale.ROOT, "%nlearning: full budget of %,d steps per seed; eval/return_mean from %s evaluation episodes%n",
                p.graph().run().path("budget").path("env_steps").asLong(150_000),
                p.graph().node(nodeOfType(doc, "core/monitor.eval")).map(n -> n.params().path("greedy").asBoolean(true)
                        ? "greedy" : "stochastic").orElse("no"));
        out.println("| seed | first eval >= target (steps) | wall s to then | training mean-20 >= target (steps) "
                + "| final eval/return_mean | run wall s | run SPS |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        int solved = 0;
        for (long seed : seeds) {
            Runner.Prepared sp = runner.prepare(doc, new RunOptions(base.resolve("seed-" + seed), seed, overrides, Map.of(), 0));
            RunResult r = runner.run(sp, RunListener.NONE, null, new AtomicBoolean());
            Curves c = Curves.read(r.dir().resolve("metrics.csv"), target);
            if (c.firstEvalStep >= 0) solved++;
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %.1f | %,.0f |%n", seed, steps(c.firstEvalStep),
                    c.firstEvalStep < 0 ? "-" : String.format(Locale.ROOT, "%.1f", c.firstEvalWall),
                    steps(c.firstTrainStep), r.summary().getOrDefault(PolicyEvaluator.RETURN_MEAN.key(), Double.NaN), r.wallS(),
                    r.envSteps() / r.wallS());
            out.flush();
        }
        out.printf(Locale.ROOT, "%s reached %.0f in %d of %d seeds; runs in %s%n", PolicyEvaluator.RETURN_MEAN.key(),
                target, solved, seeds.size(), base);
        return 0;
    }

    private static String steps(long s) {
        return s < 0 ? "not reached" : String.format(Locale.ROOT, "%,d", s);
    }

    /** What a finished run's metrics.csv says about reaching the target. */
    record Curves(long firstEvalStep, double firstEvalWall, long firstTrainStep) {
        static Curves read(Path metrics, double target) throws java.io.IOException {
            long evalStep = -1, trainStep = -1;
            double evalWall = Double.NaN;
            double[] last = new double[20];
            int n = 0;
            for (String line : Files.readAllLines(metrics)) {
                String[] f = line.split(",");
                if (f.length != 4 || f[0].equals("step")) continue;
                double v = Double.parseDouble(f[3]);
                if (f[2].equals(PolicyEvaluator.RETURN_MEAN.key()) && evalStep < 0 && v >= target) {
                    evalStep = Long.parseLong(f[0]);
                    evalWall = Double.parseDouble(f[1]);
                } else if (f[2].equals(RolloutCollector.EPISODIC_RETURN.key())) {
                    last[n++ % 20] = v;
                    if (n >= 20 && trainStep < 0 && java.util.Arrays.stream(last).average().orElse(0) >= target) {
                        trainStep = Long.parseLong(f[0]);
                    }
                }
            }
            return new Curves(evalStep, evalWall, trainStep);
        }
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
