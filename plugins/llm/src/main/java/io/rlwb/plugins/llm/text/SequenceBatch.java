package io.rlwb.plugins.llm.text;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prompt + completion pairs laid out for one teacher-forced forward pass (supervised training, per-token
 * log-probabilities of sampled completions for GRPO and DPO).
 *
 * <p>Row {@code b} holds the sequence {@code s = prompt_b ++ completion_b}, right-padded with {@code <pad>}.
 * {@code inputs = s[0 .. T-1]} and {@code targets = s[1 .. T]}, so position {@code t} predicts token
 * {@code t + 1}. Only completion tokens are targets: a target that is a prompt token or padding is
 * {@link #IGNORE}, and {@code completionMask} is 1 exactly where the target is a completion token (0 elsewhere).
 * Right padding is safe under causal attention: no real position attends to a pad position after it.
 *
 * @param inputs {@code [B, T]} INT token ids
 * @param targets {@code [B, T]} INT next-token ids, {@link #IGNORE} on prompt and pad positions
 * @param completionMask {@code [B, T]} in the model's floating-point type: 1 where {@code targets} counts
 * @param attentionMask {@code [B, T]} in the model's floating-point type: 1 on real input tokens, 0 on pad
 * @param promptLengths tokens of each prompt (including {@code <bos>} if the prompt has it)
 * @param completionLengths tokens of each completion (including {@code <eos>} if it ended with one)
 */
public record SequenceBatch(INDArray inputs, INDArray targets, INDArray completionMask, INDArray attentionMask,
        int[] promptLengths, int[] completionLengths) {
    /** The ignore index of the targets: PyTorch's default for {@code cross_entropy}. */
    public static final int IGNORE = -100;

    public int batch() {
        return promptLengths.length;
    }

    /** Positions per row ({@code T}). */
    public int length() {
        return (int) inputs.size(1);
    }

    /**
     * Lays out the pairs. Every prompt must have at least one token (at least {@code <bos>}) and every completion
     * at least one (the first completion token is predicted from the last prompt position).
     *
     * @param dtype the model's floating-point type, for the masks
     */
    public static SequenceBatch of(List<int[]> prompts, List<int[]> completions, DataType dtype) {
        if (prompts.size() != completions.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("need as many completions as prompts (at least one), got "
                    + prompts.size() + " prompts and " + completions.size() + " completions");
        }
        int b = prompts.size();
        int t = 0;
        for (int i = 0; i < b; i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty (start it with <bos>)");
            }
            if (completions.get(i).length == 0) {
                throw new IllegalArgumentException("completion " + i + " is empty");
            }
            t = Math.max(t, prompts.get(i).length + completions.get(i).length - 1);
        }
        int[][] in = new int[b][t];
        int[][] tg = new int[b][t];
        float[][] cm = new float[b][t];
        float[][] am = new float[b][t];
        int[] pl = new int[b];
        int[] cl = new int[b];
        for (int i = 0; i < b; i++) {
            int[] p = prompts.get(i);
            int[] c = completions.get(i);
            pl[i] = p.length;
            cl[i] = c.length;
            int n = p.length + c.length;
            java.util.Arrays.fill(tg[i], IGNORE);
            for (int k = 0; k < n - 1; k++) {
                in[i][k] = k < p.length ? p[k] : c[k - p.length];
                am[i][k] = 1;
                int next = k + 1;
                if (next >= p.length) {
                    tg[i][k] = c[next - p.length];
                    cm[i][k] = 1;
                }
            }
            // positions n - 1 .. t - 1 stay <pad> (id 0) with IGNORE targets
        }
        return new SequenceBatch(Nd4j.createFromArray(in), Nd4j.createFromArray(tg),
                Nd4j.createFromArray(cm).castTo(dtype), Nd4j.createFromArray(am).castTo(dtype), pl, cl);
    }
}
