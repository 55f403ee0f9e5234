package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.FullKernel;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.policy.PolicyConfig;
import io.rlwb.plugins.llm.policy.TransformerPolicy;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/** The transformer-policy node type and the supervised pre-training node type ({@code llm/sft}). */
final class PolicyNodes {
    private PolicyNodes() {}

    static final PortSpec<Task> POLICY_TASK = PortSpec.in("task", LlmPorts.LM_TASK,
            "Task whose alphabet and separators fix the tokenizer, and whose longest example must fit the context");
    static final PortSpec<AttentionKernel> POLICY_KERNEL = PortSpec.optionalIn("kernel", LlmPorts.ATTENTION_KERNEL,
            "Attention kernel the policy decodes through; default the full cache");
    static final PortSpec<LanguagePolicy> POLICY_OUT = PortSpec.out("policy", LlmPorts.TRAINABLE_LANGUAGE_POLICY,
            "The policy");

    /** The kernel a policy uses when none is wired: the full fp32 cache. */
    static final AttentionKernel FULL = KernelRecipe.of("full", new KernelFit("full", 1, 1, 0, false, true),
            DenseStore.factory(), FullKernel::full);

    static NodeType policy() {
        return NodeType.builder("llm/transformer-policy", 1)
                .category("Policy").displayName("Transformer policy")
                .description("A decoder-only transformer over characters (pre-norm blocks, causal multi-head attention "
                        + "with rotary or learned positions, GELU MLP, tied or untied LM head). Its attention reads "
                        + "past keys and values through the kernel wired into 'kernel'. 'weights' loads a checkpoint "
                        + "written by llm/sft (its folder or its policy.json), whose architecture must equal these "
                        + "parameters.")
                .input(POLICY_TASK)
                .input(POLICY_KERNEL)
                .output(POLICY_OUT)
                .param(ParamSpec.ofInt("layers", 2, 1, 64, "blocks", "Transformer blocks"))
                .param(ParamSpec.ofInt("heads", 4, 1, 64, "heads", "Attention heads per block; must divide width"))
                .param(ParamSpec.ofInt("width", 64, 2, 4096, "", "Model width (head size = width / heads)"))
                .param(ParamSpec.ofInt("context_length", 64, 2, 1 << 16, "tokens",
                        "Most tokens (prompt + completion) the policy reads at once"))
                .param(ParamSpec.ofChoice("positions", "rotary", List.of("rotary", "learned"),
                        "Positional encoding: rotary on queries and keys, or a learned table added to embeddings"))
                .param(ParamSpec.ofInt("mlp_ratio", 4, 1, 16, "", "MLP hidden width over model width"))
                .param(ParamSpec.ofChoice("head", "tied", List.of("tied", "untied"),
                        "LM head: the token embedding transposed (tied) or its own [width, vocab] matrix (untied)"))
                .param(ParamSpec.ofFloat("init_std", DecoderModel.Config.GPT2_INIT_STD, 1e-4, 1.0, "",
                        "Standard deviation of the initial weights (GPT-2: 0.02; at width 64 multi-pair recall "
                                + "learns with about 1/sqrt(width) = 0.1 and an untied head, ADR 0039)"))
                .param(ParamSpec.ofInt("seed", 1, 0, Integer.MAX_VALUE, "", "Initial weights"))
                .param(ParamSpec.ofString("weights", "", "Checkpoint to load (folder or policy.json written by "
                        + "llm/sft); empty = fresh weights from 'seed'"))
                .infer(PolicyNodes::inferPolicy)
                .factory(ctx -> {
                    Task task = ctx.component(POLICY_TASK);
                    AttentionKernel kernel = ctx.component(POLICY_KERNEL);
                    CharTokenizer tok = new CharTokenizer(task.alphabet(), task.separators());
                    PolicyConfig c = config(ctx.intParam("layers"), ctx.intParam("heads"), ctx.intParam("width"),
                            ctx.intParam("context_length"), ctx.stringParam("positions"), ctx.intParam("mlp_ratio"),
                            ctx.stringParam("head"), ctx.doubleParam("init_std"), ctx.longParam("seed"));
                    String weights = ctx.stringParam("weights");
                    TransformerPolicy p = weights.isEmpty() ? new TransformerPolicy(c, tok.vocabSize())
                            : load(ctx, Path.of(weights), c, tok);
                    LanguagePolicy lp = new LanguagePolicy(ctx.nodeId(), p, tok, kernel == null ? FULL : kernel);
                    return NodeInstance.ofComponent(POLICY_OUT, lp, p.parameters());
                })
                .build();
    }

    static PolicyConfig config(int layers, int heads, int width, int context, String positions, int mlpRatio,
            String head, double initStd, long seed) {
        if (!head.equals("tied") && !head.equals("untied")) {
            throw new IllegalArgumentException("parameter 'head' must be tied or untied, got '" + head + "'");
        }
        return new PolicyConfig(layers, heads, width, context,
                DecoderModel.Positions.valueOf(positions.toUpperCase(Locale.ROOT)), head.equals("tied"), mlpRatio, 0,
                seed, DataType.FLOAT, initStd);
    }

