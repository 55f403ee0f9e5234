package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inverted pendulum swing-up with the exact dynamics and constants of Gymnasium's {@code Pendulum-v1}
 * (Gymnasium 0.29.1), wrapped in its 200-step time limit.
 *
 * <p>State (theta, theta_dot) in double; observation (cos theta, sin theta, theta_dot) as float. A step clips
 * the torque to [-2, 2], pays {@code angle_normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2} (reward = minus
 * that, computed from the state before the step), then integrates
 * {@code theta_dot += (3 g / (2 l) sin theta + 3 / (m l^2) u) dt}, clips theta_dot to [-8, 8] and moves
 * {@code theta += theta_dot dt} with the new velocity (semi-implicit Euler). It never terminates; the episode is
 * truncated after {@code maxSteps} steps. Reset draws theta from U[-pi, pi] and theta_dot from U[-1, 1] with the
 * instance's own {@link SplittableRandom} (not numpy's stream, so start states differ from Gymnasium's for a
 * seed; the dynamics from a given state do not). Not thread-safe.
 */
public final class Pendulum implements Env, Stateful {
    public static final String NAME = "Pendulum-v1";
    public static final int DEFAULT_MAX_STEPS = 200;
    public static final double MAX_SPEED = 8.0;
    public static final double MAX_TORQUE = 2.0;
    public static final double DT = 0.05;
    public static final double G = 10.0;
    public static final double M = 1.0;
    public static final double L = 1.0;

    private final EnvSpec spec;
    private final int maxSteps;
    private double theta;
    private double thetaDot;
    private int elapsed;
    private boolean running;
    private SplittableRandom random = new SplittableRandom();
    /** The seed of the last {@code reset(seed)} and the resets since, for checkpoints (two draws per reset). */
    private long streamSeed;
    private long streamResets;
    private boolean seeded;

    public Pendulum(int maxSteps) {
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        this.maxSteps = maxSteps;
        this.spec = spec(maxSteps);
    }

    /** Observation 3, Box(1, [-2, 2]), one objective "reward". */
    public static EnvSpec spec(int maxSteps) {
        return new EnvSpec(NAME, 3, ActionSpace.box(1, -MAX_TORQUE, MAX_TORQUE), List.of("reward"), maxSteps);
    }

    public static EnvFactory factory(int maxSteps) {
        EnvSpec s = spec(maxSteps);
        return new EnvFactory() {
            @Override public EnvSpec spec() { return s; }

            @Override public Env create() { return new Pendulum(maxSteps); }
        };
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public void reset(long seed, float[] obs) {
        random = new SplittableRandom(seed);
        streamSeed = seed;
        streamResets = 0;
        seeded = true;
        reset(obs);
    }

    @Override
    public void reset(float[] obs) {
        theta = random.nextDouble(-Math.PI, Math.PI);
        thetaDot = random.nextDouble(-1.0, 1.0);
        streamResets++;
        elapsed = 0;
        running = true;
        observe(obs);
    }

    /** Sets (theta, theta_dot) for tests and explicit starts; the episode is live afterwards. */
    public void setState(double th, double thDot) {
        theta = th;
        thetaDot = thDot;
        running = true;
    }

    public double theta() { return theta; }

    public double thetaDot() { return thetaDot; }

    /** Gymnasium's {@code ((x + pi) % (2 pi)) - pi} with Python's non-negative modulo. */
    static double angleNormalize(double x) {
        double m = (x + Math.PI) % (2 * Math.PI);
        if (m < 0) m += 2 * Math.PI;
        return m - Math.PI;
    }

    @Override
    public StepEnd step(float[] action, float[] obs, float[] reward) {
        if (!running) throw new IllegalStateException("Pendulum stepped before reset or after its episode ended");
        double a = action[0];
        if (Double.isNaN(a)) throw new IllegalArgumentException("Pendulum action is NaN");
        double u = Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, a));
        double th = angleNormalize(theta);
        double cost = th * th + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
        double newThetaDot = thetaDot + (3 * G / (2 * L) * Math.sin(theta) + 3.0 / (M * L * L) * u) * DT;
        newThetaDot = Math.max(-MAX_SPEED, Math.min(MAX_SPEED, newThetaDot));
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        elapsed++;
        observe(obs);
        reward[0] = (float) -cost;
        if (elapsed >= maxSteps) {
            running = false;
            return StepEnd.TRUNCATED;
        }
        return StepEnd.NONE;
    }

    private void observe(float[] obs) {
        obs[0] = (float) Math.cos(theta);
        obs[1] = (float) Math.sin(theta);
        obs[2] = (float) thetaDot;
    }

    /**
     * State (ADR 0020): angle, velocity, steps, liveness, and the reset stream as its seed and the resets taken
     * (restored by drawing as many again). An instance never reset with a seed cannot be saved.
     */
    @Override
    public void saveState(StateWriter out) {
        if (!seeded && streamResets > 0) throw new UnsupportedOperationException("Pendulum: reset without a seed");
        out.value("theta", theta);
        out.value("theta_dot", thetaDot);
        out.value("elapsed", elapsed);
        out.value("running", running ? 1 : 0);
        out.value("seeded", seeded ? 1 : 0);
        out.value("stream_seed", streamSeed);
        out.value("stream_resets", streamResets);
    }

    @Override
    public void restoreState(StateReader in) {
        theta = in.doubleValue("theta");
        thetaDot = in.doubleValue("theta_dot");
        elapsed = (int) in.longValue("elapsed");
        running = in.longValue("running") != 0;
        seeded = in.longValue("seeded") != 0;
        streamSeed = in.longValue("stream_seed");
        streamResets = in.longValue("stream_resets");
        random = new SplittableRandom(streamSeed);
        for (long k = 0; k < streamResets; k++) {
            random.nextDouble(-Math.PI, Math.PI);
            random.nextDouble(-1.0, 1.0);
        }
    }
}
