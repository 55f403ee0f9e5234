package io.rlwb.engine.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_} (which CleanRL's PPO calls): the L2
 * norm of all gradients together; every gradient is multiplied by {@code min(1, maxNorm / (norm + 1e-6))} (the
 * 1e-6 is PyTorch's guard against dividing by ~0; the clamp makes an unclipped step exact). Sums and scaling run
 * in double precision and the gradients are rounded once.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Clips on the backend's {@link UpdatePath}.
     *
     * @return the norm before clipping, read to the host for logging (NaN or infinite when a gradient is)
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, UpdatePath.forBackend());
    }

    /** As {@link #clipGradNorm(List, double)} on the given path. */
    public static double clipGradNorm(List<Parameter> params, double maxNorm, UpdatePath path) {
        if (path == UpdatePath.DEVICE) return HostArrays.scalar(clipOnDevice(params, maxNorm));
        checkMaxNorm(maxNorm);
        // Summed in Java over bulk copies: on the CPU backend one copy per segment costs less than the ND4J ops.
        List<Segment> segs = Segment.of(params);
        double sumSq = 0;
        double[] scratch = new double[0];
        for (Segment s : segs) {
            if (scratch.length < s.length()) scratch = new double[Math.toIntExact(s.length())];
            sumSq += HostArrays.sumOfSquares(s.grads(), scratch);
        }
        double norm = Math.sqrt(sumSq);
        double scale = Math.min(maxNorm / (norm + 1e-6), 1.0);
        if (scale < 1.0 || Double.isNaN(scale)) {
            for (Segment s : segs) {
                HostArrays.read(s.grads(), scratch);
                for (int i = 0, n = (int) s.length(); i < n; i++) scratch[i] *= scale;
                HostArrays.write(s.grads(), scratch);
            }
        }
        return norm;
    }

    /**
     * Clips with ND4J ops only: nothing is read to the host.
     *
     * @return the norm before clipping, a double scalar on the device
     */
    public static INDArray clipOnDevice(List<Parameter> params, double maxNorm) {
        checkMaxNorm(maxNorm);
        List<Segment> segs = Segment.of(params);
        INDArray[] gd = new INDArray[segs.size()];
        INDArray sumSq = Nd4j.scalar(DataType.DOUBLE, 0.0);
        for (int k = 0; k < gd.length; k++) {
            gd[k] = segs.get(k).grads().castTo(DataType.DOUBLE);
            sumSq.addi(Nd4j.getExecutioner().exec(new SquaredNorm(gd[k])));
        }
        INDArray norm = Transforms.sqrt(sumSq, true);
        INDArray coef = norm.add(1e-6).rdivi(maxNorm);
        Nd4j.exec(new ScalarMin(coef, null, coef, 1.0));
        for (int k = 0; k < gd.length; k++) {
            Nd4j.exec(new MulOp(gd[k], coef, gd[k]));
            segs.get(k).grads().assign(gd[k]);
        }
        return norm;
    }

    private static void checkMaxNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
    }
}
