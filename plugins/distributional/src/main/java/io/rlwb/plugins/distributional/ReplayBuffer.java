package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ring buffer of transitions (s, a, r, s', terminated), filled by stepping the wired vector env with the wired
 * policy; uniform random actions for the first {@code randomSteps} steps. A truncated episode stores its final
 * observation as s' with terminated = false, so its value is bootstrapped; only a terminated one is not.
 * Logs {@code charts/episodic_return} and {@code charts/episodic_length}. Not thread-safe.
 *
 * <p>Storage follows the update path ({@link UpdatePath}, ADR 0037): on the host path the transitions live in Java
 * arrays and {@link #sample} gathers a minibatch in Java; on the device path they live in one ND4J array
 * ({@link DeviceReplayStorage}), each env step's transitions written once by name, and {@link #sampleOnDevice}
 * gathers the minibatch there. Both draw the same row indices from the given stream in the same order, so both
 * paths train on the same minibatches; the checkpoint's keys and layout are the same on both.
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
    /** The host path's storage (null on the device path). */
    private final float[] obs;
    private final float[] act;
    private final float[] rew;
    private final float[] next;
    private final boolean[] term;
    /** The device path's storage (null on the host path) and one env step's transitions staged for it. */
    private final DeviceReplayStorage device;
    private final float[] staged;
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

    /**
     * A sampled minibatch on the device path: FLOAT arrays {@code [size, obsDim]}, {@code [size, actDim]},
     * {@code [size, 1]} (rewards), {@code [size, obsDim]}, {@code [size, 1]} (terminated, 0 or 1), each its own.
     */
    public record DeviceBatch(int size, int obsDim, int actDim, INDArray obs, INDArray actions, INDArray rewards,
            INDArray nextObs, INDArray terminated) {
        /** A host batch written to arrays, five named writes (tests, and a host-path buffer feeding a device update). */
        public static DeviceBatch of(Batch b) {
            int n = b.size();
            return new DeviceBatch(n, b.obsDim(), b.actDim(), HostArrays.fromFloats(b.obs(), n, b.obsDim()),
                    HostArrays.fromFloats(b.actions(), n, b.actDim()), HostArrays.fromFloats(b.rewards(), n, 1),
                    HostArrays.fromFloats(b.nextObs(), n, b.obsDim()), HostArrays.fromFloats(b.terminated(), n, 1));
        }

        /** The batch read to Java, five named reads (a host-path trainer fed by a device-path buffer). */
        public Batch toHost() {
            return new Batch(size, obsDim, actDim, read(obs), read(actions), read(rewards), read(nextObs), read(terminated));
        }

        private static float[] read(INDArray a) {
            float[] v = new float[Math.toIntExact(a.length())];
            HostArrays.readFloats(a, v);
            return v;
        }
    }

    /** A buffer whose storage follows the running backend's update path ({@link UpdatePath#forBackend()}). */
    public ReplayBuffer(VecEnv env, Policy policy, int capacity, long randomSteps, long seed) {
        this(env, policy, capacity, randomSteps, seed, UpdatePath.forBackend());
    }

    /** As the other constructor, with the storage of {@code path} (tests keep both in one JVM). */
    public ReplayBuffer(VecEnv env, Policy policy, int capacity, long randomSteps, long seed, UpdatePath path) {
        this.env = env;
        this.policy = policy;
        this.capacity = capacity;
        this.randomSteps = randomSteps;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        EnvSpec s = env.spec();
        this.od = s.obsDim();
        this.ad = TrajectoryBatch.actionValues(s);
        int n = env.numEnvs();
        boolean host = path == UpdatePath.HOST;
        obs = host ? new float[capacity * od] : null;
        next = host ? new float[capacity * od] : null;
        act = host ? new float[capacity * ad] : null;
        rew = host ? new float[capacity] : null;
        term = host ? new boolean[capacity] : null;
        device = host ? null : new DeviceReplayStorage(capacity, od, ad);
        staged = host ? null : new float[n * device.width()];
        cur = new float[n][od];
        nxt = new float[n][od];
        a = new float[n][ad];
        r = new float[n][s.numObjectives()];
        ends = new StepEnd[n];
    }

    public EnvSpec spec() { return env.spec(); }

    public int size() { return size; }

    public int numEnvs() { return env.numEnvs(); }

    /** Whether the transitions live in an ND4J array (the device path) rather than Java arrays. */
    public boolean onDevice() { return device != null; }

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
        int first = pos;
        for (int e = 0; e < n; e++) {
            float[] sNext = ends[e].done() ? env.finalObs(e) : nxt[e];
            if (device != null) {
                device.stage(staged, e, cur[e], a[e], r[e][0], sNext, ends[e] == StepEnd.TERMINATED);
            } else {
                System.arraycopy(cur[e], 0, obs, pos * od, od);
                System.arraycopy(a[e], 0, act, pos * ad, ad);
                rew[pos] = r[e][0];
                System.arraycopy(sNext, 0, next, pos * od, od);
                term[pos] = ends[e] == StepEnd.TERMINATED;
            }
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
        if (device != null) device.write(first, staged, n); // the step's one named write
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

    /** {@code n} uniform row indices (with replacement) from {@code pick}, in the order both paths draw them. */
    private int[] indices(int n, SplittableRandom pick) {
        if (size == 0) throw new IllegalStateException("replay buffer is empty");
        int[] k = new int[n];
        for (int i = 0; i < n; i++) k[i] = pick.nextInt(size);
        return k;
    }

    /**
     * A uniform sample (with replacement) of {@code n} stored transitions as arrays: gathered on the device from the
     * device storage (one named write of the indices), or, from the host storage, gathered in Java and written
     * ({@link DeviceBatch#of}). The same rows as {@link #sample} with the same stream.
     */
    public DeviceBatch sampleOnDevice(int n, SplittableRandom pick) {
        if (device == null) return DeviceBatch.of(sample(n, pick));
        return device.gather(indices(n, pick));
    }

    /**
     * A uniform sample (with replacement) of {@code n} stored transitions, in Java: gathered in Java from the host
     * storage, or from the device storage gathered there and read back ({@link DeviceBatch#toHost}).
     */
    public Batch sample(int n, SplittableRandom pick) {
        if (device != null) return device.gather(indices(n, pick)).toHost();
        int[] idx = indices(n, pick);
        float[] o = new float[n * od];
        float[] ac = new float[n * ad];
        float[] rw = new float[n];
        float[] nx = new float[n * od];
        float[] tm = new float[n];
        for (int i = 0; i < n; i++) {
            int k = idx[i];
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
        if (device != null) {
            saveDeviceRows(out);
        } else {
            out.floats("obs", java.util.Arrays.copyOf(obs, size * od));
            out.floats("actions", java.util.Arrays.copyOf(act, size * ad));
            out.floats("rewards", java.util.Arrays.copyOf(rew, size));
            out.floats("next_obs", java.util.Arrays.copyOf(next, size * od));
            float[] t = new float[size];
            for (int i = 0; i < size; i++) t[i] = term[i] ? 1f : 0f;
            out.floats("terminated", t);
        }
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
        if (device != null) {
            restoreDeviceRows(in);
        } else {
            System.arraycopy(in.floats("obs"), 0, obs, 0, size * od);
            System.arraycopy(in.floats("actions"), 0, act, 0, size * ad);
            System.arraycopy(in.floats("rewards"), 0, rew, 0, size);
            System.arraycopy(in.floats("next_obs"), 0, next, 0, size * od);
            float[] t = in.floats("terminated");
            for (int i = 0; i < size; i++) term[i] = t[i] != 0f;
        }
        in.floatRows("current", cur);
        envState().restoreState(in.under("env"));
    }

    /** The device storage's rows under the host path's keys and layout (one named read of the stored rows). */
    private void saveDeviceRows(StateWriter out) {
        float[] rows = device.read(size);
        int w = device.width();
        float[] o = new float[size * od];
        float[] ac = new float[size * ad];
        float[] rw = new float[size];
        float[] nx = new float[size * od];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows, i * w, o, i * od, od);
            System.arraycopy(rows, i * w + od, ac, i * ad, ad);
            rw[i] = rows[i * w + od + ad];
            System.arraycopy(rows, i * w + od + ad + 1, nx, i * od, od);
            t[i] = rows[i * w + w - 1] != 0f ? 1f : 0f;
        }
        out.floats("obs", o);
        out.floats("actions", ac);
        out.floats("rewards", rw);
        out.floats("next_obs", nx);
        out.floats("terminated", t);
    }

    /** The host path's keys and layout into the device storage's rows (one named write). */
    private void restoreDeviceRows(StateReader in) {
        float[] o = in.floats("obs");
        float[] ac = in.floats("actions");
        float[] rw = in.floats("rewards");
        float[] nx = in.floats("next_obs");
        float[] t = in.floats("terminated");
        float[] rows = new float[size * device.width()];
        for (int i = 0; i < size; i++) {
            device.stage(rows, i, java.util.Arrays.copyOfRange(o, i * od, (i + 1) * od),
                    java.util.Arrays.copyOfRange(ac, i * ad, (i + 1) * ad), rw[i],
                    java.util.Arrays.copyOfRange(nx, i * od, (i + 1) * od), t[i] != 0f);
        }
        device.load(rows, size);
    }

    private Stateful envState() {
        if (env instanceof Stateful s) return s;
        throw new UnsupportedOperationException("replay: the vector env cannot save its state");
    }
}
