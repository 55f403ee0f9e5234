package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deliverable 3 of issue 11: a whole training update (zeroing, forward, backward, clipping, Adam with an annealed
 * rate, Polyak averaging) on the device path touches parameter, gradient and optimiser memory only through ND4J
 * ops. The parameters are arrays over {@link HostAccessRecorder}'s buffers, which record every access from Java.
 */
class DeviceResidencyTest {
    private static final int IN = 3;
    private static final int OUT = 2;
    private static final int B = 5;

    private final HostAccessRecorder rec = new HostAccessRecorder();

    private final class Setup {
        final Mlp online = new Mlp(IN, new int[] {4, 4}, OUT, Activation.TANH, Math.sqrt(2), 1.0, 11, DataType.FLOAT,
                rec.storage(), UpdatePath.DEVICE); // what CUDA runs; the CPU backend's host path (ADR 0029) reads
        final Mlp target = new Mlp(IN, new int[] {4, 4}, OUT, Activation.TANH, Math.sqrt(2), 1.0, 11, DataType.FLOAT,
                rec.storage(), UpdatePath.DEVICE);
        /** A loose parameter (as SAC's log-temperature), not in any block. */
        final Parameter loose = new Parameter("log_alpha",
                rec.copyOf(Nd4j.create(new double[] {0.3, -0.2}, new long[] {1, 2}, DataType.DOUBLE)),
                rec.copyOf(Nd4j.zeros(DataType.DOUBLE, 1, 2)));
        final List<Parameter> all = new ArrayList<>(online.parameters());
        final INDArray x = Nd4j.rand(DataType.FLOAT, B, IN);
        final INDArray dOut = Nd4j.rand(DataType.FLOAT, B, OUT).subi(0.5);
        final INDArray looseGrad = Nd4j.create(new double[] {0.7, -0.1}, new long[] {1, 2}, DataType.DOUBLE);

        final DivergenceGuard guard;

        Setup() {
            all.add(loose);
            guard = DivergenceGuard.of(java.util.Map.of("net", all), UpdatePath.DEVICE);
        }

        void update(Adam adam, int i, UpdatePath clipPath) {
            Parameters.zeroGrad(all, UpdatePath.DEVICE);
            online.forward(x);
            online.backward(dOut, true);
            loose.grad().addi(looseGrad);
            guard.gradients(); // the divergence guard's device path: ND4J reductions, one scalar each
            if (clipPath == UpdatePath.DEVICE) {
                GradClip.clipOnDevice(all, 0.05);
            } else {
                GradClip.clipGradNorm(all, 0.05, clipPath);
            }
            adam.step(i / 10.0);
            guard.parameters();
            Parameters.polyak(target.parameters(), online.parameters(), 0.25, UpdatePath.DEVICE);
        }
    }

    @Test
    void aDeviceUpdateNeverTouchesParameterMemoryFromJava() {
        Setup s = new Setup();
        double[] before = HostArrays.toDoubles(s.online.block().values());
        Adam adam = new Adam(s.all, 0.01, 0.9, 0.999, 1e-5, true, UpdatePath.DEVICE);
        long transfers = HostArrays.transfers();
        rec.arm();
        for (int i = 0; i < 3; i++) s.update(adam, i, UpdatePath.DEVICE);
        rec.disarm();
        assertThat(rec.accesses()).isEmpty();
        // Nor through the explicit channel (which would copy a view with an ND4J op and read the copy).
        assertThat(HostArrays.transfers()).isEqualTo(transfers);
        // And it did update: the weights moved, and the target moved toward them.
        double[] after = HostArrays.toDoubles(s.online.block().values());
        assertThat(after).isNotEqualTo(before);
        assertThat(HostArrays.toDoubles(s.target.block().values())).isNotEqualTo(before);
        assertThat(HostArrays.toDoubles(s.loose.value())[0]).isNotEqualTo(0.3);
    }

    @Test
    void theHostPathIsCaught() {
        Setup s = new Setup();
        Adam adam = new Adam(s.all, 0.01, 0.9, 0.999, 1e-5, true, UpdatePath.HOST);
        long transfers = HostArrays.transfers();
        rec.arm();
        s.update(adam, 0, UpdatePath.DEVICE);
        rec.disarm();
        assertThat(HostArrays.transfers()).isGreaterThan(transfers);
        // What the earlier Adam did (bulk NIO copies of every parameter and gradient) is exactly what is flagged.
        assertThat(rec.accesses()).anyMatch(a -> a.startsWith("asNioFloat from io.rlwb.engine.nn.HostArrays"));
        assertThat(rec.accesses()).anyMatch(a -> a.startsWith("asNioDouble from io.rlwb.engine.nn.HostArrays"));
    }

    @Test
    void theRecorderSeesEveryHostMethodOfTheBuffer() {
        INDArray a = rec.array(DataType.FLOAT, 4);
        rec.arm();
        a.data().asNio();
        a.data().asFloat();
        a.data().getDouble(0);
        a.data().put(1, 2f);
        a.data().setData(new float[] {1, 2, 3, 4});
        a.data().assign(3);
        rec.disarm();
        assertThat(rec.accesses()).extracting(x -> x.substring(0, x.indexOf(' ')))
                .containsExactly("asNio", "asFloat", "getDouble", "put", "setData", "assign(Number)");
        // ND4J ops over the buffer are not host accesses.
        rec.arm();
        a.addi(1).muli(a).assign(0);
        Nd4j.gemm(a.reshape(2, 2), a.reshape(2, 2), a.reshape(2, 2).dup(), false, false, 1.0, 0.0);
        rec.disarm();
        assertThat(rec.accesses()).isEmpty();
    }

    @Test
    void hostClippingAndElementReadsThroughViewsAreCaughtToo() {
        Setup s = new Setup();
        Adam adam = new Adam(s.all, 0.01, 0.9, 0.999, 1e-5, true, UpdatePath.DEVICE);
        rec.arm();
        s.update(adam, 0, UpdatePath.HOST);
        rec.disarm();
        assertThat(rec.accesses()).anyMatch(a -> a.contains("io.rlwb.engine.nn.HostArrays"));

        rec.arm();
        s.online.parameters().get(2).value().getDouble(1, 1); // a view in the middle of the block
        s.online.parameters().get(3).grad().putScalar(0, 1.0);
        rec.disarm();
        assertThat(rec.accesses()).hasSize(2);
        assertThat(rec.accesses().get(0)).startsWith("getDouble");
        assertThat(rec.accesses().get(1)).startsWith("put");
    }
}
