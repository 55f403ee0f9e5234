package io.rlwb.engine.rl;

import io.rlwb.engine.nn.Mlp;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The device form of {@link MlpCritic#fitValues} (ADR 0031): the (clipped) value loss
 * ({@link LossHeadOps#valueLoss}) and its gradient run as ND4J ops on the network's output, and the gradient is
 * backpropagated as an array ({@link CriticFit#fitOnDevice}). The one host read is named: the loss value, for
 * logging.
 */
final class DeviceValueFit {
    private DeviceValueFit() {}

    /** As {@link MlpCritic#fitValues}: accumulates {@code coef} times the loss's gradient; returns the loss. */
    static double fit(Mlp mlp, INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef) {
        INDArray old = clip > 0 ? oldValues : null;
        return CriticFit.fitOnDevice(mlp, obs, coef, v -> LossHeadOps.valueLoss(v, returns, old, clip));
    }
}
