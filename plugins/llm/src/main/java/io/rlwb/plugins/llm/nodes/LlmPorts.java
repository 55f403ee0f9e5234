package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Task;
import java.util.List;

/**
 * The public port types of plugin {@code llm} (ADR 0017). Their ids are stable: graphs and other plugins' nodes
 * (alignment trainers, quality monitors) wire through them.
 *
 * <ul>
 *   <li>{@link #ATTENTION_KERNEL} {@code attention-kernel}: a recipe that makes a fresh KV-cache kernel per
 *       sequence batch ({@link AttentionKernel}); its inference shape is a {@link KernelFit}, so the policy node
 *       can say when a kernel does not fit its heads or context.</li>
 *   <li>{@link #LANGUAGE_POLICY} {@code language-policy}: a transformer policy with its tokenizer and wired
 *       kernel ({@link LanguagePolicy}); outputs offer {@link PortTypes#TRAINABLE}. Inference shape:
 *       {@link PolicyShape}.</li>
 *   <li>{@link #LM_TASK} {@code lm-task}: a verifiable task generated from a seed, with held-out splits
 *       ({@link Task}). Inference shape: {@link TaskShape}.</li>
 * </ul>
 */
public final class LlmPorts {
    private LlmPorts() {}

    public static final PortType<AttentionKernel> ATTENTION_KERNEL = PortType.component("attention-kernel",
            AttentionKernel.class, "An attention kernel: makes a fresh KV cache with an exact byte ledger for each "
                    + "batch of sequences the policy decodes");
    public static final PortType<LanguagePolicy> LANGUAGE_POLICY = PortType.component("language-policy",
            LanguagePolicy.class, "A decoder-only transformer language policy with its tokenizer and attention kernel");
    /** What a policy node's output offers: its weights take gradients. */
    public static final PortType<LanguagePolicy> TRAINABLE_LANGUAGE_POLICY = LANGUAGE_POLICY.with(PortTypes.TRAINABLE);
    public static final PortType<Task> LM_TASK = PortType.component("lm-task", Task.class,
            "A verifiable text task generated from a seed, with training and held-out splits");

    /** The inference shape of a language policy: its configuration and vocabulary size. */
    public record PolicyShape(PolicyConfig config, int vocab, KernelFit kernel) {}

    /**
     * The inference shape of a task: what a policy needs to read it.
     *
     * @param maxPromptTokens longest prompt in tokens, without {@code <bos>}
     * @param maxAnswerLength longest answer in characters, without {@code <eos>}
     */
    public record TaskShape(String name, String alphabet, List<String> separators, int maxPromptTokens,
            int maxAnswerLength, RecallTask.Config recall) {
        /** @param recall the recall task's settings, or null for another task */
        public TaskShape {}

        public static TaskShape of(Task t) {
            return new TaskShape(t.name(), t.alphabet(), t.separators(), t.maxPromptTokens(), t.maxAnswerLength(),
                    t instanceof RecallTask r ? r.config() : null);
        }

        /** Tokens a policy must read for one instance: {@code <bos>}, prompt, answer, {@code <eos>}. */
        public int sequenceTokens() {
            return 1 + maxPromptTokens + maxAnswerLength + 1;
        }
    }
}
