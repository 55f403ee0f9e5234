package io.rlwb.engine.rl.vector;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.rl.CriticFit;
import io.rlwb.engine.rl.LossHeadOps;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A vector critic: one {@link Mlp} trunk with {@code k} linear outputs, one per objective. Loss
 * {@code 0.5 * mean_i sum_j ((v_ij - R_ij) / s_j)^2}: each head's squared error is divided by a fixed scale
 * {@code s_j^2} (1 by default) so objectives of different magnitudes (a treasure of 124, a time cost of -1 per
 * step) get comparable gradients.
 *
 * <p>{@link #fitValues} computes the loss in Java over one copy of the outputs on the host path (the CPU default)
 * and as ND4J ops ({@link LossHeadOps#vectorValueLoss} through {@link CriticFit#fitOnDevice}) on the device path
 * ({@link UpdatePath#forBackend()} at construction; ADR 0036), where a fit's one host read is its loss value. Not
 * thread-safe.
 */
public final class MlpVectorCritic implements VectorCritic {
    private final EnvSpec spec;
    private final int[] hidden;
    private final Activation act;
    private final DataType dtype;
    private final double[] scale;
    private final Mlp mlp;
    private final int k;
    /** Where {@link #fitValues}'s loss runs: in Java (host) or as ND4J ops (device). */
    private final UpdatePath path;
    /** {@code 1 / s_j^2} as a {@code [k]} array for the device loss, written once. */
    private final INDArray weights;

    /**
     * @param scale per-objective scale s_j (length k), or null for all ones
     */
    public MlpVectorCritic(EnvSpec spec, int[] hidden, Activation act, double[] scale, long seed, DataType dtype) {
        this(spec, hidden, act, scale, seed, dtype, UpdatePath.forBackend());
    }

    /**
     * As the public constructor, with {@link #fitValues}'s path given: tests run the device path's loss on the
     * CPU backend, and compare the two paths.
     */
    public MlpVectorCritic(EnvSpec spec, int[] hidden, Activation act, double[] scale, long seed, DataType dtype,
            UpdatePath path) {
        this(spec, hidden, act, scale, dtype, path,
                new Mlp(spec.obsDim(), hidden, spec.numObjectives(), act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN,
                        seed, dtype));
    }

    /**
     * A critic over a given network ({@code k} outputs), for tests that build it over instrumented parameter
     * storage.
     */
    public MlpVectorCritic(EnvSpec spec, double[] scale, Mlp network, UpdatePath path) {
        this(spec, network.hiddenSizes(), network.activation(), scale, network.dataType(), path, network);
    }

    private MlpVectorCritic(EnvSpec spec, int[] hidden, Activation act, double[] scale, DataType dtype,
            UpdatePath path, Mlp network) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.k = spec.numObjectives();
        this.hidden = hidden.clone();
        this.act = act;
        this.dtype = dtype;
        this.scale = scale == null ? ones(k) : scale.clone();
        if (this.scale.length != k) {
            throw new IllegalArgumentException("scale has " + this.scale.length + " values, the environment has " + k
                    + " objectives " + spec.objectives());
        }
        for (double s : this.scale) {
            if (!(s > 0)) throw new IllegalArgumentException("every value scale must be > 0, got " + s);
        }
        if (network.outputSize() != k || network.inputSize() != spec.obsDim()) {
            throw new IllegalArgumentException("a vector critic for " + spec.describe() + " needs a network from "
                    + spec.obsDim() + " inputs to " + k + " outputs");
        }
        this.mlp = network;
        this.path = Objects.requireNonNull(path, "path");
        double[] w = new double[k];
        for (int j = 0; j < k; j++) w[j] = 1.0 / (this.scale[j] * this.scale[j]);
        this.weights = Nd4j.create(w, new long[] {k}, dtype);
    }

    private static double[] ones(int k) {
        double[] o = new double[k];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public List<Parameter> parameters() {
        return mlp.parameters();
    }

    /** The network, for tests. */
    public Mlp network() {
        return mlp;
    }

    @Override
    public float[] values(INDArray obs) {
        INDArray v = mlp.predict(obs);
        return v.reshape(v.length()).toFloatVector();
    }

    @Override
    public double fitValues(INDArray obs, float[] returns, double coef) {
        int b = (int) obs.rows();
        if (returns.length != b * k) {
            throw new IllegalArgumentException("returns must have " + b + " x " + k + " values, got " + returns.length);
        }
        if (path == UpdatePath.DEVICE) {
            // The returns come from Java (vector GAE on the host): written once, never read back.
            INDArray r = Nd4j.create(returns, new long[] {b, k}, 'c');
            return CriticFit.fitOnDevice(mlp, obs, coef, v -> LossHeadOps.vectorValueLoss(v, r, weights));
        }
        return CriticFit.fit(mlp, obs, coef, (v, dv) -> {
            double sum = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < k; j++) {
                    double s2 = scale[j] * scale[j];
                    double err = v[i * k + j] - returns[i * k + j];
                    sum += err * err / s2;
                    dv[i * k + j] = coef * err / s2 / b; // d(0.5/B * err^2/s2)/dv
                }
            }
            return 0.5 * sum / b;
        });
    }

    @Override
    public VectorCritic replicate(long seed) {
        return new MlpVectorCritic(spec, hidden, act, scale, seed, dtype, path);
    }
}
