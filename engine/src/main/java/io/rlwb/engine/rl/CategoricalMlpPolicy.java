package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A categorical policy over {@code n} discrete actions: an {@link Mlp} maps observations to {@code n} logits
 * (orthogonal init, output gain 0.01 as CleanRL, so the initial distribution is near uniform).
 *
 * <p>Everything after the logits (softmax, sampling, log-probabilities, entropy and their gradients) is done
 * in plain Java over one bulk copy of the logits: with a handful of actions per row that is cheaper than the
 * half-dozen ND4J ops it would take, and it makes the log-softmax numerically stable by construction.
 *
 * <p>Not thread-safe.
 */
public final class CategoricalMlpPolicy implements Policy, Replicable<Policy> {
    private final EnvSpec spec;
    private final Mlp mlp;
    private final int obsDim;
    private final int n;
    private final int[] hidden;
    private final Activation activation;
    /** Input buffers for {@link #act}, by batch size (rollouts use one or two sizes). */
    private final Map<Integer, INDArray> actInputs = new HashMap<>();
    private float[] actFlat = new float[0];
    /** Logits of {@link #act}'s host path ({@link Mlp#predictHost}), and as doubles. */
    private float[] actLogits = new float[0];
    private double[] actLogitsD = new double[0];
    /** Counts {@link #evaluate} calls, so a stale {@link Evaluation#backward} is refused instead of wrong. */
    private long evaluations;
    /** Where {@link #evaluate}'s head runs: in Java (host) or as ND4J ops (device, ADR 0031). */
    private final UpdatePath path;

