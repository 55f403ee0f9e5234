package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.rl.TrajectoryBatch;
import org.junit.jupiter.api.Test;

class ReturnTrackerTest {

    /** Two environments; episodes end inside a batch and across two batches; the discount restarts per episode. */
    @Test
    void discountedReturnsFollowEachEpisodeAcrossBatches() {
        ResourceGathering env = new ResourceGathering(100);
        ReturnTracker tracker = new ReturnTracker(3, 20, null);
        double g = 0.5;
        TrajectoryBatch first = new TrajectoryBatch(env.spec(), 2, 2);
        TrajectoryBatch second = new TrajectoryBatch(env.spec(), 2, 2);
        java.util.Arrays.fill(first.ends, StepEnd.NONE);
        java.util.Arrays.fill(second.ends, StepEnd.NONE);
        // env 0: gold reward 1 at t=0, episode ends at t=1 with gem 1 -> (0, 1, 0.5).
        first.rewardVectors[0 * 3 + 1] = 1;              // row 0 = (t0, e0)
        first.rewardVectors[2 * 3 + 2] = 1;              // row 2 = (t1, e0)
        first.ends[2] = StepEnd.TERMINATED;
        // env 1: four steps across both batches, enemy -1 on its last step -> -(0.5^3), truncated.
        second.rewardVectors[3 * 3] = -1;                // row 3 = (t1, e1) of the second batch
        second.ends[3] = StepEnd.TRUNCATED;
        tracker.observe(first, g);
        assertThat(tracker.mean()).containsExactly(0, 1, 0.5);
        tracker.observe(second, g);
        double[] m = tracker.mean();
        assertThat(m[0]).isCloseTo(-0.125 / 2, within(1e-12));
        assertThat(m[1]).isCloseTo(0.5, within(1e-12));
        assertThat(m[2]).isCloseTo(0.25, within(1e-12));
    }
}
