package io.rlwb.plugins.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.layers.KvCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** MiniCache's SLERP, its retention rule, and what each layer of a merged pair reads back. */
class MiniCacheTest {
    @Test
    void slerpOfIdenticalDirectionsIsTheDirection() {
        Nd4j.getRandom().setSeed(1);
        INDArray u = Nd4j.randn(DataType.DOUBLE, 3, 5, 16);
        INDArray n = io.rlwb.engine.nn.autodiff.Broadcast.div(u, u.norm2(true, 2));
        for (double t : new double[] {0, 0.3, 0.5, 1}) {
            assertThat(MiniCacheKernel.slerp(n, n, t).sub(n).amaxNumber().doubleValue()).isLessThan(1e-7);
        }
    }

    @Test
    void slerpOfOrthogonalDirectionsFollowsTheArc() {
        INDArray a = Nd4j.createFromArray(new double[] {1, 0, 0}).reshape(1, 3);
        INDArray b = Nd4j.createFromArray(new double[] {0, 1, 0}).reshape(1, 3);
        INDArray half = MiniCacheKernel.slerp(a, b, 0.5);
        assertThat(half.getDouble(0)).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(half.getDouble(1)).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-12));
        INDArray third = MiniCacheKernel.slerp(a, b, 1.0 / 3);
        assertThat(third.getDouble(0)).isCloseTo(Math.cos(Math.PI / 6), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(third.norm2Number().doubleValue()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void retainedTokensAreExactlyThoseAtOrOverTheThreshold() {
        long b = 1, h = 2, t = 20, d = 4;
        KvShape s = new KvShape(2, b, h, d, DataType.DOUBLE);
        double gamma = 0.3;
        MiniCacheKernel k = new MiniCacheKernel(s, new MiniCacheKernel.Config(0, gamma, 0.5), DenseStore.factory());
        Nd4j.getRandom().setSeed(4);
        INDArray ka = Nd4j.randn(DataType.DOUBLE, b, h, t, d);
        INDArray va = Nd4j.randn(DataType.DOUBLE, b, h, t, d);
        // layer b: layer a plus noise growing along the sequence, so distances spread
        INDArray noise = Nd4j.randn(DataType.DOUBLE, b, h, t, d);
        INDArray scale = Nd4j.linspace(0, 2, t, DataType.DOUBLE).reshape(1, 1, t, 1);
        INDArray kb = ka.add(io.rlwb.engine.nn.autodiff.Broadcast.mul(noise, scale));
        INDArray vb = va.dup();
        k.append(0, ka, va);
        KvCache.View vbView = k.append(1, kb, vb);
        k.advance(t);
        // expected on the host: angular distance of the per-token [H * D] states, the larger of keys and values
        double[] dist = new double[(int) t];
        for (int i = 0; i < t; i++) dist[i] = Math.max(angle(ka, kb, i), angle(va, vb, i));
        double min = java.util.Arrays.stream(dist).min().orElseThrow();
        double max = java.util.Arrays.stream(dist).max().orElseThrow();
        double thr = min + gamma * (max - min);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < t; i++) if (dist[i] >= thr) expected.add((long) i);
        assertThat(java.util.Arrays.stream(k.retainedPositions(1)).boxed().toList()).containsExactlyElementsOf(expected);
        assertThat(expected.size()).isBetween(2, (int) t - 2);
        assertThat(k.mergedTokens(1)).isEqualTo(t - expected.size());
        // layer b reads merged tokens as the SLERP direction times its own norm, retained ones exactly
        INDArray pos = vbView.positions();
        for (int j = 0; j < pos.length(); j++) {
            int p = (int) pos.getDouble(j);
            INDArray got = vbView.keys().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(j), NDArrayIndex.all());
            INDArray own = kb.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(p), NDArrayIndex.all());
            if (expected.contains((long) p)) {
                assertThat(got.sub(own).amaxNumber().doubleValue()).isLessThan(1e-12);
            } else {
                INDArray other = ka.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(p), NDArrayIndex.all());
                INDArray ua = other.reshape(1, h * d).div(other.norm2Number());
                INDArray ub = own.reshape(1, h * d).div(own.norm2Number());
                INDArray e = MiniCacheKernel.slerp(ua, ub, 0.5).muli(own.norm2Number());
                assertThat(got.reshape(1, h * d).sub(e).amaxNumber().doubleValue()).isLessThan(1e-12);
                assertThat(got.norm2Number().doubleValue()).isCloseTo(own.norm2Number().doubleValue(),
                        org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    private static double angle(INDArray a, INDArray b, int i) {
        INDArray x = a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).dup();
        INDArray y = b.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).dup();
        double[] u = x.reshape(-1).toDoubleVector();
        double[] v = y.reshape(-1).toDoubleVector();
        double dot = 0, nu = 0, nv = 0;
        for (int j = 0; j < u.length; j++) {
            dot += u[j] * v[j];
            nu += u[j] * u[j];
            nv += v[j] * v[j];
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(nu * nv)))) / Math.PI;
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new MiniCacheKernel.Config(0, 1.5, 0.5)).hasMessageContaining("gamma: 1.5");
        KvShape s = new KvShape(2, 1, 1, 4, DataType.FLOAT);
        assertThatThrownBy(() -> new MiniCacheKernel(s, new MiniCacheKernel.Config(3, 0.05, 0.5), DenseStore.factory()))
                .hasMessageContaining("startLayer: 3 exceeds the model's 2 layers");
    }
}
