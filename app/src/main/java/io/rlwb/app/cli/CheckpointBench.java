package io.rlwb.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.nn.TensorFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoint size and time (docs/benchmarks.md, "Checkpoint size and time"): runs the PPO, SAC and C-MORL samples
 * briefly, then measures the final complete-state checkpoint ({@code checkpoints/step-N/}): its bytes, the time to
 * read it ({@link Checkpoints#read}: state.npz with its SHA-256 check, manifest) and the time to write its tensors
 * again ({@link TensorFile#write}, the bulk of a checkpoint write: npz, SHA-256, manifest, atomic renames), median of
 * {@code repeats}, wall and thread CPU time. Not run by the suite.
 *
 * <pre>java -cp ... io.rlwb.app.cli.CheckpointBench OUT_DIR [REPEATS]</pre>
 */
public final class CheckpointBench {
    private CheckpointBench() {}

    /** One sample at a small budget: what runs before the checkpoint is measured. */
    record Case(String name, String sample, Map<String, String> sets, Map<String, Long> budgets) {}

    static final List<Case> CASES = List.of(
            new Case("PPO CartPole", "samples/ppo-cartpole.json", Map.of(), Map.of("env_steps", 4096L)),
            new Case("SAC Pendulum", "samples/sac-pendulum.json", Map.of(), Map.of("env_steps", 2000L)),
            new Case("C-MORL Deep Sea Treasure", "samples/cmorl-deep-sea-treasure.json",
                    Map.of("cmorl.stage1_steps", "1024", "cmorl.rounds", "2", "cmorl.stage2_steps", "512"), Map.of()));

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CheckpointBench OUT_DIR [REPEATS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        NodeRegistry reg = NodeRegistry.load(null);
        Runner runner = new Runner(reg);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("| sample | step | tensors | values | bytes | read ms wall | read ms CPU | write ms wall | write ms CPU |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Case c : CASES) {
            Path dir = out.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
            var doc = new GraphFile().read(Path.of(c.sample()));
            RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, 1L, c.sets(), c.budgets(), 0)),
                    RunListener.NONE, null, new AtomicBoolean());
            if (!"completed".equals(r.status())) throw new IllegalStateException(c.name() + ": " + r.error());
            Path ck = Checkpoints.latest(dir);
            long bytes;
            try (Stream<Path> s = Files.walk(ck)) {
                bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            double[] readWall = new double[repeats], readCpu = new double[repeats];
            double[] writeWall = new double[repeats], writeCpu = new double[repeats];
            Checkpoints.Loaded loaded = null;
            Path scratch = Files.createDirectories(out.resolve("rewrite"));
            byte[] manifest = new ObjectMapper().writeValueAsBytes(Checkpoints.read(ck).manifest());
            for (int i = 0; i < repeats; i++) {
                long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                loaded = Checkpoints.read(ck);
                readWall[i] = (System.nanoTime() - w0) / 1e6;
                readCpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                w0 = System.nanoTime();
                c0 = mx.getCurrentThreadCpuTime();
                TensorFile.write(scratch.resolve("state.npz"), loaded.tensors(), loaded.step());
                Files.write(scratch.resolve("manifest.json"), manifest);
                writeWall[i] = (System.nanoTime() - w0) / 1e6;
                writeCpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            long values = 0;
            for (INDArray a : loaded.tensors().values()) values += a.length();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f |%n", c.name(),
                    loaded.step(), loaded.tensors().size(), values, bytes, median(readWall), median(readCpu),
                    median(writeWall), median(writeCpu));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
