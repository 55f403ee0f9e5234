package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.SplittableRandom;

/**
 * A ring buffer of transitions (s, a, r, s', terminated), filled by stepping the wired vector env with the wired
 * policy; uniform random actions for the first {@code randomSteps} steps. A truncated episode stores its final
 * observation as s' with terminated = false, so its value is bootstrapped; only a terminated one is not.
 * Logs {@code charts/episodic_return} and {@code charts/episodic_length}. Not thread-safe.
 */
public final class ReplayBuffer implements Stateful {
    private final VecEnv env;
    private final Policy policy;
    private final int capacity;
    private final long randomSteps;
    private SplittableRandom rng;
    private final long seed;
    private final int od;
    private final int ad;
    private final float[] obs;
    private final float[] act;
    private final float[] rew;
    private final float[] next;
    private final boolean[] term;
    private int size;
    private int pos;
    private boolean started;
    private final float[][] cur;
    private final float[][] nxt;
    private final float[][] a;
    private final float[][] r;
    private final StepEnd[] ends;

    /** A sampled minibatch, row-major. */
    public record Batch(int size, int obsDim, int actDim, float[] obs, float[] actions, float[] rewards, float[] nextObs,
            float[] terminated) {}

    public ReplayBuffer(VecEnv env, Policy policy, int capacity, long randomSteps, long seed) {
        this.env = env;
        this.policy = policy;
        this.capacity = capacity;
        this.randomSteps = randomSteps;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        EnvSpec s = env.spec();
        this.od = s.obsDim();
        this.ad = TrajectoryBatch.actionValues(s);
        obs = new float[capacity * od];
        next = new float[capacity * od];
        act = new float[capacity * ad];
        rew = new float[capacity];
        term = new boolean[capacity];
        int n = env.numEnvs();
        cur = new float[n][od];
        nxt = new float[n][od];
        a = new float[n][ad];
        r = new float[n][s.numObjectives()];
        ends = new StepEnd[n];
    }

    public EnvSpec spec() { return env.spec(); }

    public int size() { return size; }

    public int numEnvs() { return env.numEnvs(); }

    /** Steps every environment once and stores the transitions; adds the steps to the run's counter. */
    public void collectStep(RunServices run) {
        int n = env.numEnvs();
        if (!started) {
            env.reset(seed, cur);
            started = true;
        }
        // Actions at env step t draw from a stream derived from (seed, t): nothing to save (ADR 0020).
        rng = io.rlwb.engine.spi.Streams.at(seed, run.envSteps());
        if (run.envSteps() < randomSteps) randomActions();
        else policy.act(cur, false, rng, a, null);
        env.step(a, nxt, r, ends);
        for (int e = 0; e < n; e++) {
            System.arraycopy(cur[e], 0, obs, pos * od, od);
            System.arraycopy(a[e], 0, act, pos * ad, ad);
            rew[pos] = r[e][0];
            float[] sNext = ends[e].done() ? env.finalObs(e) : nxt[e];
            System.arraycopy(sNext, 0, next, pos * od, od);
            term[pos] = ends[e] == StepEnd.TERMINATED;
            pos = (pos + 1) % capacity;
            size = Math.min(size + 1, capacity);
            if (ends[e].done()) {
                run.metric(RolloutCollector.EPISODIC_RETURN.key(), env.finalReturn(e));
                run.metric(RolloutCollector.EPISODIC_LENGTH.key(), env.finalLength(e));
            }
            float[] t = cur[e];
            cur[e] = nxt[e];
            nxt[e] = t;
        }
        run.addEnvSteps(n);
    }

    private void randomActions() {
        var sp = env.spec().actions();
        for (float[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = sp.discrete() ? rng.nextInt(sp.n()) : (float) rng.nextDouble(sp.low(), sp.high());
            }
        }
    }

    /** A uniform sample (with replacement) of {@code n} stored transitions. */
    public Batch sample(int n, SplittableRandom pick) {
        if (size == 0) throw new IllegalStateException("replay buffer is empty");
        float[] o = new float[n * od];
        float[] ac = new float[n * ad];
        float[] rw = new float[n];
        float[] nx = new float[n * od];
        float[] tm = new float[n];
        for (int i = 0; i < n; i++) {
            int k = pick.nextInt(size);
            System.arraycopy(obs, k * od, o, i * od, od);
            System.arraycopy(act, k * ad, ac, i * ad, ad);
            rw[i] = rew[k];
            System.arraycopy(next, k * od, nx, i * od, od);
            tm[i] = term[k] ? 1f : 0f;
        }
        return new Batch(n, od, ad, o, ac, rw, nx, tm);
    }

    /**
     * State (ADR 0020): the stored transitions (the first {@code size} rows: {@code size * (2 obs + act + 2)}
     * floats, up to the capacity), the write position, the current observations and the vector env's own state.
     */
    @Override
    public void saveState(StateWriter out) {
        out.value("size", size);
        out.value("pos", pos);
        out.value("started", started ? 1 : 0);
        out.floats("obs", java.util.Arrays.copyOf(obs, size * od));
        out.floats("actions", java.util.Arrays.copyOf(act, size * ad));
        out.floats("rewards", java.util.Arrays.copyOf(rew, size));
        out.floats("next_obs", java.util.Arrays.copyOf(next, size * od));
        float[] t = new float[size];
        for (int i = 0; i < size; i++) t[i] = term[i] ? 1f : 0f;
        out.floats("terminated", t);
        out.floatRows("current", cur);
        envState().saveState(out.under("env"));
    }

    @Override
    public void restoreState(StateReader in) {
        int n = (int) in.longValue("size");
        if (n < 0 || n > capacity) throw new IllegalArgumentException("replay: size " + n + " exceeds capacity " + capacity);
        size = n;
        pos = (int) in.longValue("pos");
        started = in.longValue("started") != 0;
        System.arraycopy(in.floats("obs"), 0, obs, 0, size * od);
        System.arraycopy(in.floats("actions"), 0, act, 0, size * ad);
        System.arraycopy(in.floats("rewards"), 0, rew, 0, size);
        System.arraycopy(in.floats("next_obs"), 0, next, 0, size * od);
        float[] t = in.floats("terminated");
        for (int i = 0; i < size; i++) term[i] = t[i] != 0f;
        in.floatRows("current", cur);
        envState().restoreState(in.under("env"));
    }

    private Stateful envState() {
        if (env instanceof Stateful s) return s;
        throw new UnsupportedOperationException("replay: the vector env cannot save its state");
    }
}
