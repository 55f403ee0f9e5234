package io.rlwb.plugins.llm.policy;

/**
 * How the next token is chosen from the policy's logits.
 *
 * @param temperature logits are divided by it before the softmax (default 1); 0 means greedy
 * @param topK keep only the k most likely tokens (ties with the k-th kept too); 0 = off (default)
 * @param topP nucleus sampling: keep the smallest set of most likely tokens whose probability reaches p (after
 *     temperature and top-k; ties with the last kept token kept too); 1 = off (default)
 * @param greedy always take the most likely token (argmax of the logits; ties to the lowest id)
 */
public record SamplingConfig(double temperature, int topK, double topP, boolean greedy) {
    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sampling parameter 'temperature' must be finite and >= 0, got "
                    + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("sampling parameter 'topK' must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("sampling parameter 'topP' must lie in (0, 1] (1 = off), got " + topP);
        }
    }

    /** Plain sampling from the softmax at temperature 1. */
    public static SamplingConfig sample() {
        return new SamplingConfig(1, 0, 1, false);
    }

    /** Argmax decoding. */
    public static SamplingConfig greedyDecoding() {
        return new SamplingConfig(1, 0, 1, true);
    }

    /** Whether this configuration picks the argmax ({@code greedy}, or temperature 0). */
    public boolean isGreedy() {
        return greedy || temperature == 0;
    }
}
