package io.rlwb.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hidden-layer nonlinearities of {@link Mlp}. Each one can express its derivative from its own output
 * {@code y = f(z)}, so a layer only keeps its post-activation buffer for backpropagation and never the
 * pre-activation.
 */
public enum Activation {
    /** {@code tanh(z)}; {@code f'(z) = 1 - y^2}. CleanRL's default for classic-control PPO. */
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1.0 - y * y;
        }

        @Override
        void applyInPlace(INDArray z) {
            if (z.length() >= SIGMOID_FORM_MIN_LENGTH) {
                // tanh(z) = 2 sigmoid(2z) - 1. libnd4j's tanh kernel measured ~3x slower per element than its
                // sigmoid (200 vs 80 us for 512x64 floats, one thread), so above a few thousand elements the three
                // extra scalar ops pay for themselves. The results agree to float rounding (~1e-7 absolute).
                z.muli(2.0);
                Transforms.sigmoid(z, false);
                z.muli(2.0);
                z.subi(1.0);
            } else {
                Transforms.tanh(z, false);
            }
        }

        /** {@link HostTanh}: a rational function the JIT vectorises, within 4e-7 of tanh (ADR 0030). */
        @Override
        void applyHost(float[] z, int from, int to) {
            HostTanh.applyInPlace(z, from, to);
        }

        @Override
        void backpropHost(float[] dy, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                float s = dy[i] * y[i];
                s = s * y[i];
                dy[i] = dy[i] - s;
            }
        }

        @Override
        void backpropInPlace(INDArray dy, INDArray y, INDArray scratch) {
            // dz = dy - (dy * y) * y: three cheap elementwise ops. libnd4j's tanh_bp would be one op, but it
            // needs the pre-activation and recomputes tanh, which measured 3-5x slower at batch 128 than these.
            Nd4j.exec(new MulOp(dy, y, scratch));
            scratch.muli(y);
            dy.subi(scratch);
        }
    },

    /** {@code max(0, z)}; {@code f'(z) = 1} where {@code y > 0}, else 0 (PyTorch's choice at 0). */
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y > 0 ? 1.0 : 0.0;
        }

        @Override
        void applyInPlace(INDArray z) {
            Transforms.relu(z, false);
        }

        @Override
        void applyHost(float[] z, int from, int to) {
            for (int i = from; i < to; i++) z[i] = z[i] > 0 ? z[i] : 0f;
        }

        @Override
        void backpropHost(float[] dy, float[] y, int n) {
            for (int i = 0; i < n; i++) if (!(y[i] > 0)) dy[i] = 0f;
        }

        @Override
        void backpropInPlace(INDArray dy, INDArray y, INDArray scratch) {
            // y > 0 exactly where z > 0, so thresholded-relu backprop at 0 applied to the output is ReLU's
            // backprop: one op, no mask buffer.
            Nd4j.exec(new ThresholdReluBp(y, dy, dy, 0.0));
        }
    };

    /**
     * From this many elements on, {@link #TANH} is computed through the sigmoid (batch 128 of a 64-wide layer):
     * below it the per-op overhead of the extra ops outweighs the cheaper kernel.
     */
    static final long SIGMOID_FORM_MIN_LENGTH = 8192;

    /** The activation of one scalar (reference implementation, for tests and plain-Java paths). */
    public abstract double apply(double z);

    /** {@code f'(z)} written in terms of {@code y = f(z)}. */
    public abstract double derivativeFromOutput(double y);

    /**
     * {@code f} over {@code z[from .. to)} in place, for the CPU backend's host path of {@link Mlp} (acting, ADR 0029,
     * and the training forward pass, ADR 0030): agrees with the ND4J kernels to float rounding (ReLU exactly,
     * tanh within 4e-7), not bit for bit.
     */
    abstract void applyHost(float[] z, int from, int to);

    /**
     * {@link #applyInPlace} on the CPU backend's host path: one bulk copy out, {@link #applyHost}, one back, instead
     * of the ND4J ops (four for tanh's sigmoid form, each with 15-20 us of call overhead).
     *
     * @param z a plain FLOAT array
     * @param a at least {@code z.length()} floats
     */
    final void applyInPlaceHost(INDArray z, float[] a) {
        int n = Math.toIntExact(z.length());
        HostArrays.readFloats(z, a);
        applyHost(a, 0, n);
        HostArrays.writeFloats(z, a);
    }

    /**
     * {@link #backpropInPlace} on the CPU backend's host path, the same float operations in the same order as
     * the ND4J ops (so the same bits): three bulk copies instead of three ops. Measured (thread CPU time, backward
     * of a whole network): about 8% cheaper at 128 x 64 tanh, 20% at 256 x 256 ReLU.
     *
     * @param dy, y plain FLOAT arrays of one shape
     * @param a, b at least {@code dy.length()} floats each
     */
    final void backpropInPlaceHost(INDArray dy, INDArray y, float[] a, float[] b) {
        int n = Math.toIntExact(dy.length());
        HostArrays.readFloats(dy, a);
        HostArrays.readFloats(y, b);
        backpropHost(a, b, n);
        HostArrays.writeFloats(dy, a);
    }

    /** {@code dy[i] *= f'} from {@code y[i]}, for the first {@code n} elements, as {@link #backpropInPlace} does. */
    abstract void backpropHost(float[] dy, float[] y, int n);

    /** Replaces every element of {@code z} by {@code f(z)}. */
    abstract void applyInPlace(INDArray z);

    /**
     * Turns the gradient with respect to the output, {@code dy}, into the gradient with respect to the input,
     * in place: {@code dy *= f'(z)} computed from {@code y}. {@code scratch} has the shape of {@code dy} and
     * may be overwritten.
     */
    abstract void backpropInPlace(INDArray dy, INDArray y, INDArray scratch);
}
