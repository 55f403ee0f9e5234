package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule-based safety score: 1 minus the fraction of forbidden patterns (regular expressions, searched anywhere in
 * the completion) that occur, so 1 is clean and 0 means every forbidden pattern occurs. Used as a reward head or, with
 * a Lagrangian constraint, as a cost ({@code 1 - score}) kept under a threshold.
 */
public final class SafetyHead implements RewardHead {
    private final List<Pattern> forbidden;

    public SafetyHead(List<String> forbiddenPatterns) {
        if (forbiddenPatterns == null || forbiddenPatterns.isEmpty()) {
            throw new IllegalArgumentException("safety head parameter 'forbidden' needs at least one pattern");
        }
        List<Pattern> ps = new ArrayList<>();
        for (int i = 0; i < forbiddenPatterns.size(); i++) {
            try {
                ps.add(Pattern.compile(forbiddenPatterns.get(i)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("safety head parameter 'forbidden' entry " + i + " is not a "
                        + "regular expression: " + e.getMessage(), e);
            }
        }
        this.forbidden = List.copyOf(ps);
    }

    @Override
    public String name() {
        return "safety";
    }

    @Override
    public double score(Example example, String completion, boolean finished) {
        int hits = 0;
        for (Pattern p : forbidden) {
            if (p.matcher(completion).find()) hits++;
        }
        return 1 - (double) hits / forbidden.size();
    }
}
