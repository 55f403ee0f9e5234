package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An HL-Gauss categorical value critic: an MLP from observations to K bin logits; V(s) is the mean of the bin
 * centres under their softmax, and the loss is the cross-entropy to the {@link HlGauss} target of each return.
 * Not thread-safe.
 */
public final class HlGaussCritic extends DistributionalValueCritic {
    private final HlGauss hl;

    public HlGaussCritic(EnvSpec spec, int[] hidden, Activation act, HlGauss hl, long seed, DataType dtype,
            ProbeRecorder probes) {
        super(spec, hidden, act, hl.bins(), seed, dtype, probes);
        this.hl = hl;
    }

    public HlGauss hlGauss() {
        return hl;
    }

    @Override
    double valueOf(double[] out, int off) {
        return hl.value(out, off);
    }

    @Override
    double loss(double[] out, double[] targets, double coef, double[] dOut) {
        return hl.loss(out, targets, coef, dOut);
    }

    @Override
    Tensor lossOnDevice(Tensor out, INDArray returns) {
        return DistributionalLossOps.crossEntropy(out, DistributionalLossOps.hlGaussTarget(hl, returns, out.dataType()), hl.bins());
    }

    @Override
    INDArray valuesOnDevice(INDArray out) {
        return DistributionalLossOps.expectation(out, hl.centres());
    }

    @Override
    ValueDistributionSnapshot.Probe probe(String label, double[] obs, double[] out, int off) {
        double[] p = new double[hl.bins()];
        Categorical.softmax(out, off, hl.bins(), p, 0);
        return ValueDistributionSnapshot.Probe.categorical(label, obs, hl.edges(), p, null);
    }
}
