package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The device form of {@link SquashedGaussian#sample} and {@link SquashedGaussian#backward} (ADR 0031): the
 * reparameterised tanh-Gaussian sample and its log-density as one fused tape operation over the policy head's
 * outputs, computed and differentiated with ND4J ops, the same formulas as the host class.
 */
final class SquashedGaussianOps {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double HALF_RANGE = 0.5 * (SquashedGaussian.LOG_STD_MAX - SquashedGaussian.LOG_STD_MIN);

    private SquashedGaussianOps() {}

    /**
     * {@code [B, d + 1]}: the actions {@code scale tanh(mu + sigma eps) + bias} in columns {@code 0..d-1} and
     * {@code log pi} in column {@code d}, from head outputs {@code out} ({@code [B, 2d]}: means, then raw log-stds)
     * and noise {@code eps} ({@code [B, d]}); computed in double precision (the output is DOUBLE).
     */
    static Tensor sample(Tensor out, INDArray eps, double scale, double bias) {
        long b = out.size(0);
        long d = out.size(1) / 2;
        if (out.rank() != 2 || out.size(1) != 2 * d || eps.rank() != 2 || eps.size(0) != b || eps.size(1) != d) {
            throw new IllegalArgumentException("squashed sample: head outputs [B, 2d] and noise [B, d], got "
                    + Arrays.toString(out.shape()) + " and " + Arrays.toString(eps.shape()));
        }
        // In double precision, as the host class: near the squash's saturation 1 - a^2 loses most of a float's digits.
        INDArray o = out.value().castTo(DataType.DOUBLE);
        INDArray e = eps.castTo(DataType.DOUBLE);
        INDArray mu = o.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
        INDArray t = Transforms.tanh(o.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)), true);
        INDArray logStd = t.add(1).muli(HALF_RANGE).addi(SquashedGaussian.LOG_STD_MIN);
        INDArray sigma = Transforms.exp(logStd, true);
        INDArray a = Transforms.tanh(sigma.mul(e).addi(mu), false);
        INDArray oneMinus = a.mul(a).rsubi(1);
        INDArray jac = oneMinus.mul(scale).addi(1e-6);
        INDArray perDim = e.mul(e).muli(-0.5).subi(logStd).subi(HALF_LOG_2PI).subi(Transforms.log(jac, true));
        INDArray logp = perDim.sum(true, 1);
        INDArray y = Nd4j.hstack(a.mul(scale).addi(bias), logp);
        return out.tape().record("squashedSample", y, g -> {
            INDArray gd = g.castTo(DataType.DOUBLE);
            INDArray gA = gd.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
            INDArray gL = gd.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1)).dup(); // [B, 1]
            // d log pi / d u = 2 a scale (1 - a^2) / (scale (1 - a^2) + 1e-6)
            INDArray dLogpDu = a.mul(oneMinus).muli(2 * scale).divi(jac);
            INDArray dU = gA.mul(oneMinus).muli(scale).addi(dLogpDu.mulColumnVector(gL));
            INDArray dLogStd = dU.mul(sigma).muli(e).subiColumnVector(gL); // -1 of -log sigma
            INDArray dRaw = dLogStd.muli(t.mul(t).rsubi(1)).muli(HALF_RANGE);
            return new INDArray[] {Nd4j.hstack(dU, dRaw).castTo(out.dataType())};
        }, out);
    }
}
