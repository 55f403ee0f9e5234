package io.rlwb.plugins.llm.reward;

import io.rlwb.plugins.llm.task.Example;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * 1 when the completion is well formed (ended with {@code <eos>} and the whole text matches {@code pattern}), else
 * 0. The default pattern {@value #NUMBER} is a decimal number without leading zeros, the form of an addition answer:
 * it rewards answering in the right shape whether or not the value is right.
 */
public final class FormatHead implements RewardHead {
    /** A decimal number without leading zeros. */
    public static final String NUMBER = "0|[1-9][0-9]*";

    private final Pattern pattern;

    public FormatHead(String regex) {
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("format head parameter 'pattern' is not a regular expression: "
                    + e.getMessage(), e);
        }
    }

    public FormatHead() {
        this(NUMBER);
    }

    @Override
    public String name() {
        return "format";
    }

    @Override
    public double score(Example example, String completion, boolean finished) {
        return finished && pattern.matcher(completion).matches() ? 1 : 0;
    }
}
