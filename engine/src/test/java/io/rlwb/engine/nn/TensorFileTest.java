package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorFileTest {
    @TempDir
    Path dir;

    @Test
    void theNpyBytesOfASmallArrayAreExactlyWhatTheFormatSpecifies() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        byte[] b = TensorFile.npy(a);
        // Magic, version 1.0, header length 118 (0x76) little-endian: 10 + 118 = 128, a multiple of 64.
        assertThat(Arrays.copyOf(b, 10)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0);
        String header = new String(b, 10, 118, StandardCharsets.US_ASCII);
        assertThat(header).isEqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
                + " ".repeat(118 - 59 - 1) + "\n");
        assertThat(b).hasSize(128 + 24);
        // Then the elements row-major, little-endian: 1.0f is 00 00 80 3f.
        assertThat(Arrays.copyOfRange(b, 128, 132)).containsExactly(0, 0, 0x80, 0x3f);
        assertThat(Arrays.copyOfRange(b, 148, 152)).containsExactly(0, 0, 0xc0, 0x40); // 6.0f
    }

    @Test
    void headersWriteOneDimensionalAndScalarShapesAsPythonTuples() {
        assertThat(TensorFile.header("<f8", new long[] {5})).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
        assertThat(TensorFile.header("<i8", new long[0])).startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (), }");
        for (long[] s : List.of(new long[0], new long[] {7}, new long[] {1, 2, 3}, new long[] {123456789, 2})) {
            String h = TensorFile.header("<f4", s);
            assertThat((10 + h.length()) % 64).isZero();
            assertThat(h).endsWith(" \n").doesNotContain("\n ");
        }
    }

    @Test
    void aModuleAndItsOptimiserRoundTripWithShapesDtypesAndStep() throws IOException {
        Mlp net = new Mlp(3, new int[] {4}, 2, Activation.TANH, 1.4, 0.01, 5, DataType.FLOAT);
        Adam adam = new Adam(net.parameters(), 0.01, false);
        for (int i = 0; i < 3; i++) {
            net.forward(Nd4j.rand(DataType.FLOAT, 6, 3));
            net.backward(Nd4j.rand(DataType.FLOAT, 6, 2), false);
            adam.step(0);
        }
        Map<String, INDArray> all = new LinkedHashMap<>(NamedTensors.prefixed("policy", net));
        all.putAll(NamedTensors.prefixed("adam", adam));
        all.put("mask", Nd4j.create(new boolean[] {true, false, true}, new long[] {3}, DataType.BOOL));
        all.put("ids", Nd4j.create(new int[] {7, -1}, new long[] {2}, DataType.INT));
        all.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        Path f = dir.resolve("ckpt.npz");
        TensorFile.write(f, all, 1234);

        TensorFile.Loaded back = TensorFile.read(f);
        assertThat(back.step()).isEqualTo(1234);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(all.keySet());
        all.forEach((k, v) -> {
            INDArray w = back.tensors().get(k);
            assertThat(w.dataType()).as(k).isEqualTo(v.dataType());
            assertThat(w.shape()).as(k).isEqualTo(v.shape());
            assertThat(v.isEmpty() || w.equals(v)).as(k).isTrue();
        });
        assertThat(back.tensors().get("adam.step").dataType()).isEqualTo(DataType.LONG);
        assertThat(back.tensors().get("adam.state.0.exp_avg").dataType()).isEqualTo(DataType.DOUBLE);

        // Loading into fresh modules restores them exactly.
        Mlp net2 = new Mlp(3, new int[] {4}, 2, Activation.TANH, 1.4, 0.01, 99, DataType.FLOAT);
        Adam adam2 = new Adam(net2.parameters(), 0.01, false);
        net2.load(NamedTensors.under("policy", back.tensors()));
        adam2.load(NamedTensors.under("adam", back.tensors()));
        assertThat(adam2.steps()).isEqualTo(3);
        assertThat(HostArrays.toDoubles(net2.block().values())).containsExactly(HostArrays.toDoubles(net.block().values()));
        // ... so the next step is the same on both.
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3);
        INDArray d = Nd4j.rand(DataType.FLOAT, 6, 2);
        for (Mlp n : List.of(net, net2)) {
            n.zeroGrad();
            n.forward(x);
            n.backward(d, false);
        }
        adam.step(0);
        adam2.step(0);
        assertThat(HostArrays.toDoubles(net2.block().values())).containsExactly(HostArrays.toDoubles(net.block().values()));
        // No temporary files are left behind.
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ckpt.npz", "ckpt.npz.json");
        }
    }

    @Test
    void loadingRefusesMissingExtraOrMisshapenTensors() {
        Mlp net = new Mlp(3, new int[] {4}, 2, Activation.TANH, 1.4, 0.01, 5, DataType.FLOAT);
        Map<String, INDArray> t = new LinkedHashMap<>(net.tensors());
        t.remove("l1.b");
        assertThatThrownBy(() -> net.load(t)).hasMessageContaining("'l1.b' is missing");
        Map<String, INDArray> u = new LinkedHashMap<>(net.tensors());
        u.put("l9.W", Nd4j.zeros(1));
        assertThatThrownBy(() -> net.load(u)).hasMessageContaining("unexpected tensor 'l9.W'");
        Map<String, INDArray> v = new LinkedHashMap<>(net.tensors());
        v.put("l0.W", Nd4j.zeros(DataType.FLOAT, 4, 3));
        assertThatThrownBy(() -> net.load(v)).hasMessageContaining("'l0.W' has shape [4, 3], expected [3, 4]");
    }

    @Test
    void aTornPairOrABrokenEntryIsReportedWithTheFileAndOffset() throws IOException {
        Path f = dir.resolve("a.npz");
        TensorFile.write(f, Map.of("x", Nd4j.ones(DataType.DOUBLE, 2)), 1);
        Path g = dir.resolve("b.npz");
        TensorFile.write(g, Map.of("x", Nd4j.ones(DataType.DOUBLE, 3)), 2);
        Files.copy(g, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // new npz, old manifest
        assertThatThrownBy(() -> TensorFile.read(f)).isInstanceOf(IOException.class).hasMessageContaining("torn");

        byte[] npy = TensorFile.npy(Nd4j.ones(DataType.FLOAT, 2, 2));
        byte[] cut = Arrays.copyOf(npy, npy.length - 3);
        assertThatThrownBy(() -> TensorFile.parseNpy(cut, "t.npy")).hasMessageContaining("t.npy")
                .hasMessageContaining("needs 16 data bytes from byte 128, the file has 13");
        byte[] bad = npy.clone();
        bad[0] = 'X';
        assertThatThrownBy(() -> TensorFile.parseNpy(bad, "t.npy")).hasMessageContaining("bad magic at byte 0");
    }

    @Test
    void fortranOrderAndNumpyFilesWithoutAManifestAreRead() throws IOException {
        // [[1, 2, 3], [4, 5, 6]] stored column-major: 1 4 2 5 3 6.
        String h = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
        h = h + " ".repeat(128 - 10 - h.length() - 1) + "\n";
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(10 + h.length() + 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        bb.put(h.getBytes(StandardCharsets.US_ASCII));
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) bb.putDouble(v);
        INDArray a = TensorFile.parseNpy(bb.array(), "f.npy");
        assertThat(a.equals(Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}}))).isTrue();
    }
}
