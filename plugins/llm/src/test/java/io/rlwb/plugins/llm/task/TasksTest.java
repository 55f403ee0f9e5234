package io.rlwb.plugins.llm.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TasksTest {
    @Test
    void additionIsDeterministicPerSeedAndCorrect() {
        AdditionTask t = new AdditionTask(new AdditionTask.Config(1, 3, 0.2, 7));
        List<Example> a = t.examples(Split.TRAIN, 50, 3);
        assertThat(t.examples(Split.TRAIN, 50, 3)).isEqualTo(a);
        assertThat(t.examples(Split.TRAIN, 50, 4)).isNotEqualTo(a);
        for (Example e : a) {
            String[] ab = e.prompt().substring(0, e.prompt().length() - 1).split("\\+");
            assertThat(e.prompt()).endsWith("=");
            assertThat(Long.parseLong(e.answer())).isEqualTo(Long.parseLong(ab[0]) + Long.parseLong(ab[1]));
            assertThat(ab[0].length()).isBetween(1, 3);
            assertThat(t.correct(e, e.answer())).isTrue();
            assertThat(t.correct(e, e.answer() + "0")).isFalse();
        }
    }

    @Test
    void additionSplitsPartitionTheOneDigitPairs() {
        AdditionTask t = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
        Set<String> train = new HashSet<>();
        Set<String> test = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 5000; i++) {
            train.add(t.sample(Split.TRAIN, rng).prompt());
            test.add(t.sample(Split.TEST, rng).prompt());
        }
        assertThat(train).doesNotContainAnyElementsOf(test);
        assertThat(train.size() + test.size()).isEqualTo(100);
        assertThat(test.size()).isBetween(8, 35);
        // the partition depends on the task seed
        AdditionTask other = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 2));
        assertThat(new HashSet<>(other.examples(Split.TEST, 100, 1)).stream().map(Example::prompt).toList())
                .isNotEqualTo(test.stream().sorted().toList());
    }

    @Test
    void recallPromptsHoldTheQueriedPairOnceAndHaveTheDeclaredLength() {
        RecallTask t = new RecallTask(new RecallTask.Config(256, 8, 3, 3, 0.2, 11));
        List<Example> ex = t.examples(Split.TRAIN, 30, 2);
        assertThat(t.examples(Split.TRAIN, 30, 2)).isEqualTo(ex);
        Pattern pair = Pattern.compile("([a-z]{3}):([0-9]{3})");
        for (Example e : ex) {
            int sep = e.prompt().indexOf(RecallTask.SEPARATOR);
            String context = e.prompt().substring(0, sep);
            String query = e.prompt().substring(sep + RecallTask.SEPARATOR.length());
            assertThat(context).hasSize(256);
            assertThat(query).matches("[a-z]{3}:");
            Matcher m = pair.matcher(context);
            int pairs = 0;
            int hits = 0;
            while (m.find()) {
                pairs++;
                if (m.group(1).equals(query.substring(0, 3))) {
                    hits++;
                    assertThat(m.group(2)).isEqualTo(e.answer());
                }
            }
            assertThat(pairs).isEqualTo(8);
            assertThat(hits).isEqualTo(1);
            assertThat(context.replaceAll("[a-z]{3}:[0-9]{3}", "")).matches("[a-z ]*");
        }
    }

    @Test
    void theAdjacentLayoutWritesTheValueRightAfterItsKeyAndTheSameDrawsOtherwise() {
        RecallTask.Config colon = new RecallTask.Config(64, 6, 2, 2, 0.2, 11);
        RecallTask adjacent = new RecallTask(colon.withLayout(RecallTask.Layout.ADJACENT));
        List<Example> c = new ArrayList<>();
        List<Example> a = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            a.add(adjacent.sample(Split.TRAIN, new java.util.SplittableRandom(i)));
            c.add(new RecallTask(colon).sample(Split.TRAIN, new java.util.SplittableRandom(i)));
        }
        for (int i = 0; i < a.size(); i++) {
            Example e = a.get(i);
            int sep = e.prompt().indexOf(RecallTask.SEPARATOR);
            String context = e.prompt().substring(0, sep);
            assertThat(context).hasSize(64).doesNotContain(":");
            assertThat(e.prompt().substring(sep + RecallTask.SEPARATOR.length())).matches("[a-z]{2}");
            assertThat(RecallTask.Layout.of(e.prompt())).isEqualTo(RecallTask.Layout.ADJACENT);
            assertThat(RecallTask.Layout.of(c.get(i).prompt())).isEqualTo(RecallTask.Layout.COLON);
            List<String[]> pairs = RecallTask.Layout.ADJACENT.pairs(context);
            List<String[]> colonPairs = RecallTask.Layout.COLON.pairs(c.get(i).prompt());
            assertThat(pairs).hasSize(6);
            // the same keys, values and query as the colon layout's draw: only the writing differs
            for (int j = 0; j < 6; j++) assertThat(pairs.get(j)).isEqualTo(colonPairs.get(j));
            String key = RecallTask.Layout.ADJACENT.queriedKey(e.prompt());
            assertThat(key).isEqualTo(RecallTask.Layout.COLON.queriedKey(c.get(i).prompt()));
            assertThat(pairs).filteredOn(kv -> kv[0].equals(key)).singleElement()
                    .satisfies(kv -> assertThat(kv[1]).isEqualTo(e.answer()));
        }
        assertThat(adjacent.maxPromptTokens()).isEqualTo(64 + 1 + 2);
        // the context holds 6 pairs of 4 characters and 7 gaps of at least one space: 31, where colon needs 37
        assertThat(new RecallTask.Config(31, 6, 2, 2, 0.2, 1, RecallTask.Layout.ADJACENT).contextLength())
                .isEqualTo(31);
        assertThatThrownBy(() -> new RecallTask.Config(31, 6, 2, 2, 0.2, 1)).hasMessageContaining("'contextLength'");
        assertThat(RecallTask.Layout.parse("Adjacent")).isEqualTo(RecallTask.Layout.ADJACENT);
        assertThat(RecallTask.Layout.parse("colon")).isEqualTo(RecallTask.Layout.COLON);
        assertThatThrownBy(() -> RecallTask.Layout.parse("mqar")).hasMessageContaining("'layout'")
                .hasMessageContaining("'mqar'");
    }

    @Test
    void recallSplitsNeverShareAQueriedKey() {
        RecallTask t = new RecallTask(new RecallTask.Config(64, 2, 2, 2, 0.25, 3));
        Set<String> train = new HashSet<>();
        Set<String> test = new HashSet<>();
        for (Example e : t.examples(Split.TRAIN, 400, 1)) train.add(e.prompt().substring(e.prompt().length() - 3));
        for (Example e : t.examples(Split.TEST, 400, 1)) test.add(e.prompt().substring(e.prompt().length() - 3));
        assertThat(train).isNotEmpty().doesNotContainAnyElementsOf(test);
        assertThat(test).isNotEmpty();
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new AdditionTask.Config(0, 2, 0.2, 1)).hasMessageContaining("'minDigits'");
        assertThatThrownBy(() -> new AdditionTask.Config(3, 2, 0.2, 1)).hasMessageContaining("'maxDigits'");
        assertThatThrownBy(() -> new AdditionTask.Config(1, 2, 1.0, 1)).hasMessageContaining("'heldOutFraction'");
        assertThatThrownBy(() -> new RecallTask.Config(20, 8, 3, 3, 0.2, 1)).hasMessageContaining("'contextLength'");
    }
}
