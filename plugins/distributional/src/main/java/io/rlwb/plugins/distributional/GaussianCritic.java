package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian state-value critic: an MLP from observations to a mean and a raw value whose softplus (plus
 * {@link TwinQCritic#SIGMA_FLOOR}) is the standard deviation, the same heads as DSAC-T's critics. V(s) is the mean;
 * the loss is the Gaussian negative log-likelihood of each return,
 * {@code 0.5 ((y - mu) / sigma)^2 + log sigma} (constant dropped), averaged over the batch. Not thread-safe.
 */
public final class GaussianCritic extends DistributionalValueCritic {
    public GaussianCritic(EnvSpec spec, int[] hidden, Activation act, long seed, DataType dtype, ProbeRecorder probes) {
        super(spec, hidden, act, 2, seed, dtype, probes);
    }

    @Override
    double valueOf(double[] out, int off) {
        return out[off];
    }

    @Override
    double loss(double[] out, double[] targets, double coef, double[] dOut) {
        return nll(out, targets, coef, dOut);
    }

    /** Mean Gaussian NLL over rows (mean, raw sigma) and its gradient times {@code coef} into dOut. */
    static double nll(double[] out, double[] y, double coef, double[] dOut) {
        int b = y.length;
        double total = 0;
        for (int i = 0; i < b; i++) {
            double mu = out[2 * i];
            double raw = out[2 * i + 1];
            double sigma = TwinQCritic.sigma(raw);
            double z = (y[i] - mu) / sigma;
            total += 0.5 * z * z + Math.log(sigma);
            if (dOut != null) {
                dOut[2 * i] = coef * (-z / sigma) / b;
                dOut[2 * i + 1] = coef * ((1 - z * z) / sigma) * TwinQCritic.dSigma(raw) / b;
            }
        }
        return total / b;
    }

    @Override
    Tensor lossOnDevice(Tensor out, INDArray returns) {
        return DistributionalLossOps.gaussianNll(out, returns);
    }

    @Override
    INDArray valuesOnDevice(INDArray out) {
        return out.getColumn(0).dup();
    }

    @Override
    ValueDistributionSnapshot.Probe probe(String label, double[] obs, double[] out, int off) {
        return ValueDistributionSnapshot.Probe.gaussian(label, obs, out[off], TwinQCritic.sigma(out[off + 1]), null);
    }
}
