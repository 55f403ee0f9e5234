package io.rlwb.engine.env;

import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.Arrays;

/**
 * {@code n} environment instances made by one {@link EnvFactory} and stepped one after another on the calling
 * thread, with Gymnasium's same-step autoreset.
 *
 * <p>When instance {@code i}'s step ends its episode (terminated or truncated), the observation that step
 * produced is copied into {@link #finalObs(int) finalObs(i)}, the episode's undiscounted return (the sum of
 * the first reward component over its steps) and length are recorded in {@link #finalReturn(int)} and
 * {@link #finalLength(int)}, the instance is reset continuing its own random stream, and the reset
 * observation is what {@code obs[i]} holds when {@link #step} returns. The reward and end written for that
 * instance are those of the ending step. The final values stay until the instance's next episode ends.
 *
 * <p>{@link #reset(long, float[][])} must come before the first step; it seeds instance {@code i} with
 * {@code seed + i}. {@code step} allocates nothing. Not thread-safe.
 */
public final class SyncVecEnv implements VecEnv, Stateful {

    private final EnvSpec spec;
    private final Env[] envs;
    private final float[][] finalObs;
    private final double[] finalReturn;
    private final int[] finalLength;
    private final double[] episodeReturn;
    private final double[][] episodeReturns;
    private final double[][] finalReturns;
    private final int[] episodeLength;
    private boolean wasReset;

    /**
     * Makes {@code numEnvs} instances with {@code factory.create()}.
     *
     * @throws IllegalArgumentException if {@code numEnvs < 1}
     */
    public SyncVecEnv(EnvFactory factory, int numEnvs) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be at least 1, got " + numEnvs);
        }
        this.spec = factory.spec();
        this.envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            envs[i] = factory.create();
        }
        this.finalObs = new float[numEnvs][spec.obsDim()];
        this.finalReturn = new double[numEnvs];
        Arrays.fill(finalReturn, Double.NaN);
        this.finalLength = new int[numEnvs];
        this.episodeReturn = new double[numEnvs];
        this.episodeReturns = new double[numEnvs][spec.numObjectives()];
        this.finalReturns = new double[numEnvs][spec.numObjectives()];
        for (double[] f : finalReturns) Arrays.fill(f, Double.NaN);
        this.episodeLength = new int[numEnvs];
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public int numEnvs() {
        return envs.length;
    }

    /** Instance {@code i} itself, for inspection (tests, rendering); stepping it directly breaks the counts. */
    public Env env(int i) {
        return envs[i];
    }

    @Override
    public void reset(long seed, float[][] obs) {
        checkRows(obs, "obs");
        for (int i = 0; i < envs.length; i++) {
            envs[i].reset(seed + i, obs[i]);
            episodeReturn[i] = 0.0;
            Arrays.fill(episodeReturns[i], 0.0);
            episodeLength[i] = 0;
        }
        wasReset = true;
    }

    @Override
    public void step(float[][] actions, float[][] obs, float[][] rewards, StepEnd[] ends) {
        if (!wasReset) {
            throw new IllegalStateException("SyncVecEnv stepped before reset");
        }
        checkRows(actions, "actions");
        checkRows(obs, "obs");
        checkRows(rewards, "rewards");
        if (ends.length < envs.length) {
            throw new IllegalArgumentException("ends has " + ends.length + " entries, need " + envs.length);
        }
        for (int i = 0; i < envs.length; i++) {
            float[] o = obs[i];
            StepEnd end = envs[i].step(actions[i], o, rewards[i]);
            ends[i] = end;
            episodeReturn[i] += rewards[i][0];
            for (int j = 0; j < episodeReturns[i].length; j++) episodeReturns[i][j] += rewards[i][j];
            episodeLength[i]++;
            if (end.done()) {
                System.arraycopy(o, 0, finalObs[i], 0, finalObs[i].length);
                finalReturn[i] = episodeReturn[i];
                System.arraycopy(episodeReturns[i], 0, finalReturns[i], 0, finalReturns[i].length);
                Arrays.fill(episodeReturns[i], 0.0);
                finalLength[i] = episodeLength[i];
                episodeReturn[i] = 0.0;
                episodeLength[i] = 0;
                envs[i].reset(o);
            }
        }
    }

    /**
     * {@inheritDoc} The returned array is this instance's buffer, overwritten when its next episode ends;
     * copy it to keep it.
     */
    @Override
    public float[] finalObs(int i) {
        return finalObs[i];
    }

    /** {@inheritDoc} {@code NaN} until instance {@code i} has ended an episode. */
    @Override
    public double finalReturn(int i) {
        return finalReturn[i];
    }

    /** {@inheritDoc} The returned array is this instance's buffer (NaN until an episode ended); copy it to keep it. */
    @Override
    public double[] finalReturns(int i) {
        return finalReturns[i];
    }

    /** {@inheritDoc} 0 until instance {@code i} has ended an episode. */
    @Override
    public int finalLength(int i) {
        return finalLength[i];
    }

    private void checkRows(Object[] rows, String what) {
        if (rows.length < envs.length) {
            throw new IllegalArgumentException(what + " has " + rows.length + " rows, need " + envs.length);
        }
    }

    /**
     * State (ADR 0020): the running return, return vector and length of every instance's episode, the last ended
     * episodes' finals, and each instance's own state (which must be {@link Stateful}).
     */
    @Override
    public void saveState(StateWriter out) {
        out.value("was_reset", wasReset ? 1 : 0);
        out.doubles("episode_return", episodeReturn);
        out.doubleRows("episode_returns", episodeReturns);
        out.ints("episode_length", episodeLength);
        out.floatRows("final_obs", finalObs);
        out.doubles("final_return", finalReturn);
        out.doubleRows("final_returns", finalReturns);
        out.ints("final_length", finalLength);
        for (int i = 0; i < envs.length; i++) stateful(i).saveState(out.under("env" + i));
    }

    @Override
    public void restoreState(StateReader in) {
        wasReset = in.longValue("was_reset") != 0;
        copy(in.doubles("episode_return"), episodeReturn, "episode_return");
        in.doubleRows("episode_returns", episodeReturns);
        int[] len = in.ints("episode_length");
        if (len.length != episodeLength.length) throw new IllegalArgumentException("episode_length: wrong length");
        System.arraycopy(len, 0, episodeLength, 0, len.length);
        in.floatRows("final_obs", finalObs);
        copy(in.doubles("final_return"), finalReturn, "final_return");
        in.doubleRows("final_returns", finalReturns);
        int[] fl = in.ints("final_length");
        if (fl.length != finalLength.length) throw new IllegalArgumentException("final_length: wrong length");
        System.arraycopy(fl, 0, finalLength, 0, fl.length);
        for (int i = 0; i < envs.length; i++) stateful(i).restoreState(in.under("env" + i));
    }

    private Stateful stateful(int i) {
        if (envs[i] instanceof Stateful s) return s;
        throw new UnsupportedOperationException("environment " + spec.name() + " cannot save its state");
    }

    private static void copy(double[] from, double[] to, String name) {
        if (from.length != to.length) {
            throw new IllegalArgumentException(name + " has " + from.length + " entries, expected " + to.length);
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
