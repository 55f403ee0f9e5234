package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.RunServices;
import java.util.SplittableRandom;

/**
 * A ring buffer of transitions (s, a, r, s', terminated), filled by stepping the wired vector env with the wired
 * policy; uniform random actions for the first {@code randomSteps} steps. A truncated episode stores its final
 * observation as s' with terminated = false, so its value is bootstrapped; only a terminated one is not.
 * Logs {@code charts/episodic_return} and {@code charts/episodic_length}. Not thread-safe.
 */
public final class ReplayBuffer {
    private final VecEnv env;
    private final Policy policy;
    private final int capacity;
    private final long randomSteps;
    private final SplittableRandom rng;
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
}
