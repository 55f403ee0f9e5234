package io.rlwb.engine.rl;

import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.function.LongSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device form of {@link CategoricalMlpPolicy#evaluate} (ADR 0031): log-probabilities and entropies come from
 * the fused {@link LossHeadOps#categorical} over the network's logits on a one-operation tape, and
 * {@link #backward} turns their gradients into the logits' gradient with ND4J ops and backpropagates it through the
 * network. Nothing is read to Java. Not thread-safe.
 */
final class DeviceCategoricalEvaluation implements Policy.Evaluation {
    private final Mlp mlp;
    private final Tape tape = Tape.training();
    private final Tensor logits;
    private final Tensor out;
    private final INDArray logProb;
    private final INDArray entropy;
    private final long id;
    private final LongSupplier current;
    private boolean used;

    /**
     * @param id this evaluation's number; {@code current} the policy's latest, so a stale backward (the network's
     *     cached activations belong to a later evaluate) is refused
     */
    DeviceCategoricalEvaluation(Mlp mlp, INDArray obs, INDArray actions, long id, LongSupplier current) {
        this.mlp = mlp;
        this.id = id;
        this.current = current;
        this.logits = tape.leaf(mlp.forward(obs));
        this.out = LossHeadOps.categorical(logits, actions);
        long b = obs.rows();
        this.logProb = out.value().getColumn(0).dup().reshape(b);
        this.entropy = out.value().getColumn(1).dup().reshape(b);
    }

    @Override
    public INDArray logProb() {
        return logProb;
    }

    @Override
    public INDArray entropy() {
        return entropy;
    }

    /** {@inheritDoc} A null {@code dEntropy} (or {@code dLogProb}) counts as zeros. */
    @Override
    public void backward(INDArray dLogProb, INDArray dEntropy) {
        if (used) {
            throw new IllegalStateException("this evaluation was already differentiated");
        }
        if (id != current.getAsLong()) {
            throw new IllegalStateException("backward of an evaluation made stale by a later evaluate");
        }
        used = true;
        long b = logProb.length();
        INDArray dl = dLogProb == null ? logProb.ulike().assign(0) : dLogProb;
        INDArray dh = dEntropy == null ? entropy.ulike().assign(0) : dEntropy;
        if (dl.length() != b || dh.length() != b) {
            throw new IllegalArgumentException("gradients must have " + b + " values, got " + dl.length() + " and "
                    + dh.length());
        }
        INDArray seed = Nd4j.hstack(dl.reshape(b, 1).castTo(logProb.dataType()),
                dh.reshape(b, 1).castTo(logProb.dataType()));
        tape.backward(out, seed);
        mlp.backward(logits.grad(), false);
    }
}