    private static void inferPolicy(InferContext ctx) {
        PolicyConfig c;
        try {
            c = config(ctx.intParam("layers"), ctx.intParam("heads"), ctx.intParam("width"),
                    ctx.intParam("context_length"), ctx.param("positions").asText(), ctx.intParam("mlp_ratio"),
                    ctx.param("head").asText(), ctx.doubleParam("init_std"), ctx.param("seed").asLong());
        } catch (IllegalArgumentException e) {
            ctx.error(null, e.getMessage());
            return;
        }
        String weights = ctx.param("weights").asText();
        if (!weights.isEmpty() && !Files.exists(Path.of(weights))) {
            ctx.error(null, "parameter 'weights': " + weights + " does not exist (give the folder or policy.json "
                    + "an llm/sft run wrote)");
        }
        LlmPorts.TaskShape task = ctx.inputShape(POLICY_TASK, LlmPorts.TaskShape.class);
        if (task != null && task.sequenceTokens() > c.contextLength()) {
            ctx.error(POLICY_TASK.name(), "a " + task.name() + " example takes up to " + task.sequenceTokens()
                    + " tokens (<bos>, prompt, answer, <eos>), more than parameter 'context_length' = "
                    + c.contextLength());
        }
        KernelFit fit = ctx.inputShape(POLICY_KERNEL, KernelFit.class);
        if (fit != null) {
            fit.misfit(c.width(), c.heads()).ifPresent(m -> ctx.error(POLICY_KERNEL.name(), m));
            fit.idle(c.contextLength()).ifPresent(m -> ctx.warning(POLICY_KERNEL.name(), m));
        }
        if (task != null) {
            int vocab = new CharTokenizer(task.alphabet(), task.separators()).vocabSize();
            ctx.outputShape(POLICY_OUT, new LlmPorts.PolicyShape(c, vocab,
                    fit == null ? FULL.fit() : fit));
        }
    }

    /** Loads {@code path}, checking its architecture against the node's parameters and its tokenizer against the task's. */
    private static TransformerPolicy load(BuildContext ctx, Path path, PolicyConfig want, CharTokenizer tok) {
        PolicyCheckpoint.Loaded l = PolicyCheckpoint.load(path);
        PolicyConfig got = l.policy().config();
        if (got.layers() != want.layers() || got.heads() != want.heads() || got.width() != want.width()
                || got.contextLength() != want.contextLength() || got.positions() != want.positions()
                || got.mlpRatio() != want.mlpRatio() || got.tiedHead() != want.tiedHead()) {
            throw new IllegalArgumentException("node '" + ctx.nodeId() + "': parameter 'weights': " + path + " holds a "
                    + "policy of " + describe(got) + ", and the node's parameters say " + describe(want));
        }
        if (!l.tokenizer().equals(tok)) {
            throw new IllegalArgumentException("node '" + ctx.nodeId() + "': parameter 'weights': " + path + " was "
                    + "trained on another alphabet than the wired task's (" + l.tokenizer().vocabSize() + " tokens, "
                    + "the task's tokenizer has " + tok.vocabSize() + ")");
        }
        return l.policy();
    }

    private static String describe(PolicyConfig c) {
        return "layers " + c.layers() + ", heads " + c.heads() + ", width " + c.width() + ", context_length "
                + c.contextLength() + ", positions " + c.positions().name().toLowerCase(Locale.ROOT) + ", mlp_ratio "
                + c.mlpRatio() + ", head " + (c.tiedHead() ? "tied" : "untied");
    }

    // ---------------------------------------------------------------- supervised pre-training

    static final PortSpec<LanguagePolicy> SFT_POLICY = PortSpec.in("policy", LlmPorts.TRAINABLE_LANGUAGE_POLICY,
            "Policy to train");
    static final PortSpec<Task> SFT_TASK = PortSpec.in("task", LlmPorts.LM_TASK, "Task whose training split is the data");

