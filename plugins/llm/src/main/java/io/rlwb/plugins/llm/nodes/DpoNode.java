package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.plugins.llm.policy.FrozenPolicy;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.DpoLoss;
import io.rlwb.plugins.llm.rl.DpoTrainer;
import io.rlwb.plugins.llm.rl.PreferencePair;
import io.rlwb.plugins.llm.sft.ExactMatch;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code llm/dpo} trainer: an optional supervised start, then preference pairs (sampled from the start policy
 * and ranked by the wired reward heads, or read from a pairs file), then one {@link DpoTrainer} step per iteration
 * against the frozen start policy as reference, counting each pair as an environment step. Records TRL's
 * {@code rewards/*} (under {@code dpo/}) per step, the same on held-out pairs at the end ({@code eval/rewards/*}), and held-out greedy
 * exact match before and after ({@code eval/accuracy_initial}, {@code eval/accuracy}).
 */
final class DpoNode implements Trainer {
    /** TRL's metric names, under this prefix. */
    static final String PREFIX = "dpo/";
    static final MetricSpec[] METRICS = {
        MetricSpec.of(PREFIX + "loss", MetricSpec.Role.KEY, "DPO loss of the step's pairs"),
        MetricSpec.of(PREFIX + "rewards/chosen", MetricSpec.Role.DETAIL, "Mean implicit reward beta log(pi/ref) of chosen"),
        MetricSpec.of(PREFIX + "rewards/rejected", MetricSpec.Role.DETAIL, "Mean implicit reward of rejected completions"),
        MetricSpec.of(PREFIX + "rewards/margins", MetricSpec.Role.DETAIL, "Mean chosen minus rejected implicit reward"),
        MetricSpec.of(PREFIX + "rewards/accuracies", MetricSpec.Role.KEY, "Share of pairs whose chosen reward is higher"),
        MetricSpec.of(PREFIX + "logps/chosen", MetricSpec.Role.DETAIL, "Mean summed log-probability of chosen"),
        MetricSpec.of(PREFIX + "logps/rejected", MetricSpec.Role.DETAIL, "Mean summed log-probability of rejected"),
        MetricSpec.of(PREFIX + "nll_loss", MetricSpec.Role.DETAIL, "Mean NLL of chosen tokens (the RPO term)"),
        MetricSpec.of(PREFIX + "grad_norm", MetricSpec.Role.DETAIL, "Global gradient norm before clipping"),
        MetricSpec.of(PREFIX + "eval/rewards/accuracies", MetricSpec.Role.KEY, "rewards/accuracies on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/margins", MetricSpec.Role.DETAIL, "rewards/margins on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/chosen", MetricSpec.Role.DETAIL, "rewards/chosen on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/rejected", MetricSpec.Role.DETAIL, "rewards/rejected on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/loss", MetricSpec.Role.DETAIL, "DPO loss on held-out pairs"),
        MetricSpec.of("dpo/pairs/train", MetricSpec.Role.DETAIL, "Training preference pairs"),
        MetricSpec.of("dpo/pairs/held_out", MetricSpec.Role.DETAIL, "Held-out preference pairs"),
        SftNode.LOSS,
        Evals.INITIAL,
        Evals.FINAL,
    };

    /** How the pairs are made once the supervised start is over. */
    record PairSource(RewardVector rewards, Path file, int prompts, int samples, double temperature, int heldOut,
            int pairsPerPrompt) {}

    private final LanguagePolicy policy;
    private final Task task;
    private final SftTrainer sft;
    private final SftConfig sftConfig;
    private final PairSource source;
    private final DpoTrainer.Config config;
    private final int steps;
    private final int evalPrompts;
    private final String nodeId;
    private DpoTrainer dpo;
    private List<PreferencePair> heldOutPairs;
    /** Estimated native bytes a supervised / DPO step leaves behind, and the sum since the last collection. */
    private final long sftGarbage;
    private final long dpoGarbage;
    private long nativeGarbage;

    DpoNode(String nodeId, LanguagePolicy policy, Task task, SftConfig sftConfig, PairSource source,
            DpoTrainer.Config config, int steps, int evalPrompts) {
        this.nodeId = nodeId;
        this.policy = policy;
        this.task = task;
        this.sftConfig = sftConfig;
        this.sft = sftConfig == null ? null : new SftTrainer(policy.policy(), policy.tokenizer(), task, sftConfig);
        this.source = source;
        this.config = config;
        this.steps = steps;
        this.evalPrompts = evalPrompts;
        long t = task.maxPromptTokens() + task.maxAnswerLength() + 2L;
        long perRow = (long) policy.policy().config().heads() * policy.policy().config().layers() * t * t
                * Float.BYTES * SftNode.ATTENTION_ARRAYS_PER_LAYER;
        this.sftGarbage = sftConfig == null ? 0 : sftConfig.batchSize() * perRow;
        // chosen and rejected rows, through the policy (with gradients) and the reference
        this.dpoGarbage = 4L * config.pairsPerStep() * perRow;
    }

    /** As {@link GrpoNode}: collect once the estimated native garbage passes {@link SftNode#GC_AFTER_BYTES}. */
    private void collect(long bytes) {
        nativeGarbage += bytes;
        if (nativeGarbage >= SftNode.GC_AFTER_BYTES) {
            nativeGarbage = 0;
            System.gc();
        }
    }

    static NodeType type() {
        return NodeType.builder("llm/dpo", 1)
                .category("Trainer").displayName("DPO").role(NodeRole.TRAINER)
                .description("Direct preference optimisation (TRL's DPOTrainer) against the frozen start policy: "
                        + "losses sigmoid (DPO), hinge (RSO), ipo and robust (label-smoothed). Pairs come from "
                        + "'pairs_file' (prompt, answer, chosen, rejected, tab-separated; every fifth held out) or, "
                        + "when it is empty, from sampling samples_per_prompt completions of each of 'pairs' "
                        + "training prompts (and eval_pairs held-out ones) and ranking them by the wired reward "
                        + "heads: a best text chosen, a worse one rejected, up to pairs_per_prompt couples per "
                        + "prompt. rpo_alpha > 0 adds the chosen NLL (RPO). An optional supervised start runs "
                        + "first. One step of pairs_per_step pairs per iteration; env_steps counts examples and "
                        + "pairs.")
                .input(AlignmentNodes.POLICY)
                .input(AlignmentNodes.TASK)
                .input(AlignmentNodes.OPTIONAL_HEADS)
                .input(AlignmentNodes.COMBINER)
                .metrics(METRICS)
                .param(ParamSpec.ofChoice("loss_type", "sigmoid", List.of("sigmoid", "hinge", "ipo", "robust"),
                        "DPO loss (TRL's loss_type)"))
                .param(ParamSpec.ofFloat("beta", 0.1, 1e-6, 100.0, "", "Inverse temperature of the implicit reward"))
                .param(ParamSpec.ofFloat("label_smoothing", 0.0, 0.0, 0.499, "",
                        "Assumed label-flip probability (sigmoid and robust)"))
                .param(ParamSpec.ofInt("pairs_per_step", 32, 1, 1 << 16, "pairs", "Pairs per optimiser step"))
                .param(ParamSpec.ofFloat("lr", 5e-4, 1e-8, 1.0, "", "Adam learning rate (constant)"))
                .param(ParamSpec.ofFloat("clip_norm", 1.0, 0.0, 1e6, "", "Global gradient-norm bound (0 = none)"))
                .param(ParamSpec.ofString("pairs_file", "", "Preference pairs file; empty = sample and rank"))
                .param(ParamSpec.ofInt("pairs", 512, 1, 1 << 20, "prompts", "Training prompts sampled for pairs"))
                .param(ParamSpec.ofInt("eval_pairs", 128, 1, 1 << 20, "prompts", "Held-out prompts sampled for pairs"))
                .param(ParamSpec.ofInt("samples_per_prompt", 8, 2, 1024, "completions", "Samples ranked per prompt"))
                .param(ParamSpec.ofFloat("temperature", 1.0, 1e-3, 100.0, "", "Sampling temperature of the pairs"))
                .param(ParamSpec.ofInt("pairs_per_prompt", 1, 1, 1 << 10, "pairs",
                        "Pairs per prompt: a best-scoring text against each distinct worse one"))
                .param(ParamSpec.ofFloat("rpo_alpha", 0.0, 0.0, 100.0, "",
                        "Weight of the chosen completions' NLL added to the loss (TRL's rpo_alpha; 0 = plain DPO)"))
                .param(ParamSpec.ofInt("eval_prompts", 200, 1, 1 << 16, "prompts",
                        "Held-out prompts of the greedy exact-match evaluations"))
                .param(ParamSpec.ofInt("sft_steps", 0, 0, 1 << 24, "steps", "Supervised steps before DPO (0 = none)"))
                .param(ParamSpec.ofInt("sft_batch_size", 64, 1, 1 << 16, "examples", "Examples per supervised step"))
                .param(ParamSpec.ofFloat("sft_lr", 3e-3, 1e-7, 1.0, "", "Peak learning rate of the supervised start"))
                .param(ParamSpec.ofInt("sft_warmup_steps", 10, 0, 1 << 24, "steps", "Warm-up of the supervised start"))
                .infer(ctx -> {
                    AlignmentNodes.inferTrainer(ctx);
                    String file = ctx.param("pairs_file").asText();
                    if (!file.isEmpty() && !Files.isRegularFile(Path.of(file))) {
                        ctx.error(null, "parameter 'pairs_file': " + file + " is not a file");
                    }
                    if (file.isEmpty() && ctx.inputShape(AlignmentNodes.OPTIONAL_HEADS, List.class) == null) {
                        ctx.error(AlignmentNodes.OPTIONAL_HEADS.name(), "wire reward heads to rank sampled pairs, or set "
                                + "parameter 'pairs_file'");
                    }
                })
                .factory(ctx -> {
                    long budget = ctx.run().budget("env_steps", 0);
                    SftConfig sft = AlignmentNodes.sftStart(ctx);
                    int per = ctx.intParam("pairs_per_step");
                    long left = budget - (sft == null ? 0 : (long) sft.steps() * sft.batchSize());
                    int steps = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / per));
                    String file = ctx.stringParam("pairs_file");
                    RewardVector rv = ctx.component(AlignmentNodes.OPTIONAL_HEADS) == null ? null
                            : AlignmentNodes.rewards(ctx, AlignmentNodes.OPTIONAL_HEADS);
                    PairSource src = new PairSource(rv, file.isEmpty() ? null : Path.of(file), ctx.intParam("pairs"),
                            ctx.intParam("samples_per_prompt"), ctx.doubleParam("temperature"),
                            ctx.intParam("eval_pairs"), ctx.intParam("pairs_per_prompt"));
                    DpoTrainer.Config c = new DpoTrainer.Config(per, ctx.doubleParam("lr"), ctx.doubleParam("clip_norm"),
                            new DpoLoss.Config(DpoLoss.LossType.parse(ctx.stringParam("loss_type")),
                                    ctx.doubleParam("beta"), ctx.doubleParam("label_smoothing"),
                                    ctx.doubleParam("rpo_alpha")), ctx.rngSeed());
                    return new DpoNode(ctx.nodeId(), ctx.component(AlignmentNodes.POLICY),
                            ctx.component(AlignmentNodes.TASK), sft, src, c, steps, ctx.intParam("eval_prompts"));
                })
                .build();
    }

    @Override
    public void iterate(RunServices run) {
        if (sft != null && sft.steps() < sftConfig.steps()) {
            SftTrainer.StepStats s = sft.step();
            run.addEnvSteps(sftConfig.batchSize());
            run.metric(SftNode.LOSS.key(), s.loss());
            collect(sftGarbage);
            return;
        }
        if (dpo == null) start(run);
        run.addEnvSteps(config.pairsPerStep());
        if (dpo.steps() >= steps) return;
        for (Map.Entry<String, Double> m : dpo.step().entrySet()) run.metric(PREFIX + m.getKey(), m.getValue());
        collect(dpoGarbage);
        if (dpo.steps() == steps) {
            Map<String, Double> e = dpo.evaluate(heldOutPairs);
            run.metric(PREFIX + "eval/rewards/accuracies", e.get("rewards/accuracies"));
            run.metric(PREFIX + "eval/rewards/margins", e.get("rewards/margins"));
            run.metric(PREFIX + "eval/rewards/chosen", e.get("rewards/chosen"));
            run.metric(PREFIX + "eval/rewards/rejected", e.get("rewards/rejected"));
            run.metric(PREFIX + "eval/loss", e.get("loss"));
            run.metric(Evals.FINAL.key(), accuracy());
        }
    }

    /** Freezes the reference, makes the pairs and measures the start. */
    private void start(RunServices run) {
        FrozenPolicy ref = policy.policy().frozenCopy();
        List<PreferencePair> train;
        if (source.file() != null) {
            List<PreferencePair> all;
            try {
                all = PreferencePair.read(source.file());
            } catch (IOException e) {
                throw new UncheckedIOException("node '" + nodeId + "', parameter 'pairs_file': " + e.getMessage(), e);
            }
            train = new ArrayList<>();
            heldOutPairs = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) (i % 5 == 4 ? heldOutPairs : train).add(all.get(i));
            if (heldOutPairs.isEmpty()) heldOutPairs = train;
        } else {
            long seed = config.seed();
            train = DpoTrainer.samplePairs(policy.policy(), policy.tokenizer(), task, source.rewards(), Split.TRAIN,
                    source.prompts(), source.samples(), source.temperature(), source.pairsPerPrompt(), seed);
            heldOutPairs = DpoTrainer.samplePairs(policy.policy(), policy.tokenizer(), task, source.rewards(),
                    Split.TEST, source.heldOut(), source.samples(), source.temperature(), source.pairsPerPrompt(),
                    seed ^ 0x7E57L);
            if (train.isEmpty() || heldOutPairs.isEmpty()) {
                throw new IllegalStateException("node '" + nodeId + "': every sampled group scored the same under "
                        + "the reward heads, so no preference pairs could be made (" + train.size() + " training, "
                        + heldOutPairs.size() + " held out); raise 'temperature' or 'samples_per_prompt'");
            }
        }
        run.metric("dpo/pairs/train", train.size());
        run.metric("dpo/pairs/held_out", heldOutPairs.size());
        dpo = new DpoTrainer(policy.policy(), ref, policy.tokenizer(), train, config);
        run.metric(Evals.INITIAL.key(), accuracy());
    }

    private double accuracy() {
        List<Example> heldOut = task.examples(Split.TEST, evalPrompts, config.seed() ^ 0x7E57L);
        return ExactMatch.evaluate(policy.policy(), policy.tokenizer(), task, heldOut, KvCacheFactory.FULL)
                .accuracy();
    }
}
