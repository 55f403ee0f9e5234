package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.morl.AdaptiveCombiner;
import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.engine.morl.RewardCombiner;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;
import io.rlwb.plugins.llm.rl.GroupAdvantages;
import io.rlwb.plugins.llm.rl.GrpoLoss;
import io.rlwb.plugins.llm.rl.GrpoTrainer;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The alignment node types of plugin {@code llm} (issue 14): the rule-based reward heads, the TEMPO advantage
 * estimator and the GRPO and DPO trainers. A separate provider beside {@link LlmNodes}.
 */
public final class AlignmentNodes extends LlmProvider {
    @Override
    public List<NodeType> nodeTypes() {
        List<NodeType> all = new ArrayList<>(RewardNodes.all());
        all.add(tempo());
        all.add(grpo());
        all.add(DpoNode.type());
        return all;
    }

    static final PortSpec<AdvantageEstimator> ESTIMATOR_OUT = PortSpec.out("estimator",
            AlignmentPorts.ADVANTAGE_ESTIMATOR, "The estimator");
    static final PortSpec<LanguagePolicy> POLICY = PortSpec.in("policy", LlmPorts.TRAINABLE_LANGUAGE_POLICY,
            "Policy to train");
    static final PortSpec<Task> TASK = PortSpec.in("task", LlmPorts.LM_TASK,
            "Task whose training split gives the prompts and whose held-out split the evaluation");
    static final PortSpec<RewardHeads> HEADS = PortSpec.in("reward", AlignmentPorts.REWARD_VECTOR,
            "The vector reward: the last of a chain of reward-head nodes");
    static final PortSpec<RewardHeads> OPTIONAL_HEADS = PortSpec.optionalIn("reward", AlignmentPorts.REWARD_VECTOR,
            "The vector reward that ranks sampled completions into pairs (not needed with a pairs file)");
    static final PortSpec<RewardHeads> GOLD = PortSpec.optionalIn("gold", AlignmentPorts.REWARD_VECTOR,
            "Heads scored on the same completions and logged as grpo/gold/<head>/mean but never optimised: the true "
                    + "reward beside a learned proxy on 'reward', so overoptimisation shows as the curves parting");
    static final PortSpec<WeightedCombiner> COMBINER = PortSpec.optionalIn("combiner", PortTypes.COMBINER,
            "Combiner of the vector reward with its weights (core/reward.linear, core/reward.chebyshev; or the "
                    + "adaptive core/reward.dynamic, core/reward.lagrangian, moved after every generation batch and "
                    + "logged as grpo/combiner/weight_<head>, grpo/combiner/lambda_<head>); default linear with equal "
                    + "weights");
    static final PortSpec<AdvantageEstimator> ESTIMATOR = PortSpec.optionalIn("estimator",
            AlignmentPorts.ADVANTAGE_ESTIMATOR, "Per-token advantage estimator; default GRPO's group-relative one");

    static NodeType tempo() {
        return NodeType.builder("llm/tempo", 1)
                .category("Estimator").displayName("TEMPO advantages")
                .description("Tree-structured credit: each group's completions form a prefix tree; every token gets "
                        + "the group-relative advantage plus, at branch points, the TD term V(child) - V(parent) of "
                        + "the tree's mean-reward values (zero at non-branching tokens). Wire into llm/grpo's "
                        + "'estimator'.")
                .output(ESTIMATOR_OUT)
                .param(scaleParam())
                .factory(ctx -> NodeInstance.ofComponent(ESTIMATOR_OUT,
                        AdvantageEstimator.tempo(GroupAdvantages.Scale.parse(ctx.stringParam("scale_rewards")))))
                .build();
    }

    private static ParamSpec scaleParam() {
        return ParamSpec.ofChoice("scale_rewards", "group", List.of("group", "batch", "none"),
                "Divide the centred rewards by the group's std, the batch's std, or not at all (TRL's scale_rewards)");
    }