    static NodeType sft() {
        return NodeType.builder("llm/sft", 1)
                .category("Trainer").displayName("Supervised pre-training").role(NodeRole.TRAINER)
                .description("Teacher-forced cross-entropy on the answer tokens of the task's training split, Adam "
                        + "with warm-up then decay, gradient clipping. One optimiser step per iteration; the "
                        + "env_steps budget counts training examples, so the schedule spans budget / batch_size "
                        + "steps. At the end it measures held-out greedy exact match and saves the weights to "
                        + "<run>/policy (policy.json, weights.npz), which a transformer-policy's 'weights' loads.")
                .input(SFT_POLICY)
                .input(SFT_TASK)
                .metrics(SftNode.METRICS)
                .param(ParamSpec.ofInt("batch_size", 64, 1, 1 << 16, "examples", "Training examples per step"))
                .param(ParamSpec.ofFloat("lr", 3e-3, 1e-7, 1.0, "", "Peak Adam learning rate"))
                .param(ParamSpec.ofInt("warmup_steps", 50, 0, 1 << 24, "steps", "Linear warm-up steps"))
                .param(ParamSpec.ofChoice("schedule", "cosine", List.of("cosine", "linear", "constant"),
                        "Learning-rate decay after the warm-up"))
                .param(ParamSpec.ofFloat("min_lr_ratio", 0.1, 0.0, 1.0, "", "Final learning rate over the peak"))
                .param(ParamSpec.ofFloat("clip_norm", 1.0, 0.0, 1e6, "", "Global gradient-norm bound (0 = none)"))
                .param(ParamSpec.ofInt("eval_prompts", 64, 1, 1 << 16, "prompts",
                        "Held-out prompts of the final greedy exact-match evaluation"))
                .param(ParamSpec.ofInt("log_every", 10, 1, 1 << 20, "steps", "Steps between recorded metrics"))
                .param(ParamSpec.ofBool("save_weights", true, "Write the trained weights to <run>/policy"))
                .param(ParamSpec.ofInt("queries", 0, 0, 1 << 12, "queries",
                        "Recall task only: queries per training sequence (multi-query recall, which learns many "
                                + "pairs where one query per sequence does not; 12 in the kv samples). 0 = one "
                                + "query, the task's own prompt and answer"))
                .param(ParamSpec.ofInt("min_context", 0, 0, 1 << 16, "chars",
                        "With queries > 0: train at context lengths mixed from this (doubling) up to the task's "
                                + "(short contexts are where the lookup forms). 0 = the task's context only"))
                .param(ParamSpec.ofInt("short_steps", 0, 0, 1 << 24, "steps",
                        "With min_context > 0: the first steps train at min_context alone (the lookup forms "
                                + "there, then carries to longer contexts), before the lengths mix"))
                .infer(ctx -> {
                    LlmPorts.TaskShape t = ctx.inputShape(SFT_TASK, LlmPorts.TaskShape.class);
                    LlmPorts.PolicyShape p = ctx.inputShape(SFT_POLICY, LlmPorts.PolicyShape.class);
                    int queries = ctx.intParam("queries");
                    int min = ctx.intParam("min_context");
                    if (min > 0 && queries == 0) {
                        ctx.error(null, "parameter 'min_context': mixed training lengths are for multi-query "
                                + "recall: set 'queries' > 0 or 'min_context' to 0");
                    }
                    if (ctx.intParam("short_steps") > 0 && min == 0) {
                        ctx.error(null, "parameter 'short_steps': the first steps train at 'min_context', which is 0; "
                                + "set it or set 'short_steps' to 0");
                    }
                    if (t == null) return;
                    if (queries > 0 && t.recall() == null) {
                        ctx.error(SFT_TASK.name(), "parameter 'queries': multi-query training needs a recall task, "
                                + "got '" + t.name() + "'; set 'queries' to 0");
                        return;
                    }
                    if (queries > 0 && min > 0 && (min < t.recall().minContext()
                            || min > t.recall().contextLength())) {
                        ctx.error(null, "parameter 'min_context' must lie in [" + t.recall().minContext() + ", "
                                + t.recall().contextLength() + "] (the shortest context that holds the task's "
                                + t.recall().pairs() + " pairs, and the task's context), got " + min);
                    }
                    int need = queries > 0 ? RecallSft.Session.sequenceTokens(t.recall(), queries)
                            : t.sequenceTokens();
                    if (p != null && need > p.config().contextLength()) {
                        ctx.error(SFT_TASK.name(), (queries > 0 ? "a training sequence of " + queries
                                + " queries on this task" : "a " + t.name() + " example") + " takes up to " + need
                                + " tokens, more than the policy's context length " + p.config().contextLength());
                    }
                })
                .factory(ctx -> {
                    long budget = ctx.run().budget("env_steps", 0);
                    int batch = ctx.intParam("batch_size");
                    int steps = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (budget + batch - 1) / batch));
                    SftConfig c = new SftConfig(steps, batch, ctx.doubleParam("lr"), ctx.intParam("warmup_steps"),
                            LrSchedule.valueOf(ctx.stringParam("schedule").toUpperCase(Locale.ROOT)),
                            ctx.doubleParam("min_lr_ratio"), ctx.doubleParam("clip_norm"), ctx.intParam("eval_prompts"),
                            ctx.rngSeed());
                    return new SftNode(ctx.component(SFT_POLICY), ctx.component(SFT_TASK), c, ctx.intParam("log_every"),
                            ctx.boolParam("save_weights"), ctx.intParam("queries"), ctx.intParam("min_context"),
                            ctx.intParam("short_steps"));
                })
                .build();
    }
}
