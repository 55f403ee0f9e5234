package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.testkit.TestRunServices;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A measurement, not a test (docs/benchmarks.md, "Distributional critics on the device path, and SAC's device path
 * across seeds"): SAC's host and device paths trained side by side from the same weights on the same replay batches
 * and the same random stream, with the sample's network sizes and learning rates, printing how far their weights
 * drift apart. A semantic difference between the paths shows as a large difference after the first update; float
 * rounding shows as a difference near 1e-7 that grows with the updates. Run with the plugin's test classpath:
 * {@code java -cp ... io.rlwb.plugins.distributional.SacPathDrift [updates]}.
 */
public final class SacPathDrift {
    private SacPathDrift() {}

    record Side(SacTrainer trainer, TanhGaussianPolicy policy, TwinQCritic critic, UpdatePath path) {
        /**
         * One SAC update on {@code b}: critic, actor and temperature, targets; with this side's path forced, since
         * gradient zeroing and Polyak averaging choose theirs per call.
         */
        void update(ReplayBuffer.Batch b) {
            forced(path, () -> {
                trainer.updateCritic(b, 0);
                trainer.updateActorAndAlpha(b, 0);
                critic.updateTargets(0.005);
                return null;
            });
        }
    }

    private static <T> T forced(UpdatePath path, java.util.function.Supplier<T> body) {
        return io.rlwb.engine.testkit.ForcedPath.on(path, body);
    }

    /** Networks, optimisers and trainer built with {@code path} forced throughout (networks, Adam, guards, heads). */
    static Side side(UpdatePath path) {
        return forced(path, () -> build(path));
    }

    private static Side build(UpdatePath path) {
        var spec = Pendulum.spec(200);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(spec, new int[] {64, 64}, Activation.RELU, 1, DataType.FLOAT);
        TwinQCritic critic = new TwinQCritic(spec, new int[] {64, 64}, Activation.RELU, false, 2, DataType.FLOAT, null);
        var s = new SoftActorCritic.Settings(0.99, 0.005, 256, 0, 1, 1, 0.2, true, 1e-3, 1.0);
        SacTrainer t = new SacTrainer(null, policy, critic, new Adam(policy.parameters(), 3e-4, false),
                new Adam(critic.parameters(), 1e-3, false), s, 9, path);
        t.rng = new SplittableRandom(17);
        return new Side(t, policy, critic, path);
    }

    static double maxRelDiff(List<Parameter> a, List<Parameter> b) {
        double worst = 0;
        for (int k = 0; k < a.size(); k++) {
            double[] x = HostArrays.toDoubles(a.get(k).value());
            double[] y = HostArrays.toDoubles(b.get(k).value());
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                scale = Math.max(scale, Math.abs(x[i]));
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            worst = Math.max(worst, diff / Math.max(scale, 1e-12));
        }
        return worst;
    }

    /** A replay buffer of {@code steps} random-action Pendulum steps (as the sample's first 1,000 steps act). */
    static ReplayBuffer randomReplay(int steps) {
        var spec = Pendulum.spec(200);
        TanhGaussianPolicy actor = new TanhGaussianPolicy(spec, new int[] {8}, Activation.RELU, 5, DataType.FLOAT);
        ReplayBuffer replay = new ReplayBuffer(new SyncVecEnv(Pendulum.factory(200), 1), actor, steps, steps, 3);
        TestRunServices run = new TestRunServices(1, 100_000);
        for (int i = 0; i < steps; i++) replay.collectStep(run);
        return replay;
    }

    public static void main(String[] args) {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Side host = side(UpdatePath.HOST);
        Side dev = side(UpdatePath.DEVICE);
        ReplayBuffer replay = randomReplay(5000);
        SplittableRandom batches = new SplittableRandom(5);
        System.out.println("update  actor_rel_diff  critic_rel_diff  host_qf_loss  device_qf_loss  host_alpha  device_alpha");
        for (int u = 1; u <= updates; u++) {
            ReplayBuffer.Batch b = replay.sample(256, batches);
            host.update(b);
            dev.update(b);
            if (u == 1 || u == 10 || u % (updates / 10) == 0) {
                System.out.printf(Locale.ROOT, "%6d  %14.3e  %15.3e  %12.4f  %14.4f  %10.5f  %12.5f%n", u,
                        maxRelDiff(host.policy().parameters(), dev.policy().parameters()),
                        maxRelDiff(host.critic().parameters(), dev.critic().parameters()),
                        mean(host, SoftActorCritic.QF_LOSS.key()), mean(dev, SoftActorCritic.QF_LOSS.key()),
                        host.trainer().alpha(), dev.trainer().alpha());
            }
            host.trainer().sums.clear();
            dev.trainer().sums.clear();
        }
    }

    private static double mean(Side s, String key) {
        double[] v = s.trainer().sums.get(key);
        return v == null ? Double.NaN : v[0] / v[1];
    }
}
