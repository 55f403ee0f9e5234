package io.rlwb.engine.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CartPoleTest {

    private static final float[] LEFT = {0f};
    private static final float[] RIGHT = {1f};

    private final float[] obs = new float[4];
    private final float[] reward = new float[1];

    /** A cart-pole reset with a seed and then put into {@code state}. */
    private static CartPole startedAt(double... state) {
        CartPole env = new CartPole();
        env.reset(1L, new float[4]);
        env.setState(state);
        return env;
    }

    private void assertObservation(double... expected) {
        for (int k = 0; k < 4; k++) {
            assertThat((double) obs[k]).as("observation component %d", k).isCloseTo(expected[k], within(1e-6));
        }
    }

    @Test
    void the_spec_is_cartpole_v1_with_four_observations_two_actions_and_one_reward() {
        EnvSpec spec = new CartPole().spec();
        assertThat(spec.name()).isEqualTo("CartPole-v1");
        assertThat(spec.obsDim()).isEqualTo(4);
        assertThat(spec.actions()).isEqualTo(ActionSpace.discrete(2));
        assertThat(spec.objectives()).isEqualTo(List.of("reward"));
        assertThat(spec.maxEpisodeSteps()).isEqualTo(500);
        assertThat(new CartPole(200).spec().maxEpisodeSteps()).isEqualTo(200);
        assertThat(CartPole.factory(300).spec()).isEqualTo(new CartPole(300).spec());
        assertThat(CartPole.factory(300).create().spec().maxEpisodeSteps()).isEqualTo(300);
    }

    @Test
    void the_constants_are_gymnasiums() {
        assertThat(CartPole.GRAVITY).isEqualTo(9.8);
        assertThat(CartPole.MASS_CART).isEqualTo(1.0);
        assertThat(CartPole.MASS_POLE).isEqualTo(0.1);
        assertThat(CartPole.LENGTH).isEqualTo(0.5);
        assertThat(CartPole.FORCE_MAG).isEqualTo(10.0);
        assertThat(CartPole.TAU).isEqualTo(0.02);
        assertThat(CartPole.THETA_THRESHOLD_RADIANS).isEqualTo(12 * 2 * Math.PI / 360);
        assertThat(CartPole.X_THRESHOLD).isEqualTo(2.4);
    }

    @Test
    void one_step_from_rest_matches_gymnasiums_equations_worked_out_by_hand() {
        // State (0, 0, 0, 0): cos(theta) = 1, sin(theta) = 0, total_mass = 1.1, polemass_length = 0.05.
        // Action 1, force = +10:
        //   temp      = (10 + 0.05 * 0^2 * 0) / 1.1                 = 100/11
        //   denom     = 0.5 * (4/3 - 0.1 * 1^2 / 1.1) = 0.5 * 41/33 = 41/66
        //   theta_acc = (9.8 * 0 - 1 * 100/11) / (41/66)            = -600/41   (about -14.6341)
        //   x_acc     = 100/11 - 0.05 * (-600/41) * 1 / 1.1        = 4400/451  (about 9.7561)
        // Euler with tau = 0.02 (positions use the old velocities, which are 0):
        //   x' = 0, x_dot' = 0.02 * 4400/451 = 88/451, theta' = 0, theta_dot' = 0.02 * -600/41 = -12/41
        CartPole env = startedAt(0, 0, 0, 0);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.NONE);
        assertObservation(0.0, 88.0 / 451.0, 0.0, -12.0 / 41.0);
        assertThat(env.state()).containsExactly(new double[] {0.0, 88.0 / 451.0, 0.0, -12.0 / 41.0}, within(1e-12));
        assertThat(reward[0]).isEqualTo(1.0f);

        // Action 0, force = -10: every term changes sign.
        //   x_dot' = -88/451, theta_dot' = +12/41
        env = startedAt(0, 0, 0, 0);
        assertThat(env.step(LEFT, obs, reward)).isEqualTo(StepEnd.NONE);
        assertObservation(0.0, -88.0 / 451.0, 0.0, 12.0 / 41.0);
        assertThat(reward[0]).isEqualTo(1.0f);
    }

    @Test
    void one_step_from_a_tilted_moving_state_matches_gymnasiums_equations_worked_out_by_hand() {
        // State x = 0.1, x_dot = -0.2, theta = 0.05, theta_dot = 0.3.
        double x = 0.1;
        double xDot = -0.2;
        double theta = 0.05;
        double thetaDot = 0.3;
        double cos = Math.cos(theta); // 0.99875026...
        double sin = Math.sin(theta); // 0.04997917...
        double totalMass = 1.0 + 0.1; // masscart + masspole
        double polemassLength = 0.1 * 0.5; // masspole * length
        double denom = 0.5 * (4.0 / 3.0 - 0.1 * cos * cos / totalMass); // 0.62132566...

        // Action 1 (push right, force = +10).
        double temp = (10.0 + polemassLength * thetaDot * thetaDot * sin) / totalMass; // 9.09111355...
        double thetaAcc = (9.8 * sin - cos * temp) / denom; // -13.8252074...
        double xAcc = temp - polemassLength * thetaAcc * cos / totalMass; // 9.71874671...
        double[] right = {
            x + 0.02 * xDot, // 0.096
            xDot + 0.02 * xAcc, // -0.00562507
            theta + 0.02 * thetaDot, // 0.056
            thetaDot + 0.02 * thetaAcc, // 0.02349585
        };
        CartPole env = startedAt(x, xDot, theta, thetaDot);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.NONE);
        assertObservation(right);
        assertObservation(0.096, -0.005625065781779709, 0.056, 0.02349585151852651);
        assertThat(env.state()).containsExactly(right, within(1e-12));

        // Action 0 (push left, force = -10).
        temp = (-10.0 + polemassLength * thetaDot * thetaDot * sin) / totalMass; // -9.09070463...
        thetaAcc = (9.8 * sin - cos * temp) / denom; // 15.4011657...
        xAcc = temp - polemassLength * thetaAcc * cos / totalMass; // -9.78988273...
        double[] left = {
            x + 0.02 * xDot, // 0.096
            xDot + 0.02 * xAcc, // -0.39579765
            theta + 0.02 * thetaDot, // 0.056
            thetaDot + 0.02 * thetaAcc, // 0.60802331
        };
        env = startedAt(x, xDot, theta, thetaDot);
        assertThat(env.step(LEFT, obs, reward)).isEqualTo(StepEnd.NONE);
        assertObservation(left);
        assertObservation(0.096, -0.3957976546439626, 0.056, 0.6080233136061515);
        assertThat(env.state()).containsExactly(left, within(1e-12));
    }

    @Test
    void observations_are_the_double_state_rounded_to_float() {
        CartPole env = startedAt(0.01, -0.02, 0.03, 0.04);
        env.step(RIGHT, obs, reward);
        double[] state = env.state();
        for (int k = 0; k < 4; k++) {
            assertThat(obs[k]).isEqualTo((float) state[k]);
        }
    }

    @Test
    void the_episode_terminates_when_the_cart_leaves_the_track_on_either_side_with_reward_one() {
        // x' = x + 0.02 * x_dot = 2.39 + 0.02 * 1.0 = 2.41 > 2.4
        CartPole env = startedAt(2.39, 1.0, 0.0, 0.0);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.TERMINATED);
        assertThat(reward[0]).isEqualTo(1.0f);
        assertThat(obs[0]).isGreaterThan(2.4f);

        env = startedAt(-2.39, -1.0, 0.0, 0.0);
        assertThat(env.step(LEFT, obs, reward)).isEqualTo(StepEnd.TERMINATED);
        assertThat(reward[0]).isEqualTo(1.0f);

        // Exactly at the boundary is still alive: x' = 2.4 - 0 is not > 2.4.
        env = startedAt(2.4, 0.0, 0.0, 0.0);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.NONE);
    }

    @Test
    void the_episode_terminates_when_the_pole_tilts_past_twelve_degrees_on_either_side() {
        double threshold = 12 * 2 * Math.PI / 360;
        // theta' = theta + 0.02 * theta_dot = (threshold - 0.001) + 0.02 * 0.1 = threshold + 0.001
        CartPole env = startedAt(0.0, 0.0, threshold - 0.001, 0.1);
        assertThat(env.step(LEFT, obs, reward)).isEqualTo(StepEnd.TERMINATED);
        assertThat(reward[0]).isEqualTo(1.0f);

        env = startedAt(0.0, 0.0, -threshold + 0.001, -0.1);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.TERMINATED);

        // theta' = threshold - 0.001 + 0.02 * 0.01 stays inside.
        env = startedAt(0.0, 0.0, threshold - 0.001, 0.01);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.NONE);
    }

    /** A linear bang-bang controller that keeps the pole up and the cart near the centre from small starts. */
    private static float[] balance(float[] o) {
        return 0.05 * o[0] + 0.2 * o[1] + 5 * o[2] + o[3] > 0 ? RIGHT : LEFT;
    }

    @Test
    void a_balanced_episode_lasts_exactly_500_steps_and_ends_truncated() {
        for (long seed = 0; seed < 5; seed++) {
            CartPole env = new CartPole();
            env.reset(seed, obs);
            int steps = 0;
            StepEnd end = StepEnd.NONE;
            double maxAbsX = 0;
            double maxAbsTheta = 0;
            while (end == StepEnd.NONE) {
                end = env.step(balance(obs), obs, reward);
                steps++;
                assertThat(reward[0]).isEqualTo(1.0f);
                maxAbsX = Math.max(maxAbsX, Math.abs(obs[0]));
                maxAbsTheta = Math.max(maxAbsTheta, Math.abs(obs[2]));
                assertThat(steps).isLessThanOrEqualTo(500);
            }
            assertThat(end).as("seed %d", seed).isEqualTo(StepEnd.TRUNCATED);
            assertThat(steps).isEqualTo(500);
            assertThat(env.stepsInEpisode()).isEqualTo(500);
            // The pole really stayed up: well inside both thresholds the whole time.
            assertThat(maxAbsX).isLessThan(2.0);
            assertThat(maxAbsTheta).isLessThan(0.1);
        }
    }

    @Test
    void an_episode_held_upright_by_setting_its_state_is_truncated_at_step_500_not_before() {
        CartPole env = new CartPole();
        env.reset(3L, obs);
        for (int t = 1; t < 500; t++) {
            env.setState(new double[] {0, 0, 0, 0});
            assertThat(env.step(t % 2 == 0 ? LEFT : RIGHT, obs, reward)).as("step %d", t).isEqualTo(StepEnd.NONE);
        }
        env.setState(new double[] {0, 0, 0, 0});
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.TRUNCATED);
        assertThat(reward[0]).isEqualTo(1.0f);
    }

    @Test
    void a_changed_step_limit_is_respected() {
        CartPole env = new CartPole(37);
        env.reset(11L, obs);
        int steps = 0;
        StepEnd end = StepEnd.NONE;
        while (end == StepEnd.NONE) {
            end = env.step(balance(obs), obs, reward);
            steps++;
        }
        assertThat(end).isEqualTo(StepEnd.TRUNCATED);
        assertThat(steps).isEqualTo(37);

        // A reset starts the count again.
        env.reset(obs);
        for (int t = 1; t < 37; t++) {
            assertThat(env.step(balance(obs), obs, reward)).isEqualTo(StepEnd.NONE);
        }
        assertThat(env.step(balance(obs), obs, reward)).isEqualTo(StepEnd.TRUNCATED);
    }

    @Test
    void a_step_that_terminates_on_the_last_allowed_step_is_terminated_not_truncated() {
        CartPole env = new CartPole(1);
        env.reset(0L, obs);
        env.setState(new double[] {2.39, 1.0, 0.0, 0.0});
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.TERMINATED);
        assertThat(reward[0]).isEqualTo(1.0f);
    }

    @Test
    void a_seed_fixes_the_start_state_and_the_stream_that_follows() {
        CartPole a = new CartPole();
        CartPole b = new CartPole();
        float[] obsA = new float[4];
        float[] obsB = new float[4];
        a.reset(42L, obsA);
        b.reset(42L, obsB);
        assertThat(obsA).containsExactly(obsB);
        assertThat(a.state()).containsExactly(b.state());
        // Unseeded resets continue the same stream in both.
        a.reset(obsA);
        b.reset(obsB);
        assertThat(obsA).containsExactly(obsB);
        // Reseeding an instance that has moved on brings back the first start state.
        float[] first = new float[4];
        new CartPole().reset(42L, first);
        a.reset(42L, obsA);
        assertThat(obsA).containsExactly(first);
        // Another seed gives another start.
        b.reset(43L, obsB);
        assertThat(obsB).isNotEqualTo(first);
    }

    @Test
    void reset_draws_every_component_uniformly_from_minus_to_plus_five_hundredths() {
        CartPole env = new CartPole();
        env.reset(7L, obs);
        int n = 20_000;
        double[] min = {1, 1, 1, 1};
        double[] max = {-1, -1, -1, -1};
        double[] sum = new double[4];
        int[][] quarters = new int[4][4];
        for (int i = 0; i < n; i++) {
            env.reset(obs);
            double[] s = env.state();
            for (int k = 0; k < 4; k++) {
                assertThat(s[k]).isBetween(-0.05, 0.05);
                assertThat(obs[k]).isEqualTo((float) s[k]);
                min[k] = Math.min(min[k], s[k]);
                max[k] = Math.max(max[k], s[k]);
                sum[k] += s[k];
                quarters[k][Math.min(3, (int) ((s[k] + 0.05) / 0.025))]++;
            }
            assertThat(env.stepsInEpisode()).isZero();
        }
        for (int k = 0; k < 4; k++) {
            assertThat(min[k]).isLessThan(-0.0495);
            assertThat(max[k]).isGreaterThan(0.0495);
            assertThat(sum[k] / n).isCloseTo(0.0, within(0.002)); // sd of the mean is about 0.0002
            for (int q = 0; q < 4; q++) {
                assertThat(quarters[k][q]).isBetween(n / 4 - 400, n / 4 + 400); // sd about 61
            }
        }
    }

    @Test
    void stepping_before_reset_or_after_the_end_is_refused() {
        CartPole env = new CartPole(1);
        assertThatThrownBy(() -> env.step(RIGHT, obs, reward)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before reset");
        env.reset(0L, obs);
        assertThat(env.step(RIGHT, obs, reward)).isEqualTo(StepEnd.TRUNCATED);
        assertThatThrownBy(() -> env.step(RIGHT, obs, reward)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reset first");
    }

    @Test
    void actions_other_than_zero_and_one_are_refused() {
        CartPole env = new CartPole();
        env.reset(0L, obs);
        assertThatThrownBy(() -> env.step(new float[] {2f}, obs, reward)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env.step(new float[] {0.5f}, obs, reward)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CartPole(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
