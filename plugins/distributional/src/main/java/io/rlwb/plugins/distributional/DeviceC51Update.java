package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.autodiff.Broadcast;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The device form of {@link C51DqnTrainer#update}'s loss and gradient (ADR 0031's pattern, ADR 0035): the target
 * network's greedy next action, its distribution's projection ({@link DistributionalLossOps#c51Project}) and the
 * cross-entropy of the taken action's distribution to it ({@link DistributionalLossOps#crossEntropy}) run as ND4J
 * ops, and the logits' gradient is backpropagated as an array. The replay batch is gathered on the device from the
 * replay's device storage (ADR 0037); nothing per sample is read back.
 */
final class DeviceC51Update {
    private DeviceC51Update() {}

    private static INDArray oneHot(INDArray indices, int n, DataType dt) {
        return Nd4j.exec(new OneHot(indices.castTo(DataType.INT), n, -1, 1.0, 0.0, dt))[0];
    }

    /** {@code [B, atoms]}: row i is block {@code pick[i]} of {@code blocks} ({@code [B, A * atoms]}), by one-hot {@code pick}. */
    private static INDArray select(INDArray blocks, INDArray pick, int atoms) {
        INDArray out = null;
        for (int a = 0; a < pick.size(1); a++) {
            INDArray part = Broadcast.mul(blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(a * atoms, (a + 1) * atoms)), pick.getColumn(a).reshape(-1, 1));
            out = out == null ? part : out.addi(part);
        }
        return out;
    }

    /** {@code [B, A * atoms]} with {@code rows} in block {@code pick[i]} of row i and zeros elsewhere. */
    private static INDArray place(INDArray rows, INDArray pick) {
        INDArray[] blocks = new INDArray[(int) pick.size(1)];
        for (int a = 0; a < blocks.length; a++) blocks[a] = Broadcast.mul(rows, pick.getColumn(a).reshape(-1, 1));
        return Nd4j.hstack(blocks);
    }

    /**
     * Accumulates the C51 loss's gradient into the critic's online parameters.
     *
     * @return on the device, {@code [loss, mean Q of the taken actions]}
     */
    static INDArray step(C51Critic critic, ReplayBuffer.DeviceBatch b, double gamma) {
        int n = b.size();
        int na = critic.actions();
        C51 c51 = critic.c51();
        int atoms = c51.atoms();
        double[] z = c51.support();
        INDArray next = b.nextObs();
        INDArray obs = b.obs();
        critic.observe(obs);
        INDArray tl = critic.predictTargetOnDevice(next);
        DataType dt = tl.dataType();
        INDArray pNextAll = softmaxBlocks(tl, atoms);
        INDArray zCol = Nd4j.create(z, new long[] {atoms, 1}, DataType.DOUBLE).castTo(dt);
        INDArray qNext = pNextAll.reshape(n * na, atoms).mmul(zCol).reshape(n, na);
        INDArray greedy = oneHot(Nd4j.argMax(qNext, 1), na, dt); // first maximum at ties, as C51Critic.argmax
        INDArray m = DistributionalLossOps.c51Project(c51, select(pNextAll, greedy, atoms),
                b.rewards().reshape(n), b.terminated().reshape(n), gamma);
        INDArray taken = oneHot(b.actions().reshape(n), na, dt);
        Tape tape = Tape.training();
        Tensor logits = tape.leaf(critic.forwardOnDevice(obs));
        Tensor loss = DistributionalLossOps.crossEntropy(logits, place(m, taken), atoms);
        tape.backward(loss);
        critic.backwardOnDevice(logits.grad());
        INDArray q = select(softmaxBlocks(logits.value(), atoms), taken, atoms).mmul(zCol);
        return Nd4j.concat(0, loss.value().reshape(1), q.mean().reshape(1));
    }

    /** The softmax over each block of {@code atoms} columns of {@code logits} ({@code [B, A * atoms]}), same shape. */
    private static INDArray softmaxBlocks(INDArray logits, int atoms) {
        INDArray z = logits.dup('c');
        INDArray flat = z.reshape(z.length() / atoms, atoms);
        INDArray p = Nd4j.exec(new SoftMax(flat, flat.ulike()))[0];
        return p.reshape(logits.shape());
    }
}
