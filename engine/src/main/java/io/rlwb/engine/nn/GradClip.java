package io.rlwb.engine.nn;

import java.util.List;

/** Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_} (which CleanRL's PPO calls). */
public final class GradClip {
    private GradClip() {}

    /**
     * Computes the L2 norm of all gradients together and, when it exceeds {@code maxNorm}, scales every
     * gradient by {@code maxNorm / (norm + 1e-6)} (the 1e-6 is PyTorch's guard against dividing by ~0).
     *
     * @return the norm before clipping (NaN or infinite when a gradient is; then nothing is scaled)
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        // Summed in Java over bulk copies: one JNI copy per parameter is cheaper than one ND4J reduction op.
        double sumSq = 0;
        double[] scratch = new double[0];
        for (Parameter p : params) {
            if (scratch.length < p.size()) scratch = new double[(int) p.size()];
            sumSq += HostArrays.sumOfSquares(p.grad(), scratch);
        }
        double norm = Math.sqrt(sumSq);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (Parameter p : params) {
                // Scaled on a host copy: a bulk read and write cost less than one ND4J op call per tensor.
                HostArrays.read(p.grad(), scratch);
                for (int i = 0, n = (int) p.size(); i < n; i++) scratch[i] *= scale;
                HostArrays.write(p.grad(), scratch);
            }
        }
        return norm;
    }
}
