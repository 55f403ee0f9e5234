package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quantile-regression value critic: an MLP from observations to N quantiles of the return at
 * tau_i = (2i + 1) / 2N; V(s) is their mean, and the loss is the {@link QuantileHuber} loss toward each return.
 * Not thread-safe.
 */
public final class QuantileCritic extends DistributionalValueCritic {
    private final int n;
    private final double kappa;

    public QuantileCritic(EnvSpec spec, int[] hidden, Activation act, int quantiles, double kappa, long seed,
            DataType dtype, ProbeRecorder probes) {
        super(spec, hidden, act, quantiles, seed, dtype, probes);
        if (!(kappa > 0)) throw new IllegalArgumentException("kappa must be positive, got " + kappa);
        this.n = quantiles;
        this.kappa = kappa;
    }

    @Override
    double valueOf(double[] out, int off) {
        double s = 0;
        for (int i = 0; i < n; i++) s += out[off + i];
        return s / n;
    }

    @Override
    double loss(double[] out, double[] targets, double coef, double[] dOut) {
        return QuantileHuber.loss(out, n, targets, 1, kappa, coef, dOut);
    }

    @Override
    Tensor lossOnDevice(Tensor out, INDArray returns) {
        return DistributionalLossOps.quantileHuber(out, returns, kappa);
    }

    @Override
    INDArray valuesOnDevice(INDArray out) {
        return out.mean(1);
    }

    @Override
    ValueDistributionSnapshot.Probe probe(String label, double[] obs, double[] out, int off) {
        return ValueDistributionSnapshot.Probe.quantile(label, obs, QuantileHuber.taus(n),
                Arrays.copyOfRange(out, off, off + n), null);
    }
}
