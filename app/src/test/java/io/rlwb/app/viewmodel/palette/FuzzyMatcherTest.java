package io.rlwb.app.viewmodel.palette;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FuzzyMatcherTest {
    @Test
    void exactBeatsPrefixBeatsWordStartBeatsSubstringBeatsSubsequence() {
        double exact = FuzzyMatcher.score("adam", "Adam");
        double prefix = FuzzyMatcher.score("ada", "Adam");
        double wordStart = FuzzyMatcher.score("ppo", "core/ppo.loss");
        double substring = FuzzyMatcher.score("olic", "MLP categorical policy");
        double subsequence = FuzzyMatcher.score("mcp", "MLP categorical policy");
        assertThat(exact).isGreaterThan(prefix);
        assertThat(prefix).isGreaterThan(wordStart);
        assertThat(wordStart).isGreaterThan(substring);
        assertThat(substring).isGreaterThan(subsequence);
        assertThat(subsequence).isGreaterThan(0);
    }

    @Test
    void textWithoutTheLettersInOrderDoesNotMatch() {
        assertThat(FuzzyMatcher.score("xyz", "Adam")).isEqualTo(FuzzyMatcher.NO_MATCH);
        assertThat(FuzzyMatcher.score("mada", "Adam")).isEqualTo(FuzzyMatcher.NO_MATCH);
    }

    @Test
    void aCompactSubsequenceAtWordStartsBeatsAScatteredOne() {
        // m-c-p at the starts of "MLP categorical policy" against letters strewn through one long word.
        assertThat(FuzzyMatcher.score("mcp", "MLP categorical policy"))
                .isGreaterThan(FuzzyMatcher.score("mcp", "amalgamation of cups and plates"));
    }

    @Test
    void aSubsequenceIsFoundEvenWhenPreferringAWordStartWouldLoseIt() {
        assertThat(FuzzyMatcher.score("abc", "a_xbc_b")).isGreaterThan(0);
    }

    @Test
    void camelCaseHumpsCountAsWordStarts() {
        assertThat(FuzzyMatcher.score("pole", "CartPole-v1")).isGreaterThan(FuzzyMatcher.score("pole", "Tadpoles"));
    }

    @Test
    void descriptionsMatchOnlyAsSubstrings() {
        assertThat(FuzzyMatcher.substringScore("cache", "A compressed key-value cache")).isPositive();
        assertThat(FuzzyMatcher.substringScore("cmc", "A compressed key-value cache")).isEqualTo(FuzzyMatcher.NO_MATCH);
    }
}