    static NodeType grpo() {
        return NodeType.builder("llm/grpo", 1)
                .category("Trainer").displayName("GRPO").role(NodeRole.TRAINER)
                .description("Group-relative policy optimisation (TRL's GRPOTrainer): per iteration, prompts_per_step "
                        + "training prompts, group_size sampled completions each, scored by the wired reward heads "
                        + "and combined; per-token advantages from the wired estimator (group-relative by default); "
                        + "then 'iterations' Adam steps on the clipped surrogate (loss type grpo|bnpo|dr_grpo|dapo, "
                        + "eps_low / eps_high, token or sequence ratios, k3 KL to the start policy when beta > 0). "
                        + "An optional supervised start of sft_steps steps runs first. The env_steps budget counts "
                        + "supervised examples and completions. Records eval/accuracy_initial and eval/accuracy "
                        + "(held-out greedy exact match before and after the RL phase) and publishes credit snapshots.")
                .input(POLICY)
                .input(TASK)
                .input(HEADS)
                .input(GOLD)
                .input(COMBINER)
                .input(ESTIMATOR)
                .metrics(GrpoNode.METRICS)
                .snapshot(GrpoNode.CREDIT)
                .param(ParamSpec.ofChoice("loss_type", "dapo", List.of("grpo", "bnpo", "dr_grpo", "dapo"),
                        "How per-token losses are averaged (TRL's loss_type)"))
                .param(scaleParam())
                .param(ParamSpec.ofFloat("eps_low", 0.2, 0.0, 0.999, "", "Lower clip: ratio >= 1 - eps_low"))
                .param(ParamSpec.ofFloat("eps_high", 0.28, 0.0, 100.0, "", "Upper clip: ratio <= 1 + eps_high"))
                .param(ParamSpec.ofInt("iterations", 2, 1, 64, "steps",
                        "Optimisation steps per generation batch (TRL's num_iterations)"))
                .param(ParamSpec.ofInt("group_size", 8, 2, 1024, "completions", "Completions per prompt, G"))
                .param(ParamSpec.ofInt("prompts_per_step", 16, 1, 1 << 16, "prompts", "Prompts per generation batch"))
                .param(ParamSpec.ofFloat("beta", 0.0, 0.0, 100.0, "", "KL coefficient to the start policy (0 = none)"))
                .param(ParamSpec.ofChoice("ratio_level", "token", List.of("token", "sequence"),
                        "Per-token importance ratios, or GSPO's length-normalised sequence ratio"))
                .param(ParamSpec.ofBool("mask_truncated", false, "Leave completions cut before <eos> out of the loss"))
                .param(ParamSpec.ofFloat("lr", 5e-4, 1e-8, 1.0, "", "Adam learning rate (constant)"))
                .param(ParamSpec.ofFloat("clip_norm", 1.0, 0.0, 1e6, "", "Global gradient-norm bound (0 = none)"))
                .param(ParamSpec.ofFloat("temperature", 1.0, 1e-3, 100.0, "", "Sampling temperature"))
                .param(ParamSpec.ofInt("eval_prompts", 200, 1, 1 << 16, "prompts",
                        "Held-out prompts of the greedy exact-match evaluations"))
                .param(ParamSpec.ofInt("sft_steps", 0, 0, 1 << 24, "steps",
                        "Supervised steps before GRPO (0 = start from the policy as wired)"))
                .param(ParamSpec.ofInt("sft_batch_size", 64, 1, 1 << 16, "examples", "Examples per supervised step"))
                .param(ParamSpec.ofFloat("sft_lr", 3e-3, 1e-7, 1.0, "", "Peak learning rate of the supervised start"))
                .param(ParamSpec.ofInt("sft_warmup_steps", 10, 0, 1 << 24, "steps", "Warm-up of the supervised start"))
                .infer(ctx -> {
                    inferTrainer(ctx);
                    inferGold(ctx);
                    inferCombiner(ctx, HEADS);
                })
                .factory(ctx -> {
                    SftConfig sft = sftStart(ctx);
                    int p = ctx.intParam("prompts_per_step");
                    int g = ctx.intParam("group_size");
                    int rlSteps = SftStart.stepsAfter(ctx, sft, (long) p * g);
                    GroupAdvantages.Scale scale = GroupAdvantages.Scale.parse(ctx.stringParam("scale_rewards"));
                    AdvantageEstimator est = ctx.component(ESTIMATOR);
                    GrpoLoss.Config loss = new GrpoLoss.Config(GrpoLoss.LossType.parse(ctx.stringParam("loss_type")),
                            ctx.doubleParam("eps_low"), ctx.doubleParam("eps_high"), ctx.doubleParam("beta"),
                            GrpoLoss.RatioLevel.parse(ctx.stringParam("ratio_level")),
                            ctx.boolParam("mask_truncated"));
                    GrpoTrainer.Config c = new GrpoTrainer.Config(p, g, ctx.intParam("iterations"),
                            ctx.doubleParam("lr"), ctx.doubleParam("clip_norm"), ctx.doubleParam("temperature"), loss,
                            ctx.intParam("eval_prompts"), ctx.rngSeed());
                    RewardHeads gold = ctx.component(GOLD);
                    RewardVector rewards = rewards(ctx, HEADS);
                    GrpoNode.Setup setup = new GrpoNode.Setup(gold == null ? rewards : rewards.withGold(gold.heads()),
                            est == null ? AdvantageEstimator.groupRelative(scale) : est, c, ctx.nodeId());
                    return new GrpoNode(ctx.component(POLICY), ctx.component(TASK), sft, setup, rlSteps);
                })
                .build();
    }

