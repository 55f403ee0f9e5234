package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DSAC-T's critic step on the device path (ADR 0035): against the host step on the same batch and random stream
 * (losses, metrics, sigma_bar and both critics' gradients, over two consecutive updates so sigma_bar's running
 * mean is exercised, with each refinement on and off), and its host traffic: the one named metrics read.
 */
class DeviceDsacCriticTest {
    private static Optimizer frozen(List<Parameter> ps) {
        return new Optimizer() {
            @Override public void step(double progress) {}

            @Override public double currentLearningRate() { return 0; }

            @Override public List<Parameter> parameters() { return ps; }
        };
    }

    private record Dsac(DsacTTrainer trainer, TwinQCritic critic, ReplayBuffer replay) {}

    private static Dsac dsac(UpdatePath path, DsacTTrainer.Refinements ref) {
        PendulumFixture f = PendulumFixture.of(true);
        DsacTTrainer t = new DsacTTrainer(f.replay(), f.policy(), f.critic(), frozen(f.policy().parameters()),
                frozen(f.critic().parameters()), f.settings(), ref, 9, path);
        t.rng = new SplittableRandom(17);
        return new Dsac(t, f.critic(), f.replay());
    }

    private static void twoUpdates(Dsac d) {
        SplittableRandom batches = new SplittableRandom(5);
        d.trainer().updateCritic(d.replay().sample(32, batches), 0);
        d.trainer().updateCritic(d.replay().sample(32, batches), 0);
    }

    @Test
    void aDeviceDsacTCriticStepComputesTheHostSteps() {
        List<DsacTTrainer.Refinements> variants = List.of(new DsacTTrainer.Refinements(true, true, true, 0.3),
                new DsacTTrainer.Refinements(false, false, false, 0.3));
        for (DsacTTrainer.Refinements ref : variants) {
            Dsac host = dsac(UpdatePath.HOST, ref);
            Dsac dev = dsac(UpdatePath.DEVICE, ref);
            twoUpdates(host);
            twoUpdates(dev);
            for (int m = 0; m < (ref.twin() ? 2 : 1); m++) {
                assertThat(dev.trainer().sigmaBar(m)).as("%s sigma_bar %d", ref, m)
                        .isCloseTo(host.trainer().sigmaBar(m), within(1e-5));
            }
            List<double[]> h = new ArrayList<>();
            List<double[]> d = new ArrayList<>();
            for (Parameter p : host.critic().parameters()) h.add(HostArrays.toDoubles(p.grad()));
            for (Parameter p : dev.critic().parameters()) d.add(HostArrays.toDoubles(p.grad()));
            int trained = 0;
            for (int k = 0; k < h.size(); k++) {
                double scale = 0;
                for (double v : h.get(k)) scale = Math.max(scale, Math.abs(v));
                if (scale > 0) trained++;
                for (int i = 0; i < h.get(k).length; i++) {
                    assertThat(d.get(k)[i]).as("%s gradient %d element %d", ref, k, i)
                            .isCloseTo(h.get(k)[i], within(1e-4 * scale + 1e-6));
                }
            }
            assertThat(trained).as("gradients are not trivially zero").isGreaterThan(0);
            for (Map.Entry<String, double[]> e : host.trainer().sums.entrySet()) {
                double[] dv = dev.trainer().sums.get(e.getKey());
                assertThat(dv).as(e.getKey()).isNotNull();
                assertThat(dv[0]).as("%s %s", ref, e.getKey())
                        .isCloseTo(e.getValue()[0], within(1e-4 * Math.max(1, Math.abs(e.getValue()[0]))));
            }
        }
    }

    @Test
    void aDeviceDsacTCriticStepReadsOnlyItsMetricsArray() throws Exception {
        io.rlwb.engine.testkit.ForcedPath.run(UpdatePath.DEVICE, () -> { // zeroing, guards: the device path throughout
            PendulumFixture f = PendulumFixture.of(true, UpdatePath.DEVICE); // the replay's device storage (ADR 0037)
            DsacTTrainer t = new DsacTTrainer(f.replay(), f.policy(), f.critic(), frozen(f.policy().parameters()),
                    frozen(f.critic().parameters()), f.settings(), new DsacTTrainer.Refinements(true, true, true, 0.005),
                    9, UpdatePath.DEVICE);
            t.rng = new SplittableRandom(17);
            SplittableRandom batches = new SplittableRandom(5);
            t.updateCriticOnDevice(f.replay().sampleOnDevice(32, batches), 0);
            long transfers = HostArrays.transfers();
            long read = HostArrays.elementsRead();
            t.updateCriticOnDevice(f.replay().sampleOnDevice(32, batches), 0);
            // The minibatch's row indices (one write) and the step's metrics array (one read of 4 per critic).
            assertThat(HostArrays.transfers() - transfers).isEqualTo(2);
            assertThat(HostArrays.elementsRead() - read).isEqualTo(8);
        });
    }
}
