package io.rlwb.engine.rl;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device form of {@link PpoSurrogate#step} (ADR 0031): advantage normalisation, the clipped surrogate
 * ({@link LossHeadOps#ppoClip}), the entropy bonus's gradient and CleanRL's statistics run as ND4J ops on the
 * arrays the policy's {@link Policy.Evaluation} returns, and the gradients go back to it as arrays. The one host
 * read is named: the five statistics of the minibatch, in one copy, for logging and the target-KL stop.
 */
final class DevicePpoSurrogate {
    private DevicePpoSurrogate() {}

    /** Statistics, in the order of the one host read: policy loss, entropy, approx KL, old approx KL, clipfrac. */
    static PpoSurrogate.Stats step(Policy.Evaluation ev, INDArray oldLogProb, INDArray advantages, double clipCoef,
            double entCoef, boolean normalizeAdvantages) {
        INDArray logp = ev.logProb();
        long b = logp.length();
        DataType dt = logp.dataType();
        INDArray adv = advantages.reshape(b).castTo(dt);
        if (normalizeAdvantages) {
            // torch.std is Bessel-corrected; one row has no spread (the host path's std of 0 then).
            INDArray centred = adv.sub(adv.mean());
            INDArray std = b > 1 ? centred.norm2().divi(Math.sqrt(b - 1.0)) : Nd4j.scalar(dt, 0.0);
            adv = centred.divi(std.addi(1e-8));
        }
        Tape tape = Tape.training();
        Tensor x = tape.leaf(logp);
        Tensor pg = LossHeadOps.ppoClip(x, oldLogProb, adv, clipCoef);
        tape.backward(pg);
        INDArray dEnt = ev.entropy().ulike().assign(-entCoef / b);
        INDArray entropy = ev.entropy().mean().reshape(1);
        INDArray stats = Nd4j.concat(0, pg.value().reshape(1).castTo(dt), entropy,
                LossHeadOps.ppoStats(logp, oldLogProb, clipCoef));
        ev.backward(x.grad(), dEnt);
        double[] s = HostArrays.toDoubles(stats); // the named host read: logging and the target-KL decision
        return new PpoSurrogate.Stats(s[0], s[1], s[2], s[3], s[4]);
    }
}