    /**
     * @param spec environment shape; its action space must be discrete
     * @param hidden hidden layer widths, e.g. {@code {64, 64}}
     * @param act hidden activation (CleanRL: tanh)
     * @param seed seeds the initial weights
     * @param dtype network data type
     */
    public CategoricalMlpPolicy(EnvSpec spec, int[] hidden, Activation act, long seed, DataType dtype) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (!spec.actions().discrete()) {
            throw new IllegalArgumentException("a categorical policy needs a discrete action space; "
                    + spec.describe() + " has " + spec.actions());
        }
        this.obsDim = spec.obsDim();
        this.n = spec.actions().n();
        if (n < 1) {
            throw new IllegalArgumentException("a categorical policy needs at least one action, got " + spec.actions());
        }
        this.mlp = new Mlp(obsDim, hidden, n, act, Init.HIDDEN_GAIN, Init.POLICY_OUTPUT_GAIN, seed, dtype);
        this.hidden = hidden.clone();
        this.activation = act;
        this.path = UpdatePath.forBackend();
    }

    /**
     * A policy over a given network (its output size must be the number of actions) whose {@link #evaluate} runs
     * on {@code path}: tests use it to run the device path's head on the CPU backend over instrumented parameters.
     */
    public CategoricalMlpPolicy(EnvSpec spec, Mlp network, UpdatePath path) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (!spec.actions().discrete() || network.outputSize() != spec.actions().n()
                || network.inputSize() != spec.obsDim()) {
            throw new IllegalArgumentException("a categorical policy for " + spec.describe() + " needs a network from "
                    + spec.obsDim() + " inputs to " + spec.actions() + " logits");
        }
        this.obsDim = spec.obsDim();
        this.n = spec.actions().n();
        this.mlp = network;
        List<Parameter> ps = network.parameters();
        this.hidden = new int[ps.size() / 2 - 1];
        for (int i = 0; i < hidden.length; i++) hidden[i] = (int) ps.get(2 * i).value().columns();
        this.activation = network.activation();
        this.path = Objects.requireNonNull(path, "path");
    }

    /** {@inheritDoc} Same spec, hidden sizes, activation and data type. */
    @Override
    public Policy replicate(long seed) {
        return new CategoricalMlpPolicy(spec, hidden, activation, seed, mlp.dataType());
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public List<Parameter> parameters() {
        return mlp.parameters();
    }

    /** The network, for tests and for checkpoint code that wants its layout. */
    public Mlp network() {
        return mlp;
    }

    @Override
    public void act(float[][] obs, boolean greedy, SplittableRandom rng, float[][] actionsOut, float[] logpOut) {
        int b = obs.length;
        if (b == 0) {
            return;
        }
        if (actionsOut.length < b || (logpOut != null && logpOut.length < b)) {
            throw new IllegalArgumentException("output arrays shorter than the batch of " + b);
        }
        if (!greedy) {
            Objects.requireNonNull(rng, "rng (needed to sample)");
        }
        // One bulk copy into a per-batch-size buffer: cheaper than Nd4j.create(float[][]), which allocates.
        int len = b * obsDim;
        if (actFlat.length != len) {
            actFlat = new float[len]; // sized exactly: setData copies the whole Java array
        }
        for (int i = 0; i < b; i++) {
            if (obs[i].length != obsDim) {
                throw new IllegalArgumentException("observation " + i + " has " + obs[i].length + " values, expected "
                        + obsDim);
            }
            System.arraycopy(obs[i], 0, actFlat, i * obsDim, obsDim);
        }
        double[] logits;
        if (mlp.hostForward(b)) {
            // CPU backend: the forward pass in Java (Mlp.predictHost), cheaper than five ND4J ops at these sizes.
            if (actLogits.length != b * n) {
                actLogits = new float[b * n];
                actLogitsD = new double[b * n];
            }
            mlp.predictHost(actFlat, b, actLogits);
            logits = actLogitsD;
            for (int i = 0; i < logits.length; i++) logits[i] = actLogits[i];
        } else {
            INDArray x = actInputs.computeIfAbsent(b, k -> Nd4j.create(mlp.dataType(), k, obsDim));
            x.data().setData(actFlat); // converts to the network's data type
            logits = HostArrays.toDoubles(mlp.predict(x));
        }

        for (int i = 0; i < b; i++) {
            int off = i * n;
            double max = rowMax(logits, off);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[off + j] - max);
            }
            int a;
            if (greedy) {
                a = 0;
                for (int j = 1; j < n; j++) {
                    if (logits[off + j] > logits[off + a]) {
                        a = j; // first maximum wins ties, as torch.argmax
                    }
                }
            } else {
                // Inverse-CDF sampling of softmax probabilities, unnormalised to avoid n divisions.
                double u = rng.nextDouble() * sum;
                double cum = 0;
                a = n - 1; // rounding can leave u just above the last partial sum
                for (int j = 0; j < n; j++) {
                    cum += Math.exp(logits[off + j] - max);
                    if (u < cum) {
                        a = j;
                        break;
                    }
                }
            }
            actionsOut[i][0] = a;
            if (logpOut != null) {
                logpOut[i] = (float) (logits[off + a] - max - Math.log(sum));
            }
        }
    }

    @Override
    public Evaluation evaluate(INDArray obs, INDArray actions) {
        int b = (int) obs.rows();
        if (actions.length() != b) {
            throw new IllegalArgumentException("actions must be [" + b + ", 1], got " + Arrays.toString(actions.shape()));
        }
        if (path == UpdatePath.DEVICE) {
            long id = ++evaluations;
            return new DeviceCategoricalEvaluation(mlp, obs, actions, id, () -> evaluations);
        }
        double[] logits = HostArrays.toDoubles(mlp.forward(obs));
        double[] acts = HostArrays.toDoubles(actions);
        int[] a = new int[b];
        double[] logp = new double[b * n];
        double[] entropy = new double[b];
        double[] chosen = new double[b];
        for (int i = 0; i < b; i++) {
            double av = acts[i];
            a[i] = (int) av;
            if (a[i] != av || a[i] < 0 || a[i] >= n) {
                throw new IllegalArgumentException("action " + av + " at row " + i + " is not an index in [0, " + n + ")");
            }
            int off = i * n;
            // Stable log-softmax: log p_j = z_j - max - log(sum_k exp(z_k - max)).
            double max = rowMax(logits, off);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[off + j] - max);
            }
            double lse = max + Math.log(sum);
            double h = 0;
            for (int j = 0; j < n; j++) {
                double lp = logits[off + j] - lse;
                logp[off + j] = lp;
                h -= Math.exp(lp) * lp;
            }
            entropy[i] = h;
            chosen[i] = logp[off + a[i]];
        }
        DataType dt = mlp.dataType();
        INDArray logProbOut = Nd4j.create(chosen, new long[] {b}, dt);
        INDArray entropyOut = Nd4j.create(entropy, new long[] {b}, dt);
        long id = ++evaluations;

        return new Evaluation() {
            private boolean used;

            @Override
            public INDArray logProb() {
                return logProbOut;
            }

            @Override
            public INDArray entropy() {
                return entropyOut;
            }

            /** {@inheritDoc} A null {@code dEntropy} (or {@code dLogProb}) counts as zeros. */
            @Override
            public void backward(INDArray dLogProb, INDArray dEntropy) {
                if (used) {
                    throw new IllegalStateException("this evaluation was already differentiated");
                }
                if (id != evaluations) {
                    // The network's cached activations now belong to a later evaluate.
                    throw new IllegalStateException("backward of an evaluation made stale by a later evaluate");
                }
                used = true;
                double[] dlp = dLogProb == null ? new double[b] : HostArrays.toDoubles(dLogProb);
                double[] dh = dEntropy == null ? new double[b] : HostArrays.toDoubles(dEntropy);
                if (dlp.length != b || dh.length != b) {
                    throw new IllegalArgumentException("gradients must have " + b + " values, got " + dlp.length
                            + " and " + dh.length);
                }
                // d logp_a / dz_j = [j == a] - p_j ;  dH/dz_j = -p_j (log p_j + H).
                double[] dz = new double[b * n];
                for (int i = 0; i < b; i++) {
                    int off = i * n;
                    double gl = dlp[i];
                    double gh = dh[i];
                    double h = entropy[i];
                    for (int j = 0; j < n; j++) {
                        double lp = logp[off + j];
                        double p = Math.exp(lp);
                        dz[off + j] = -gl * p - gh * p * (lp + h);
                    }
                    dz[off + a[i]] += gl;
                }
                mlp.backward(Nd4j.create(dz, new long[] {b, n}, mlp.dataType()), false);
            }
        };
    }

    private double rowMax(double[] z, int off) {
        double max = z[off];
        for (int j = 1; j < n; j++) {
            max = Math.max(max, z[off + j]);
        }
        return max;
    }
}
