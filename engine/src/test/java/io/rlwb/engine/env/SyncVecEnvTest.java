package io.rlwb.engine.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SyncVecEnvTest {

    private static final int N = 3;

    private final float[][] obs = new float[N][4];
    private final float[][] rewards = new float[N][1];
    private final float[][] actions = new float[N][1];
    private final StepEnd[] ends = new StepEnd[N];

    @Test
    void it_reports_its_factorys_spec_and_size() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(123), N);
        assertThat(vec.spec()).isEqualTo(CartPole.spec(123));
        assertThat(vec.numEnvs()).isEqualTo(N);
        assertThatThrownBy(() -> new SyncVecEnv(CartPole.factory(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instance_i_is_seeded_with_seed_plus_i_so_the_instances_start_differently() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(), N);
        vec.reset(100L, obs);
        for (int i = 0; i < N; i++) {
            float[] single = new float[4];
            new CartPole().reset(100L + i, single);
            assertThat(obs[i]).as("instance %d", i).containsExactly(single);
        }
        assertThat(obs[0]).isNotEqualTo(obs[1]);
        assertThat(obs[1]).isNotEqualTo(obs[2]);
        assertThat(obs[0]).isNotEqualTo(obs[2]);

        float[][] again = new float[N][4];
        new SyncVecEnv(CartPole.factory(), N).reset(100L, again);
        assertThat(again).isDeepEqualTo(obs);
    }

    @Test
    void an_ended_episode_leaves_its_final_observation_return_and_length_and_hands_back_a_fresh_reset() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(), N);
        vec.reset(7L, obs);

        // Mirrors: single instances with the same seeds, stepped and reset by hand like Gymnasium would.
        CartPole[] mirrors = new CartPole[N];
        float[][] mirrorObs = new float[N][4];
        float[] mirrorReward = new float[1];
        int[] length = new int[N];
        int[] episodesEnded = new int[N];
        for (int i = 0; i < N; i++) {
            mirrors[i] = new CartPole();
            mirrors[i].reset(7L + i, mirrorObs[i]);
        }

        // Instance i pushes one way for a while, then the other, so the episodes have different lengths.
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < N; i++) {
                actions[i][0] = ((t / (i + 2)) % 3 == 0) ? 0f : 1f;
            }
            vec.step(actions, obs, rewards, ends);
            for (int i = 0; i < N; i++) {
                StepEnd mirrorEnd = mirrors[i].step(actions[i], mirrorObs[i], mirrorReward);
                length[i]++;
                assertThat(ends[i]).isEqualTo(mirrorEnd);
                assertThat(rewards[i][0]).isEqualTo(1.0f);
                if (mirrorEnd.done()) {
                    // The final observation is the ending step's, kept in its own buffer.
                    assertThat(vec.finalObs(i)).as("instance %d final obs", i).containsExactly(mirrorObs[i]);
                    assertThat(vec.finalReturn(i)).isEqualTo(length[i]);
                    assertThat(vec.finalLength(i)).isEqualTo(length[i]);
                    // The returned observation is a fresh reset from the instance's own continuing stream.
                    mirrors[i].reset(mirrorObs[i]);
                    assertThat(obs[i]).as("instance %d reset obs", i).containsExactly(mirrorObs[i]);
                    for (float v : obs[i]) {
                        assertThat(v).isBetween(-0.05f, 0.05f);
                    }
                    assertThat(obs[i]).isNotEqualTo(vec.finalObs(i));
                    length[i] = 0;
                    episodesEnded[i]++;
                } else {
                    assertThat(obs[i]).containsExactly(mirrorObs[i]);
                }
            }
        }
        for (int i = 0; i < N; i++) {
            assertThat(episodesEnded[i]).as("episodes instance %d ended", i).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void truncated_episodes_are_recorded_with_their_full_length_and_return() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(5), 2);
        float[][] o = new float[2][4];
        float[][] r = new float[2][1];
        float[][] a = {{0f}, {1f}};
        StepEnd[] e = new StepEnd[2];
        vec.reset(0L, o);
        for (int round = 0; round < 3; round++) {
            for (int t = 1; t <= 5; t++) {
                a[0][0] = t % 2;
                a[1][0] = 1 - t % 2;
                vec.step(a, o, r, e);
                StepEnd expected = t == 5 ? StepEnd.TRUNCATED : StepEnd.NONE;
                assertThat(e).containsExactly(expected, expected);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(vec.finalLength(i)).isEqualTo(5);
                assertThat(vec.finalReturn(i)).isEqualTo(5.0);
                // The final observation is the state after five steps, not the reset one.
                assertThat(((CartPole) vec.env(i)).stepsInEpisode()).isZero();
                assertThat(vec.finalObs(i)).isNotEqualTo(o[i]);
            }
        }
    }

    @Test
    void final_values_stay_until_the_instance_ends_another_episode() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(4), 1);
        float[][] o = new float[1][4];
        float[][] r = new float[1][1];
        float[][] a = {{1f}};
        StepEnd[] e = new StepEnd[1];
        vec.reset(5L, o);
        assertThat(vec.finalReturn(0)).isNaN();
        assertThat(vec.finalLength(0)).isZero();
        for (int t = 0; t < 4; t++) {
            vec.step(a, o, r, e);
        }
        assertThat(e[0]).isEqualTo(StepEnd.TRUNCATED);
        float[] kept = vec.finalObs(0).clone();
        vec.step(a, o, r, e);
        assertThat(e[0]).isEqualTo(StepEnd.NONE);
        assertThat(vec.finalObs(0)).containsExactly(kept);
        assertThat(vec.finalLength(0)).isEqualTo(4);
    }

    @Test
    void stepping_before_reset_is_refused() {
        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(), N);
        assertThatThrownBy(() -> vec.step(actions, obs, rewards, ends)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stepping_allocates_nothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        SyncVecEnv vec = new SyncVecEnv(CartPole.factory(50), N);
        vec.reset(1L, obs);
        Arrays.stream(actions).forEach(a -> a[0] = 1f);
        for (int t = 0; t < 20_000; t++) { // warm up
            vec.step(actions, obs, rewards, ends);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        int steps = 100_000;
        for (int t = 0; t < steps; t++) {
            actions[t % N][0] = t & 1;
            vec.step(actions, obs, rewards, ends);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // Any per-step allocation would be at least 16 bytes a step, 1.6 MB in all.
        assertThat(allocated).isLessThan(16_384L);
    }
}
