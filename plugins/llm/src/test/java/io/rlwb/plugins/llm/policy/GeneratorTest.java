package io.rlwb.plugins.llm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeneratorTest {
    private static final CharTokenizer TOK = new CharTokenizer("abcdefgh");

    private static TransformerPolicy policy(DecoderModel.Positions pos) {
        return new TransformerPolicy(new PolicyConfig(2, 2, 16, 40, pos, pos == DecoderModel.Positions.ROTARY, 2, 0,
                3, DataType.FLOAT), TOK.vocabSize());
    }

    private static INDArray prompts(int batch, int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[batch][len];
        for (int[] row : ids) {
            row[0] = CharTokenizer.BOS;
            for (int i = 1; i < len; i++) row[i] = 5 + r.nextInt(8);
        }
        return Nd4j.createFromArray(ids);
    }

    @Test
    void cachedGenerationEqualsRecomputationTokensAndLogits() {
        for (DecoderModel.Positions pos : DecoderModel.Positions.values()) {
            TransformerPolicy p = policy(pos);
            SamplingConfig c = new SamplingConfig(1.0, 0, 1, false);
            INDArray prompt = prompts(4, 6, 1);
            Generator.Batch cached = new Generator(p, KvCacheFactory.FULL)
                    .generateBatch(prompt, new Sampler(c, 9), 20, true);
            Generator.Batch full = Generator.recomputing(p).generateBatch(prompt, new Sampler(c, 9), 20, true);
            for (int r = 0; r < 4; r++) {
                assertThat(cached.tokens()[r]).as("%s row %d", pos, r).containsExactly(full.tokens()[r]);
            }
            assertThat(cached.stepLogits()).hasSameSizeAs(full.stepLogits());
            for (int s = 0; s < full.stepLogits().size(); s++) {
                double diff = cached.stepLogits().get(s).sub(full.stepLogits().get(s)).amaxNumber().doubleValue();
                assertThat(diff).as("%s step %d", pos, s).isLessThan(1e-4);
            }
            // and teacher-forced decoding agrees too
            INDArray cont = prompts(4, 9, 2);
            List<INDArray> a = new Generator(p, KvCacheFactory.FULL).forcedLogits(prompt, cont);
            List<INDArray> b = Generator.recomputing(p).forcedLogits(prompt, cont);
            assertThat(a).hasSize(10);
            for (int s = 0; s < a.size(); s++) {
                assertThat(a.get(s).sub(b.get(s)).amaxNumber().doubleValue()).isLessThan(1e-4);
            }
        }
    }

    @Test
    void generationStopsAtEosAndReturnsPromptsInInputOrder() {
        TransformerPolicy p = policy(DecoderModel.Positions.ROTARY);
        List<int[]> ps = new ArrayList<>();
        ps.add(TOK.encodePrompt("abc"));
        ps.add(TOK.encodePrompt("a"));
        ps.add(TOK.encodePrompt("hgfed"));
        ps.add(TOK.encodePrompt("abc"));
        Generator g = new Generator(p, KvCacheFactory.FULL);
        Generator.Result all = g.generate(ps, SamplingConfig.sample(), 12, new SplittableRandom(4));
        Generator.Result again = g.generate(ps, SamplingConfig.sample(), 12, new SplittableRandom(4));
        for (int i = 0; i < ps.size(); i++) {
            int[] c = all.completions().get(i);
            assertThat(c).containsExactly(again.completions().get(i));
            assertThat(c.length).isBetween(1, 12);
            int eos = indexOf(c, CharTokenizer.EOS);
            assertThat(all.finished()[i]).isEqualTo(eos >= 0);
            if (eos >= 0) assertThat(eos).isEqualTo(c.length - 1);
        }
        // greedy completions of one prompt do not depend on its batch mates
        Generator.Result greedy = g.generate(ps, SamplingConfig.greedyDecoding(), 12, new SplittableRandom(0));
        Generator.Result alone = g.generate(List.of(ps.get(2)), SamplingConfig.greedyDecoding(), 12,
                new SplittableRandom(0));
        assertThat(greedy.completions().get(2)).containsExactly(alone.completions().get(0));
        assertThat(greedy.completions().get(0)).containsExactly(greedy.completions().get(3));
    }

    @Test
    void groupsHoldGroupSizeSampledCompletionsPerPrompt() {
        TransformerPolicy p = policy(DecoderModel.Positions.ROTARY);
        List<int[]> ps = List.of(TOK.encodePrompt("ab"), TOK.encodePrompt("hgfe"));
        Generator.Result r = new Generator(p, KvCacheFactory.FULL).generateGroups(ps, 8, SamplingConfig.sample(), 6,
                new SplittableRandom(1));
        assertThat(r.completions()).hasSize(16);
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int g = 0; g < 8; g++) distinct.add(java.util.Arrays.toString(r.completions().get(g)));
        assertThat(distinct.size()).isGreaterThan(1); // an untrained policy's samples differ within a group
    }

    @Test
    void theFactoryMakesOneCachePerBatchAndAttentionReadsThroughIt() {
        TransformerPolicy p = policy(DecoderModel.Positions.ROTARY);
        List<String> made = new ArrayList<>();
        int[] appends = {0};
        KvCacheFactory counting = (model, batch, capacity) -> {
            made.add(batch + "x" + capacity);
            io.rlwb.engine.nn.layers.KvCache inner = KvCacheFactory.FULL.create(model, batch, capacity);
            return new io.rlwb.engine.nn.layers.KvCache() {
                @Override public long position() { return inner.position(); }
                @Override public View append(int layer, INDArray k, INDArray v) {
                    appends[0]++;
                    return inner.append(layer, k, v);
                }
                @Override public void advance(long t) { inner.advance(t); }
                @Override public void reset() { inner.reset(); }
            };
        };
        List<int[]> ps = List.of(TOK.encodePrompt("ab"), TOK.encodePrompt("abcd"), TOK.encodePrompt("ba"));
        new Generator(p, counting).generate(ps, SamplingConfig.greedyDecoding(), 5, new SplittableRandom(0));
        assertThat(made).containsExactly("2x8", "1x10"); // prompt length + 5 new tokens, per length
        assertThat(appends[0]).isGreaterThanOrEqualTo(2 * 2); // two layers, at least the prefill of each batch
    }

    @Test
    void promptsThatFillTheContextAreRejected() {
        TransformerPolicy p = policy(DecoderModel.Positions.LEARNED);
        assertThatThrownBy(() -> new Generator(p, KvCacheFactory.FULL)
                .generateBatch(prompts(1, 40, 1), new Sampler(SamplingConfig.sample(), 1), 4, false))
                .hasMessageContaining("'contextLength'");
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }
}
