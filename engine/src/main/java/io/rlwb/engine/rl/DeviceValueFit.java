package io.rlwb.engine.rl;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The device form of {@link MlpCritic#fitValues} (ADR 0031): the (clipped) value loss
 * ({@link LossHeadOps#valueLoss}) and its gradient run as ND4J ops on the network's output, and the gradient is
 * backpropagated as an array. The one host read is named: the loss value, for logging.
 */
final class DeviceValueFit {
    private DeviceValueFit() {}

    /** As {@link MlpCritic#fitValues}: accumulates {@code coef} times the loss's gradient; returns the loss. */
    static double fit(Mlp mlp, INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef) {
        long b = obs.rows();
        Tape tape = Tape.training();
        Tensor v = tape.leaf(mlp.forward(obs));
        Tensor loss = LossHeadOps.valueLoss(v, returns, clip > 0 ? oldValues : null, clip);
        if (coef != 0) {
            tape.backward(loss, loss.value().ulike().assign(coef));
            mlp.backward(v.grad().reshape(b, 1), false);
        }
        return HostArrays.scalar(loss.value()); // the named host read: the value loss, for logging
    }
}
