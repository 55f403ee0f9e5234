package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A state-value critic: an {@link Mlp} from observations to one value (orthogonal init, output gain 1.0 as
 * CleanRL), trained on PPO's squared-error value loss, optionally clipped.
 *
 * <p>The loss and its gradient with respect to the values are computed in plain Java over one bulk copy of
 * the {@code [B, 1]} output: a few scalar operations per sample, where ND4J would need a dozen ops, and
 * PPO's {@code max} of two losses needs no SameDiff (whose max/min gradients are wrong at ties).
 *
 * <p>Not thread-safe.
 */
public final class MlpCritic implements Critic {
    private final EnvSpec spec;
    private final Mlp mlp;
    /** Where {@link #fitValues}'s loss runs: in Java (host) or as ND4J ops ({@link DeviceValueFit}, ADR 0031). */
    private final UpdatePath path;

    /**
     * @param spec environment shape (only the observation size is used)
     * @param hidden hidden layer widths, e.g. {@code {64, 64}}
     * @param act hidden activation (CleanRL: tanh)
     * @param seed seeds the initial weights
     * @param dtype network data type
     */
    public MlpCritic(EnvSpec spec, int[] hidden, Activation act, long seed, DataType dtype) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.mlp = new Mlp(spec.obsDim(), hidden, 1, act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed, dtype);
        this.path = UpdatePath.forBackend();
    }

    /**
     * A critic over a given network (one output) whose {@link #fitValues} runs on {@code path}: tests use it to run
     * the device path's loss on the CPU backend over instrumented parameters.
     */
    public MlpCritic(EnvSpec spec, Mlp network, UpdatePath path) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (network.outputSize() != 1 || network.inputSize() != spec.obsDim()) {
            throw new IllegalArgumentException("a state-value critic for " + spec.describe() + " needs a network from "
                    + spec.obsDim() + " inputs to one output");
        }
        this.mlp = network;
        this.path = Objects.requireNonNull(path, "path");
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
    public INDArray values(INDArray obs) {
        INDArray v = mlp.predict(obs); // fresh [B, 1]: the reshaped view is the caller's to keep
        return v.reshape(v.rows());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Unclipped: {@code 0.5 * mean((v - R)^2)}. Clipped ({@code clip > 0}), as CleanRL's ppo.py:
     * {@code 0.5 * mean(max((v - R)^2, (oldV + clamp(v - oldV, -clip, clip) - R)^2))}; the gradient follows the
     * larger branch, and the clipped branch passes gradient only while the clamp is inactive.
     */
    @Override
    public double fitValues(INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef) {
        if (!(clip >= 0)) {
            throw new IllegalArgumentException("clip must be >= 0, got " + clip);
        }
        if (path == UpdatePath.DEVICE) {
            return DeviceValueFit.fit(mlp, obs, returns, oldValues, clip, coef);
        }
        int b = (int) obs.rows();
        double[] r = HostArrays.toDoubles(returns);
        if (r.length != b) {
            throw new IllegalArgumentException("returns must have " + b + " values, got " + Arrays.toString(returns.shape()));
        }
        double[] old = null;
        if (clip > 0) {
            Objects.requireNonNull(oldValues, "oldValues (needed when clip > 0)");
            old = HostArrays.toDoubles(oldValues);
            if (old.length != b) {
                throw new IllegalArgumentException("oldValues must have " + b + " values, got "
                        + Arrays.toString(oldValues.shape()));
            }
        }
        double[] oldV = old;
        // d(0.5 * mean(L_i))/dv_i = 0.5 / B * dL_i/dv_i, and coef scales the whole loss.
        double scale = 0.5 / b;
        return CriticFit.fit(mlp, obs, coef, (v, dv) -> {
            double sum = 0;
            for (int i = 0; i < b; i++) {
                double err = v[i] - r[i];
                double unclipped = err * err;
                if (oldV == null) {
                    sum += unclipped;
                    dv[i] = coef * scale * 2 * err;
                    continue;
                }
                double delta = v[i] - oldV[i];
                double clamped = Math.max(-clip, Math.min(clip, delta));
                double errC = oldV[i] + clamped - r[i];
                double clipped = errC * errC;
                if (unclipped >= clipped) {
                    // Ties (the clamp inactive, both branches equal) get the unclipped branch's gradient, which is
                    // what PyTorch's even split between two identical gradients adds up to.
                    sum += unclipped;
                    dv[i] = coef * scale * 2 * err;
                } else {
                    sum += clipped;
                    // torch.clamp passes gradient on the closed interval [-clip, clip] and none outside it.
                    boolean inside = delta >= -clip && delta <= clip;
                    dv[i] = inside ? coef * scale * 2 * errC : 0.0;
                }
            }
            return scale * sum;
        });
    }
}
