package io.rlwb.plugins.llm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class CharTokenizerTest {
    @Test
    void vocabularyIsSpecialsThenSortedDistinctAlphabet() {
        CharTokenizer a = new CharTokenizer("ba+=a0", List.of("<sep>", "<q>"));
        CharTokenizer b = new CharTokenizer("=+0ab", List.of("<sep>", "<q>"));
        assertThat(a.vocabSize()).isEqualTo(4 + 2 + 5);
        assertThat(a.specials()).containsExactly("<pad>", "<bos>", "<eos>", "<unk>", "<sep>", "<q>");
        assertThat(a.alphabet()).isEqualTo("+0=ab"); // code-point order: + 0 = a b
        assertThat(a.encode("+0=ab")).containsExactly(6, 7, 8, 9, 10);
        assertThat(a).isEqualTo(b);
        assertThat(a.encode("ab0")).containsExactly(b.encode("ab0"));
        assertThat(a.specialId("<q>")).isEqualTo(5);
    }

    @Test
    void encodeDecodeRoundTripsTextWithSpecials() {
        CharTokenizer t = new CharTokenizer("abcdefghijklmnopqrstuvwxyz0123456789: <>");
        for (String s : List.of("", "abc:123", "<bos>ab <sep>c:<eos>", "<notspecial> x<", "a<sep", "<pad><unk>")) {
            assertThat(t.decode(t.encode(s))).as(s).isEqualTo(s);
        }
        assertThat(t.encode("<sep>")).containsExactly(t.specialId("<sep>"));
        assertThat(t.encode("<se>")).hasSize(4); // not a declared special: four characters
    }

    @Test
    void unknownCharactersBecomeUnkAndSpecialsCanBeSkipped() {
        CharTokenizer t = new CharTokenizer("0123456789+=");
        assertThat(t.encode("1x2")).containsExactly(t.encode("1")[0], CharTokenizer.UNK, t.encode("2")[0]);
        int[] prompt = t.encodePrompt("1+2=");
        assertThat(prompt[0]).isEqualTo(CharTokenizer.BOS);
        int[] answer = t.encodeCompletion("3");
        assertThat(answer[answer.length - 1]).isEqualTo(CharTokenizer.EOS);
        assertThat(t.decode(prompt, true)).isEqualTo("1+2=");
        int[] generated = {t.encode("1")[0], t.encode("2")[0], CharTokenizer.EOS, t.encode("9")[0]};
        assertThat(t.decodeCompletion(generated)).isEqualTo("12");
        assertThat(t.decodeCompletion(new int[] {t.encode("1")[0], CharTokenizer.UNK})).isEqualTo("1<unk>");
    }

    @Test
    void badDeclarationsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> new CharTokenizer("")).hasMessageContaining("'alphabet'");
        assertThatThrownBy(() -> new CharTokenizer("ab", List.of("sep"))).hasMessageContaining("'separators'");
        assertThatThrownBy(() -> new CharTokenizer("ab", List.of("<eos>"))).hasMessageContaining("'separators'");
        assertThatThrownBy(() -> new CharTokenizer("ab").decode(new int[] {99})).hasMessageContaining("99");
    }

    @Test
    void sequenceBatchTargetsOnlyCompletionTokens() {
        CharTokenizer t = new CharTokenizer("0123456789+=");
        int[] p1 = t.encodePrompt("1+2=");
        int[] c1 = t.encodeCompletion("3");
        int[] p2 = t.encodePrompt("12+34=");
        int[] c2 = t.encodeCompletion("46");
        SequenceBatch b = SequenceBatch.of(List.of(p1, p2), List.of(c1, c2), DataType.FLOAT);
        // row 2: <bos>12+34= 46<eos> -> 10 tokens, 9 positions
        assertThat(b.length()).isEqualTo(9);
        int[] in1 = b.inputs().getRow(0).toIntVector();
        int[] tg1 = b.targets().getRow(0).toIntVector();
        float[] m1 = b.completionMask().getRow(0).toFloatVector();
        // row 1: <bos> 1 + 2 = 3 <eos>: inputs <bos>1+2=3 then pads; targets ignore until '=' predicts 3
        assertThat(in1).containsExactly(p1[0], p1[1], p1[2], p1[3], p1[4], c1[0], 0, 0, 0);
        int ig = SequenceBatch.IGNORE;
        assertThat(tg1).containsExactly(ig, ig, ig, ig, c1[0], c1[1], ig, ig, ig);
        assertThat(m1).containsExactly(0, 0, 0, 0, 1, 1, 0, 0, 0);
        assertThat(b.attentionMask().getRow(0).toFloatVector()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0, 0);
        assertThat(b.completionMask().getRow(1).sumNumber().intValue()).isEqualTo(3);

        TokenBatch tb = TokenBatch.pad(List.of(p1, p2), DataType.FLOAT);
        assertThat(tb.ids().shape()).containsExactly(2, 7);
        assertThat(tb.lengths()).containsExactly(5, 7);
        assertThat(tb.attentionMask().getRow(0).toFloatVector()).containsExactly(1, 1, 1, 1, 1, 0, 0);
    }
}
