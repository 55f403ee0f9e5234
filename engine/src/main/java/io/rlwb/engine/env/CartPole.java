package io.rlwb.engine.env;

import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The classic cart-pole balancing task with the exact dynamics and constants of Gymnasium's
 * {@code CartPole-v1} (Gymnasium 0.29.1), wrapped in its time limit.
 *
 * <p>The state {@code (x, x_dot, theta, theta_dot)} is kept in {@code double} and integrated with the explicit
 * Euler scheme, like Gymnasium's float64 state; observations are the state rounded to {@code float}, like
 * Gymnasium's float32 observations. Action 0 pushes the cart left with 10 N, action 1 pushes it right. Every
 * step, the terminating one included, earns a reward of 1. A step ends the episode as
 * {@link StepEnd#TERMINATED} when the new state has {@code |x| > 2.4} or {@code |theta| > 12°}, otherwise as
 * {@link StepEnd#TRUNCATED} when it is the episode's {@code maxSteps}-th step; a step that does both is
 * {@link StepEnd#TERMINATED}.
 *
 * <p>{@link #reset(long, float[])} draws every state component uniformly from [-0.05, 0.05] with the
 * instance's own {@link SplittableRandom}, reseeded by the seed; {@link #reset(float[])} continues that
 * stream (an instance never reset with a seed starts from an unpredictable one). The stream is not numpy's,
 * so start states differ from Gymnasium's for the same seed; the dynamics from a given state do not.
 *
 * <p>Stepping before the first reset, or after a step that ended the episode, is an error: reset first.
 * {@code step} allocates nothing. Instances are not thread-safe.
 */
public final class CartPole implements Env, Stateful {

    /** Gymnasium's id for this environment, used as the spec's name. */
    public static final String NAME = "CartPole-v1";
    /** Default time limit, Gymnasium's {@code max_episode_steps} for CartPole-v1. */
    public static final int DEFAULT_MAX_STEPS = 500;

    /** Gravitational acceleration (m/s²). */
    public static final double GRAVITY = 9.8;
    /** Mass of the cart (kg). */
    public static final double MASS_CART = 1.0;
    /** Mass of the pole (kg). */
    public static final double MASS_POLE = 0.1;
    /** Half the pole's length (m); Gymnasium calls it {@code length}. */
    public static final double LENGTH = 0.5;
    /** Magnitude of the force either action applies (N). */
    public static final double FORCE_MAG = 10.0;
    /** Seconds between state updates. */
    public static final double TAU = 0.02;
    /** Pole angle beyond which the episode terminates: 12 degrees in radians. */
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    /** Cart position beyond which the episode terminates. */
    public static final double X_THRESHOLD = 2.4;
    /** Half-width of the uniform range every state component is drawn from on reset. */
    public static final double RESET_BOUND = 0.05;

    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;

    private final EnvSpec spec;
    private final int maxSteps;
    private final double[] state = new double[4];
    private SplittableRandom random = new SplittableRandom();
    /** The seed of the last {@code reset(seed)} and the draws taken from {@link #random} since, for checkpoints. */
    private long streamSeed;
    private long streamDraws;
    private boolean seeded;
    private int stepsInEpisode;
    /** Whether the episode is live: reset (or set) and not yet ended. */
    private boolean running;
    /** Whether the instance was ever reset or set, for the error message only. */
    private boolean started;

    /** A cart-pole with Gymnasium's time limit of {@value #DEFAULT_MAX_STEPS} steps. */
    public CartPole() {
        this(DEFAULT_MAX_STEPS);
    }

    /**
     * A cart-pole whose episodes are truncated after {@code maxSteps} steps.
     *
     * @throws IllegalArgumentException if {@code maxSteps < 1}
     */
    public CartPole(int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        this.spec = spec(maxSteps);
    }

    /** The spec of a cart-pole with the given time limit: obs 4, Discrete(2), one objective "reward". */
    public static EnvSpec spec(int maxSteps) {
        return new EnvSpec(NAME, 4, ActionSpace.discrete(2), List.of("reward"), maxSteps);
    }

    /** A factory of cart-poles with the default time limit. */
    public static EnvFactory factory() {
        return factory(DEFAULT_MAX_STEPS);
    }

    /** A factory of cart-poles whose episodes are truncated after {@code maxSteps} steps. */
    public static EnvFactory factory(int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        EnvSpec factorySpec = spec(maxSteps);
        return new EnvFactory() {
            @Override
            public EnvSpec spec() {
                return factorySpec;
            }

            @Override
            public Env create() {
                return new CartPole(maxSteps);
            }
        };
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** The time limit: the number of steps after which an episode is truncated. */
    public int maxSteps() {
        return maxSteps;
    }

    /** Steps taken in the current episode. */
    public int stepsInEpisode() {
        return stepsInEpisode;
    }

    @Override
    public void reset(long seed, float[] obs) {
        random = new SplittableRandom(seed);
        streamSeed = seed;
        streamDraws = 0;
        seeded = true;
        reset(obs);
    }

    @Override
    public void reset(float[] obs) {
        for (int i = 0; i < 4; i++) {
            state[i] = random.nextDouble(-RESET_BOUND, RESET_BOUND);
            streamDraws++;
        }
        stepsInEpisode = 0;
        running = true;
        started = true;
        writeObservation(obs);
    }

    /**
     * Sets the physical state {@code (x, x_dot, theta, theta_dot)}, for tests and for starting from explicit
     * states. The episode's step count is left as it is (so a time limit still counts the steps before), and
     * the episode is live afterwards: stepping is allowed even if the previous step had ended it.
     */
    public void setState(double[] s) {
        if (s.length != 4) {
            throw new IllegalArgumentException("CartPole state has 4 components, got " + s.length);
        }
        System.arraycopy(s, 0, state, 0, 4);
        running = true;
        started = true;
    }

    /** A copy of the physical state {@code (x, x_dot, theta, theta_dot)} in full precision. */
    public double[] state() {
        return state.clone();
    }

    @Override
    public StepEnd step(float[] action, float[] obs, float[] reward) {
        if (!running) {
            throw new IllegalStateException(started
                    ? "CartPole stepped after its episode ended; reset first" : "CartPole stepped before reset");
        }
        float a = action[0];
        final double force;
        if (a == 1f) {
            force = FORCE_MAG;
        } else if (a == 0f) {
            force = -FORCE_MAG;
        } else {
            throw new IllegalArgumentException("CartPole action must be 0 or 1, got " + a);
        }

        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double cosTheta = Math.cos(theta);
        double sinTheta = Math.sin(theta);

        // Gymnasium's equations (Florian 2007, "Correct equations for the dynamics of the cart-pole system").
        double temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * cosTheta * cosTheta / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;

        // Explicit Euler: positions move with the old velocities.
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;
        stepsInEpisode++;

        writeObservation(obs);
        reward[0] = 1.0f;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        if (terminated) {
            running = false;
            return StepEnd.TERMINATED;
        }
        if (stepsInEpisode >= maxSteps) {
            running = false;
            return StepEnd.TRUNCATED;
        }
        return StepEnd.NONE;
    }

    private void writeObservation(float[] obs) {
        for (int i = 0; i < 4; i++) {
            obs[i] = (float) state[i];
        }
    }

    @Override
    public String toString() {
        return "CartPole[x=" + state[0] + ", x_dot=" + state[1] + ", theta=" + state[2] + ", theta_dot=" + state[3]
                + ", step " + stepsInEpisode + "/" + maxSteps + "]";
    }

    /**
     * State (ADR 0020): the physical state, the episode's step count and liveness, and the reset stream as its seed
     * and the number of draws taken (restored by drawing as many again: {@link SplittableRandom} hides its state).
     * An instance never reset with a seed draws from an unseeded stream and cannot be saved.
     */
    @Override
    public void saveState(StateWriter out) {
        if (started && !seeded) throw new UnsupportedOperationException("CartPole: reset without a seed, cannot save");
        out.doubles("state", state);
        out.value("elapsed_steps", stepsInEpisode);
        out.value("running", running ? 1 : 0);
        out.value("started", started ? 1 : 0);
        out.value("seeded", seeded ? 1 : 0);
        out.value("stream_seed", streamSeed);
        out.value("stream_draws", streamDraws);
    }

    @Override
    public void restoreState(StateReader in) {
        double[] s = in.doubles("state");
        if (s.length != 4) throw new IllegalArgumentException("CartPole: state has " + s.length + " values, expected 4");
        System.arraycopy(s, 0, state, 0, 4);
        stepsInEpisode = (int) in.longValue("elapsed_steps");
        running = in.longValue("running") != 0;
        started = in.longValue("started") != 0;
        seeded = in.longValue("seeded") != 0;
        streamSeed = in.longValue("stream_seed");
        streamDraws = in.longValue("stream_draws");
        random = new SplittableRandom(streamSeed);
        for (long k = 0; k < streamDraws; k++) random.nextDouble(-RESET_BOUND, RESET_BOUND);
    }
}
