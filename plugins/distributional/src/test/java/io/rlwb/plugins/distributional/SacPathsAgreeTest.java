package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.nn.UpdatePath;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SAC's host and device paths, each forced throughout (networks, Adam, Polyak targets, heads, temperature), at the
 * sample's sizes, trained side by side from the same weights on the same batches and random stream: after 20
 * updates their weights differ by float rounding only (docs/benchmarks.md measured 3e-7 at 300 updates). A
 * semantic difference between the paths (target, entropy term, temperature step, random draws) shows here as a
 * difference of the order of a learning-rate step.
 */
class SacPathsAgreeTest {
    @Test
    void twentyUpdatesOnBothPathsLeaveTheSameWeightsAndTemperature() {
        SacPathDrift.Side host = SacPathDrift.side(UpdatePath.HOST);
        SacPathDrift.Side dev = SacPathDrift.side(UpdatePath.DEVICE);
        ReplayBuffer replay = SacPathDrift.randomReplay(600);
        SplittableRandom batches = new SplittableRandom(5);
        for (int u = 0; u < 20; u++) {
            ReplayBuffer.Batch b = replay.sample(256, batches);
            host.update(b);
            dev.update(b);
        }
        assertThat(SacPathDrift.maxRelDiff(host.policy().parameters(), dev.policy().parameters())).isLessThan(1e-5);
        assertThat(SacPathDrift.maxRelDiff(host.critic().parameters(), dev.critic().parameters())).isLessThan(1e-5);
        assertThat(dev.trainer().alpha()).isCloseTo(host.trainer().alpha(), within(1e-7));
        assertThat(host.trainer().alpha()).as("the temperature moved").isLessThan(0.2 - 1e-3);
    }
}
