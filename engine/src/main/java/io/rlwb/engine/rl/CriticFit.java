package io.rlwb.engine.rl;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fit loop every network critic shares: one forward pass that keeps its activations, the critic's own loss
 * over the outputs (computed on the host, a few operations per sample), and one backward pass of the loss's
 * gradient when its weight is not zero. A critic supplies only its loss ({@link OutputLoss}); the scalar, vector
 * and distributional critics of the core and the plugins all fit through here.
 *
 * <p>{@link #fitOnDevice} is the device path's form of the same loop (ADR 0031, ADR 0036): the loss is a tape
 * operation over the outputs ({@link DeviceLoss}), its gradient goes back to the network as an array, and the one
 * host read is the loss value, for logging.
 */
public final class CriticFit {
    private CriticFit() {}

    /** A critic's loss over one batch of network outputs. */
    @FunctionalInterface
    public interface OutputLoss {
        /**
         * @param out the network's outputs, row-major [B * outputs]
         * @param dOut receives {@code coef * d loss / d out}, same layout
         * @return the loss (before {@code coef})
         */
        double apply(double[] out, double[] dOut);
    }

    /** The device form of a critic's loss: a rank-0 tensor over the network's outputs ({@code [B, outputs]}). */
    @FunctionalInterface
    public interface DeviceLoss {
        Tensor apply(Tensor out);
    }

    /**
     * Fits {@code mlp} one step's worth: accumulates {@code coef} times the gradient of {@code loss} into its
     * parameters.
     *
     * @param coef the loss's weight in the total objective; 0 computes the loss without any gradient
     * @return the loss value (before {@code coef})
     */
    public static double fit(Mlp mlp, INDArray obs, double coef, OutputLoss loss) {
        int b = (int) obs.rows();
        double[] out = HostArrays.toDoubles(mlp.forward(obs));
        double[] dOut = new double[out.length];
        double l = loss.apply(out, dOut);
        if (coef != 0) {
            mlp.backward(Nd4j.create(dOut, new long[] {b, mlp.outputSize()}, mlp.dataType()), false);
        }
        return l;
    }

    /**
     * As {@link #fit}, with the loss and its gradient as ND4J ops: nothing per sample is copied to Java. The one
     * host read is named: the loss value (before {@code coef}), for logging and the divergence check.
     */
    public static double fitOnDevice(Mlp mlp, INDArray obs, double coef, DeviceLoss loss) {
        Tape tape = Tape.training();
        Tensor out = tape.leaf(mlp.forward(obs));
        Tensor l = loss.apply(out);
        if (coef != 0) {
            tape.backward(l, l.value().ulike().assign(coef));
            mlp.backward(out.grad().reshape(obs.rows(), mlp.outputSize()), false);
        }
        return HostArrays.scalar(l.value()); // the named host read: the loss, for logging
    }
}