    /** The supervised start from the {@code sft_*} parameters, or null when {@code sft_steps} is 0. */
    static SftConfig sftStart(BuildContext ctx) {
        int steps = ctx.intParam("sft_steps");
        if (steps == 0) return null;
        return new SftConfig(steps, ctx.intParam("sft_batch_size"), ctx.doubleParam("sft_lr"),
                ctx.intParam("sft_warmup_steps"), LrSchedule.COSINE, 0.1, 1.0, ctx.intParam("eval_prompts"),
                ctx.rngSeed() ^ 0x5F7L);
    }

    /**
     * The wired heads combined by the wired combiner under its weights (linear, equal weights when unwired). An
     * adaptive combiner ({@code core/reward.dynamic}, {@code core/reward.lagrangian}) is bound to the heads' names
     * here and moved by the trainer after every batch.
     */
    static RewardVector rewards(BuildContext ctx, PortSpec<RewardHeads> port) {
        List<RewardHead> heads = ctx.component(port).heads();
        WeightedCombiner wc = ctx.component(COMBINER);
        int k = heads.size();
        if (wc instanceof AdaptiveCombiner a) {
            List<String> names = new ArrayList<>();
            for (RewardHead h : heads) names.add(h.name());
            a.bind(names); // names the combiner's node and parameter when they do not fit the heads
        }
        RewardCombiner c = wc == null ? new LinearCombiner() : wc;
        double[] w = wc == null ? uniform(k) : wc.weights(k);
        return new RewardVector(heads, c, w);
    }

    private static double[] uniform(int k) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        return w;
    }

    /**
     * Warnings for a gold vector that cannot part from the optimised one (it repeats a head of it), and for a
     * learned proxy ({@code rm/...} heads) optimised without gold heads beside it.
     */
    /** An adaptive combiner's parameters must fit the wired heads' names (a validation error on 'combiner'). */
    @SuppressWarnings("unchecked")
    static void inferCombiner(InferContext ctx, PortSpec<RewardHeads> heads) {
        List<String> names = ctx.inputShape(heads, List.class);
        AdaptiveCombiner.Check check = ctx.inputShape(COMBINER, AdaptiveCombiner.Check.class);
        if (names != null && check != null) {
            String problem = check.problem(names);
            if (problem != null) ctx.error(COMBINER.name(), problem + " (the reward heads are " + names + ")");
        }
    }

    @SuppressWarnings("unchecked")
    static void inferGold(InferContext ctx) {
        List<String> reward = ctx.inputShape(HEADS, List.class);
        List<String> gold = ctx.inputShape(GOLD, List.class);
        if (gold != null && reward != null) {
            for (String h : gold) {
                if (reward.contains(h)) {
                    ctx.warning(GOLD.name(), "gold head '" + h + "' is also optimised on 'reward' " + reward
                            + ": its gold curve is the proxy curve");
                }
            }
        }
        if (gold == null && reward != null && reward.stream().anyMatch(h -> h.startsWith("rm/"))) {
            ctx.warning(GOLD.name(), "the reward " + reward + " is a learned proxy and no gold heads are wired: "
                    + "overoptimisation will not show");
        }
    }

    /** The policy must read a task example whole. */
    static void inferTrainer(InferContext ctx) {
        LlmPorts.TaskShape t = ctx.inputShape(TASK, LlmPorts.TaskShape.class);
        LlmPorts.PolicyShape p = ctx.inputShape(POLICY, LlmPorts.PolicyShape.class);
        if (t != null && p != null && t.sequenceTokens() > p.config().contextLength()) {
            ctx.error(TASK.name(), "a " + t.name() + " example takes up to " + t.sequenceTokens()
                    + " tokens, more than the policy's context length " + p.config().contextLength());
        }
    }
}
