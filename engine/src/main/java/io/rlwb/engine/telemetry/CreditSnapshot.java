package io.rlwb.engine.telemetry;

import java.util.List;

/**
 * Credit assignment of one episode or one group of completions (telemetry kind {@value #KIND}). A control task
 * fills {@code steps}; a language policy fills {@code tokens} for one completion and may add the prefix
 * {@code tree} of its group.
 *
 * @param version schema version ({@value #VERSION})
 * @param source id of the node that produced it (estimator, trainer)
 * @param episode episode or group number, increasing within a run
 * @param steps per environment step, in order (empty for language policies)
 * @param tokens per generated token, in order (empty for control tasks)
 * @param tree prefix tree of a group of completions; empty when not applicable
 */
public record CreditSnapshot(int version, String source, long episode, List<Step> steps, List<Token> tokens,
        List<TreeNode> tree) {
    public static final String KIND = "credit";
    public static final int VERSION = 1;

    public CreditSnapshot {
        steps = steps == null ? List.of() : List.copyOf(steps);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        tree = tree == null ? List.of() : List.copyOf(tree);
    }

    /** One environment step: r_t, V(s_t), delta_t, A_t and the return (advantage + value, GAE's target). */
    public record Step(int t, double reward, double value, double tdError, double advantage, double ret) {}

    /** One generated token: its text, advantage and importance ratio. */
    public record Token(int index, String text, double advantage, double ratio, int completion) {}

    /**
     * A node of the prefix tree of a group: {@code parent} is -1 at the root; {@code value} is the mean outcome of
     * the {@code count} completions below it.
     */
    public record TreeNode(int id, int parent, String text, double value, int count) {}
}
