package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.autodiff.GradCheck;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Rotary;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference tests of whole transformer blocks and of the decoder model, in double precision. */
class TransformerBlockGradientTest {
    private static final DataType D = DataType.DOUBLE;

    @Test
    void preNormBlockWithLayerNormGeluAndLearnedPositions() {
        SplittableRandom rng = new SplittableRandom(3);
        // std 0.3 rather than 0.02 so every path (attention included) carries a gradient well above the floor
        TransformerBlock block = new TransformerBlock("b", 4, 2, 8, Norm.Kind.LAYER,
                FeedForward.Activation.GELU_TANH, null, 0.3, 0.3, 0, null, rng, D);
        checkBlock(block, rng);
    }

    @Test
    void blockWithRmsNormSiluAndRotaryPositions() {
        SplittableRandom rng = new SplittableRandom(4);
        TransformerBlock block = new TransformerBlock("b", 4, 2, 8, Norm.Kind.RMS, FeedForward.Activation.SILU,
                new Rotary(2, 10000, 8, D), 0.3, 0.3, 0, null, rng, D);
        checkBlock(block, rng);
    }

    @Test
    void blockWithDropoutAndExactGelu() {
        SplittableRandom rng = new SplittableRandom(5);
        long seed = 17;
        // the same seeded generator for every evaluation, so each forward pass draws the same masks
        DropoutBlock b = new DropoutBlock(rng, seed);
        GradCheck.checkParameters("dropout block", b.block.parameters(), tape -> {
            b.rng.setSeed(seed);
            return b.loss(tape);
        });
    }

    private static final class DropoutBlock {
        final org.nd4j.linalg.api.rng.Random rng;
        final TransformerBlock block;
        final INDArray x;
        final INDArray w;

        DropoutBlock(SplittableRandom r, long seed) {
            rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
            block = new TransformerBlock("b", 4, 2, 8, Norm.Kind.LAYER, FeedForward.Activation.GELU_EXACT, null,
                    0.3, 0.3, 0.25, rng, r, D);
            x = GradCheck.uniform(r, 1, 2, 3, 4);
            w = GradCheck.uniform(r, 1, 2, 3, 4);
        }

        Tensor loss(Tape tape) {
            // dropout runs on recording tapes only; the finite differences run on inference tapes, so compare
            // against a training tape whose gradients are discarded
            Tape t = tape.recording() ? tape : Tape.training();
            Tensor y = block.forward(t, t.constant(x), null, 0, 0);
            Tensor l = Ops.sum(Ops.mul(y, t.constant(w)));
            return tape.recording() ? l : tape.constant(l.value());
        }
    }

    private static void checkBlock(TransformerBlock block, SplittableRandom rng) {
        INDArray x = GradCheck.uniform(rng, 1, 2, 4, 4);
        INDArray w = GradCheck.uniform(rng, 1, 2, 4, 4);
        GradCheck.checkParameters("block", block.parameters(), tape ->
                Ops.sum(Ops.mul(block.forward(tape, tape.constant(x), null, 0, 0), tape.constant(w))));
        // and the gradient with respect to the block's input
        Tape tape = Tape.training();
        Tensor in = tape.leaf(x);
        tape.backward(Ops.sum(Ops.mul(block.forward(tape, in, null, 0, 0), tape.constant(w))));
        double[] numeric = GradCheck.numeric(x, () -> {
            Tape t = Tape.inference();
            return block.forward(t, t.constant(x), null, 0, 0).value().mul(w).sumNumber().doubleValue();
        });
        GradCheck.assertMatches("block input", in.grad(), numeric);
    }

    @Test
    void decoderModelLossWithTiedHead() {
        DecoderModel m = new DecoderModel(new DecoderModel.Config(5, 4, 2, 1, 8, 4,
                DecoderModel.Positions.LEARNED, true, Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, 0, 11, D));
        INDArray ids = Nd4j.createFromArray(new int[][] {{1, 2, 3, 1}, {0, 0, 4, 2}});
        INDArray targets = Nd4j.createFromArray(new int[][] {{2, 3, 1, -1}, {0, 4, 2, 3}});
        // scale the weights up so the loss is not flat around the 0.02 init
        for (var p : m.parameters()) if (!p.name().contains("norm")) p.value().muli(15);
        GradCheck.checkParameters("tied decoder", m.parameters(), tape -> m.loss(tape, ids, targets, -1));
    }
}
