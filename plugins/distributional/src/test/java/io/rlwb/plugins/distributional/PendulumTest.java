package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.StepEnd;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pendulum-v1 against Gymnasium 0.29.1: the reference steps recorded from Gymnasium
 * (reference/pendulum-v1-steps.csv in the test resources) and a step computed by hand from Gymnasium's equations.
 */
class PendulumTest {
    private static List<double[]> rows() throws Exception {
        List<double[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PendulumTest.class.getResourceAsStream("/reference/pendulum-v1-steps.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = Double.parseDouble(f[i]);
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void everyReferenceStepIsReproducedFromItsStateAndAction() throws Exception {
        List<double[]> rows = rows();
        assertThat(rows).hasSize(120);
        int clipped = 0;
        for (double[] row : rows) {
            Pendulum p = new Pendulum(200);
            p.setState(row[2], row[3]);
            float[] obs = new float[3];
            float[] rew = new float[1];
            p.step(new float[] {(float) row[4]}, obs, rew);
            if (Math.abs(row[4]) > 2) clipped++;
            String at = "episode " + (int) row[0] + " t " + (int) row[1];
            assertThat((double) obs[0]).as(at + " cos").isCloseTo(row[5], within(1e-6));
            assertThat((double) obs[1]).as(at + " sin").isCloseTo(row[6], within(1e-6));
            assertThat((double) obs[2]).as(at + " theta_dot").isCloseTo(row[7], within(1e-6));
            // The action arrives as float (the policy's type); the 0.001 u^2 term keeps the error far below 1e-6.
            assertThat((double) rew[0]).as(at + " reward").isCloseTo(row[8], within(1e-6));
        }
        assertThat(clipped).as("the reference exercises torque clipping").isPositive();
    }

    @Test
    void eachReferenceEpisodeIsFollowedFromItsFirstStateAlone() throws Exception {
        List<double[]> rows = rows();
        Pendulum p = null;
        int episode = -1;
        float[] obs = new float[3];
        float[] rew = new float[1];
        for (double[] row : rows) {
            if ((int) row[0] != episode) {
                episode = (int) row[0];
                p = new Pendulum(200);
                p.setState(row[2], row[3]);
            }
            assertThat(p.theta()).isCloseTo(row[2], within(1e-9));
            assertThat(p.thetaDot()).isCloseTo(row[3], within(1e-9));
            p.step(new float[] {(float) row[4]}, obs, rew);
        }
    }

    @Test
    void handComputedStepWithClippingOfTorqueAndSpeedAndAngleNormalisation() {
        // theta = 4 (normalised to 4 - 2 pi), theta_dot = 7.9, u = 3 -> clipped to 2.
        Pendulum p = new Pendulum(200);
        p.setState(4.0, 7.9);
        float[] obs = new float[3];
        float[] rew = new float[1];
        p.step(new float[] {3f}, obs, rew);
        double thN = 4.0 - 2 * Math.PI;
        double cost = thN * thN + 0.1 * 7.9 * 7.9 + 0.001 * 4;
        double newDot = 7.9 + (15 * Math.sin(4.0) + 3 * 2) * 0.05; // 7.9 - 0.2676 + 0.3 = 7.932 (below 8: no clip)
        assertThat((double) rew[0]).isCloseTo(-cost, within(1e-6));
        assertThat((double) obs[2]).isCloseTo(newDot, within(1e-6));
        assertThat(p.theta()).isCloseTo(4.0 + newDot * 0.05, within(1e-12));
        p.setState(1.0, 7.99);
        p.step(new float[] {2f}, obs, rew);
        assertThat(p.thetaDot()).as("speed clipped to 8").isEqualTo(8.0);
        assertThat(p.theta()).isCloseTo(1.0 + 8 * 0.05, within(1e-12));
    }

    @Test
    void episodesAreTruncatedAfterTheTimeLimitAndNeverTerminated() {
        Pendulum p = new Pendulum(5);
        float[] obs = new float[3];
        float[] rew = new float[1];
        p.reset(3, obs);
        for (int t = 1; t < 5; t++) assertThat(p.step(new float[] {0f}, obs, rew)).isEqualTo(StepEnd.NONE);
        assertThat(p.step(new float[] {0f}, obs, rew)).isEqualTo(StepEnd.TRUNCATED);
        assertThat(Pendulum.angleNormalize(-4.0)).isCloseTo(-4.0 + 2 * Math.PI, within(1e-12));
    }
}
