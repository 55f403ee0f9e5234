package io.rlwb.plugins.llm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SamplerTest {
    private static final double[] LOGITS = {2.0, 1.0, 0.5, 0.0, -1.0, 3.0, 1.5};

    private static INDArray rows(int n) {
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) d[i] = LOGITS.clone();
        return Nd4j.createFromArray(d).castTo(DataType.DOUBLE);
    }

    private static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] p = Arrays.stream(z).map(x -> Math.exp(x - max)).toArray();
        double s = Arrays.stream(p).sum();
        return Arrays.stream(p).map(x -> x / s).toArray();
    }

    private static Set<Integer> drawn(SamplingConfig c, long seed) {
        Set<Integer> seen = new HashSet<>();
        for (int id : Sampler.toHost(new Sampler(c, seed).next(rows(3000)))) seen.add(id);
        return seen;
    }

    @Test
    void plainSamplingFollowsTheSoftmax() {
        int n = 20000;
        int[] ids = Sampler.toHost(new Sampler(SamplingConfig.sample(), 3).next(rows(n)));
        double[] p = softmax(LOGITS);
        int[] counts = new int[LOGITS.length];
        for (int id : ids) counts[id]++;
        for (int j = 0; j < p.length; j++) {
            assertThat(counts[j] / (double) n).as("token %d", j).isCloseTo(p[j], org.assertj.core.data.Offset.offset(0.015));
        }
    }

    @Test
    void topKKeepsExactlyTheKMostLikelyTokens() {
        SamplingConfig c = new SamplingConfig(1, 3, 1, false);
        INDArray probs = new Sampler(c, 1).probabilities(rows(1));
        double[] p = probs.toDoubleVector();
        assertThat(p[5]).isGreaterThan(0);
        assertThat(p[0]).isGreaterThan(0);
        assertThat(p[6]).isGreaterThan(0);
        assertThat(p[1] + p[2] + p[3] + p[4]).isZero();
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // renormalised softmax over the kept three
        double z = Math.exp(3) + Math.exp(2) + Math.exp(1.5);
        assertThat(p[5]).isCloseTo(Math.exp(3) / z, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(drawn(c, 7)).containsExactlyInAnyOrder(0, 5, 6);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] p = softmax(LOGITS);
        Integer[] order = {5, 0, 6, 1, 2, 3, 4}; // descending probability
        for (double topP : new double[] {0.3, 0.6, 0.8, 0.95}) {
            Set<Integer> expected = new HashSet<>();
            double mass = 0;
            for (int id : order) {
                if (mass >= topP) break;
                expected.add(id);
                mass += p[id];
            }
            SamplingConfig c = new SamplingConfig(1, 0, topP, false);
            double[] q = new Sampler(c, 1).probabilities(rows(1)).toDoubleVector();
            Set<Integer> support = new HashSet<>();
            for (int j = 0; j < q.length; j++) if (q[j] > 0) support.add(j);
            assertThat(support).as("top-p %s", topP).isEqualTo(expected);
            assertThat(drawn(c, 11)).as("drawn, top-p %s", topP).isEqualTo(expected);
        }
        assertThat(expectedSize(0.3)).isEqualTo(1);
    }

    private static int expectedSize(double topP) {
        double[] q = new Sampler(new SamplingConfig(1, 0, topP, false), 1).probabilities(rows(1)).toDoubleVector();
        return (int) Arrays.stream(q).filter(x -> x > 0).count();
    }

    @Test
    void topKAndTopPCompose() {
        SamplingConfig c = new SamplingConfig(1, 2, 0.99, false);
        assertThat(drawn(c, 2)).containsExactlyInAnyOrder(0, 5);
    }

    @Test
    void aSeedFixesTheDraws() {
        SamplingConfig c = new SamplingConfig(0.8, 5, 0.9, false);
        int[] a = Sampler.toHost(new Sampler(c, 42).next(rows(200)));
        int[] b = Sampler.toHost(new Sampler(c, 42).next(rows(200)));
        int[] other = Sampler.toHost(new Sampler(c, 43).next(rows(200)));
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(other);
    }

    @Test
    void temperatureTowardsZeroIsGreedy() {
        INDArray logits = io.rlwb.engine.nn.autodiff.GradCheck.uniform(new java.util.SplittableRandom(5), 3.0, 64, 11);
        int[] greedy = Sampler.toHost(new Sampler(SamplingConfig.greedyDecoding(), 1).next(logits));
        int[] cold = Sampler.toHost(new Sampler(new SamplingConfig(1e-4, 0, 1, false), 1).next(logits));
        int[] zero = Sampler.toHost(new Sampler(new SamplingConfig(0, 0, 1, false), 1).next(logits));
        int[] argmax = new int[64];
        for (int r = 0; r < 64; r++) {
            double[] row = logits.getRow(r).toDoubleVector();
            for (int j = 1; j < row.length; j++) if (row[j] > row[argmax[r]]) argmax[r] = j;
        }
        assertThat(greedy).containsExactly(argmax);
        assertThat(cold).containsExactly(argmax);
        assertThat(zero).containsExactly(argmax);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new SamplingConfig(-1, 0, 1, false)).hasMessageContaining("'temperature'");
        assertThatThrownBy(() -> new SamplingConfig(1, -1, 1, false)).hasMessageContaining("'topK'");
        assertThatThrownBy(() -> new SamplingConfig(1, 0, 0, false)).hasMessageContaining("'topP'");
    }
}
