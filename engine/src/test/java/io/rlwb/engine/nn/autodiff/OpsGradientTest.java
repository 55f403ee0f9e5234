package io.rlwb.engine.nn.autodiff;

import static io.rlwb.engine.nn.autodiff.GradCheck.check;
import static io.rlwb.engine.nn.autodiff.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Finite-difference tests of every primitive in {@link Ops}, in double precision. */
class OpsGradientTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    @Test
    void broadcastArithmetic() {
        check("add [2,3,4]+[4]", List.of(uniform(rng, 1, 2, 3, 4), uniform(rng, 1, 4)),
                in -> Ops.add(in.get(0), in.get(1)));
        check("add [2,1,4]+[2,3,1]", List.of(uniform(rng, 1, 2, 1, 4), uniform(rng, 1, 2, 3, 1)),
                in -> Ops.add(in.get(0), in.get(1)));
        check("sub [3]-[2,3]", List.of(uniform(rng, 1, 3), uniform(rng, 1, 2, 3)),
                in -> Ops.sub(in.get(0), in.get(1)));
        check("mul [2,3,4]*[3,1]", List.of(uniform(rng, 1, 2, 3, 4), uniform(rng, 1, 3, 1)),
                in -> Ops.mul(in.get(0), in.get(1)));
        check("mul same input twice", List.of(uniform(rng, 1, 3, 4)), in -> Ops.mul(in.get(0), in.get(0)));
        check("scale", List.of(uniform(rng, 1, 3, 4)), in -> Ops.scale(in.get(0), -2.5));
        check("mean", List.of(uniform(rng, 1, 3, 4)), in -> Ops.mean(in.get(0)));
    }

    @Test
    void batchedMatmulInEveryTransposition() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                INDArray a = ta ? uniform(rng, 1, 2, 3, 4, 5) : uniform(rng, 1, 2, 3, 5, 4);
                INDArray b = tb ? uniform(rng, 1, 2, 3, 6, 4) : uniform(rng, 1, 2, 3, 4, 6);
                check("bmm ta=" + ta + " tb=" + tb, List.of(a, b), in -> Ops.matmul(in.get(0), in.get(1), ta, tb));
            }
        }
        check("matmul rank 2", List.of(uniform(rng, 1, 3, 4), uniform(rng, 1, 4, 2)),
                in -> Ops.matmul(in.get(0), in.get(1)));
    }

    @Test
    void matmulWithSharedMatrix() {
        check("[2,3,4] x [4,5]", List.of(uniform(rng, 1, 2, 3, 4), uniform(rng, 1, 4, 5)),
                in -> Ops.matmul(in.get(0), in.get(1)));
        check("[2,3,4] x [5,4]^T", List.of(uniform(rng, 1, 2, 3, 4), uniform(rng, 1, 5, 4)),
                in -> Ops.matmul(in.get(0), in.get(1), false, true));
    }

    @Test
    void fusedLinear() {
        check("linear [2,3,4] x [4,5] + [5]", List.of(uniform(rng, 1, 2, 3, 4), uniform(rng, 1, 4, 5),
                uniform(rng, 1, 5)), in -> Ops.linear(in.get(0), in.get(1), in.get(2)));
    }

    @Test
    void reshapePermuteAndHeads() {
        check("reshape", List.of(uniform(rng, 1, 2, 6)), in -> Ops.reshape(in.get(0), 3, 4));
        check("permute", List.of(uniform(rng, 1, 2, 3, 4)), in -> Ops.permute(in.get(0), 2, 0, 1));
        check("splitHeads", List.of(uniform(rng, 1, 2, 3, 8)), in -> Ops.splitHeads(in.get(0), 2));
        check("mergeHeads", List.of(uniform(rng, 1, 2, 2, 3, 4)), in -> Ops.mergeHeads(in.get(0)));
        INDArray x = uniform(rng, 1, 2, 3, 8);
        Tape t = Tape.inference();
        assertThat(Ops.mergeHeads(Ops.splitHeads(t.constant(x), 4)).value()).isEqualTo(x);
        assertThat(Ops.splitHeads(t.constant(x), 4).value().getDouble(1, 2, 0, 1)).isEqualTo(x.getDouble(1, 0, 5));
    }

    @Test
    void embeddingScatterAddsRepeatedIds() {
        INDArray ids = Nd4j.createFromArray(new int[][] {{1, 3, 1}, {0, 1, 4}});
        check("embedding", List.of(uniform(rng, 1, 5, 3)), in -> Ops.embedding(in.get(0), ids));
        Tape t = Tape.training();
        Tensor table = t.leaf(uniform(rng, 1, 5, 3));
        t.backward(Ops.sum(Ops.embedding(table, ids)));
        assertThat(table.grad().getRow(1).toDoubleVector()).containsExactly(3, 3, 3);
        assertThat(table.grad().getRow(2).toDoubleVector()).containsExactly(0, 0, 0);
    }

    @Test
    void norms() {
        check("layerNorm", List.of(uniform(rng, 1, 2, 3, 5), uniform(rng, 1, 5), uniform(rng, 1, 5)),
                in -> Ops.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5));
        check("rmsNorm", List.of(uniform(rng, 1, 2, 3, 5), uniform(rng, 1, 5)),
                in -> Ops.rmsNorm(in.get(0), in.get(1), 1e-5));
    }

    @Test
    void activations() {
        INDArray x = uniform(rng, 3, 4, 5);
        check("gelu tanh", List.of(x), in -> Ops.gelu(in.get(0), false));
        check("gelu exact", List.of(x), in -> Ops.gelu(in.get(0), true));
        check("silu", List.of(x), in -> Ops.silu(in.get(0)));
        // values against the formulas at one point
        Tape t = Tape.inference();
        INDArray one = Nd4j.createFromArray(1.0);
        assertThat(Ops.gelu(t.constant(one), true).value().getDouble(0)).isCloseTo(0.8413447460685429,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Ops.gelu(t.constant(one), false).value().getDouble(0)).isCloseTo(0.8411919906082768,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void softmaxAndLogSoftmaxWithMasks() {
        INDArray mask = Masks.causal(4, 4, 0, DataType.DOUBLE);
        check("softmax masked, last axis", List.of(uniform(rng, 2, 2, 3, 4, 4)),
                in -> Ops.softmax(in.get(0), -1, mask));
        check("softmax axis 1", List.of(uniform(rng, 2, 2, 3, 4)), in -> Ops.softmax(in.get(0), 1, null));
        check("logSoftmax masked", List.of(uniform(rng, 2, 3, 4, 4)), in -> Ops.logSoftmax(in.get(0), -1, mask));
        check("logSoftmax axis 0", List.of(uniform(rng, 2, 3, 4)), in -> Ops.logSoftmax(in.get(0), 0, null));
        Tape t = Tape.inference();
        INDArray p = Ops.softmax(t.constant(uniform(rng, 2, 4, 4)), -1, mask).value();
        assertThat(p.getDouble(0, 1)).isZero();
        assertThat(p.getDouble(2, 3)).isZero();
        assertThat(p.sum(1).toDoubleVector()).containsExactly(new double[] {1, 1, 1, 1},
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void crossEntropyIgnoresTheIgnoreIndex() {
        INDArray targets = Nd4j.createFromArray(new int[][] {{2, -100, 0}, {4, 1, -100}});
        check("crossEntropy", List.of(uniform(rng, 2, 2, 3, 5)), in -> Ops.crossEntropy(in.get(0), targets, -100));
        INDArray inRange = Nd4j.createFromArray(new int[] {2, 0, 3, 0});
        check("crossEntropy ignore 0", List.of(uniform(rng, 2, 4, 5)), in -> Ops.crossEntropy(in.get(0), inRange, 0));
        // the value: mean over the kept positions of -log softmax[target]
        INDArray logits = uniform(rng, 2, 4, 5);
        double expected = 0;
        INDArray logp = Transforms.log(Transforms.softmax(logits, true), false);
        expected -= logp.getDouble(0, 2) + logp.getDouble(2, 3);
        Tape t = Tape.inference();
        assertThat(Ops.crossEntropy(t.constant(logits), inRange, 0).value().getDouble(0))
                .isCloseTo(expected / 2, org.assertj.core.data.Offset.offset(1e-12));
        INDArray none = Nd4j.createFromArray(new int[] {0, 0, 0, 0});
        assertThat(Ops.crossEntropy(t.constant(logits), none, 0).value().getDouble(0)).isZero();
    }

    @Test
    void rotaryEmbedding() {
        Rotary r = new Rotary(6, 10000, 2, DataType.DOUBLE);
        INDArray cos = r.cos(3, 4);
        INDArray sin = r.sin(3, 4);
        check("rope", List.of(uniform(rng, 1, 2, 2, 4, 6)), in -> Ops.rope(in.get(0), cos, sin));
        // a rotation: norms of each pair are kept, and position p rotates pair 0 by angle p
        assertThat(cos.getDouble(1, 0)).isCloseTo(Math.cos(4), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(sin.getDouble(2, 1)).isCloseTo(Math.sin(5 * Math.pow(10000, -2.0 / 6)),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void seededDropout() {
        INDArray x = uniform(rng, 1, 4, 6);
        check("dropout", List.of(x), in -> Ops.dropout(in.get(0), 0.3,
                Nd4j.getRandomFactory().getNewRandomInstance(5)));
        Tape t = Tape.inference();
        INDArray a = Ops.dropout(t.constant(x), 0.3, Nd4j.getRandomFactory().getNewRandomInstance(5)).value();
        INDArray b = Ops.dropout(t.constant(x), 0.3, Nd4j.getRandomFactory().getNewRandomInstance(5)).value();
        assertThat(a).isEqualTo(b);
        for (int i = 0; i < x.length(); i++) {
            double v = a.getDouble(i);
            assertThat(v == 0 || Math.abs(v - x.getDouble(i) / 0.7) < 1e-12).isTrue();
        }
    }

    @Test
    void causalMaskFromPositions() {
        INDArray m = Masks.causal(2, 4, 2, DataType.DOUBLE);
        assertThat(m.toDoubleMatrix()).isEqualTo(new double[][] {{0, 0, 0, Ops.MASKED}, {0, 0, 0, 0}});
        INDArray kept = Nd4j.createFromArray(0.0, 5.0, 6.0);
        assertThat(Masks.fromPositions(Nd4j.createFromArray(5.0), kept).toDoubleMatrix())
                .isEqualTo(new double[][] {{0, 0, Ops.MASKED}});
    }

    @Test
    void aBrokenDerivativeFailsTheCheck() {
        // tanh with the derivative 1 - y instead of 1 - y^2
        assertThatThrownBy(() -> check("broken tanh", List.of(uniform(rng, 1, 3, 4)), in -> {
            Tensor x = in.get(0);
            INDArray y = Transforms.tanh(x.value(), true);
            return x.tape().record("brokenTanh", y, g -> new INDArray[] {g.mul(y.rsub(1))}, x);
        })).isInstanceOf(AssertionError.class).hasMessageContaining("broken tanh");
        // and the right derivative passes
        check("tanh", List.of(uniform(rng, 1, 3, 4)), in -> {
            Tensor x = in.get(0);
            INDArray y = Transforms.tanh(x.value(), true);
            return x.tape().record("tanh", y, g -> new INDArray[] {g.mul(y.mul(y).rsubi(1))}, x);
        });
    }

    @Test
    void tapeRejectsWrongGradientShapesAndSecondBackward() {
        Tape t = Tape.training();
        Tensor x = t.leaf(uniform(rng, 1, 3, 4));
        Tensor y = t.record("bad", x.value().dup(), g -> new INDArray[] {g.reshape(4, 3)}, x);
        assertThatThrownBy(() -> t.backward(Ops.sum(y))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad").hasMessageContaining("[4, 3]");
        assertThatThrownBy(() -> t.backward(Ops.sum(y))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Tape.inference().backward(Tape.inference().constant(x.value())))
                .isInstanceOf(IllegalStateException.class);
    }
}
