package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.plugins.llm.reward.BrevityHead;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.SafetyHead;
import io.rlwb.plugins.llm.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rule-based reward heads as nodes. Each appends its {@link RewardHead} to the vector wired into its optional
 * {@code vector} input and outputs the longer vector, so heads chain (an input takes one wire). A trainer
 * ({@code llm/grpo}, {@code llm/dpo}) takes the last vector into its {@code reward} input, scores every completion
 * with each (the vector reward, logged as {@code rewards/<head>/mean}) and combines the vector with the engine
 * combiner wired into its {@code combiner} input ({@code core/reward.linear}, {@code core/reward.chebyshev}).
 */
final class RewardNodes {
    private RewardNodes() {}

    static final PortSpec<RewardHeads> IN = PortSpec.optionalIn("vector", AlignmentPorts.REWARD_VECTOR,
            "Heads before this one (another head node's output); empty when unwired");
    static final PortSpec<RewardHeads> OUT = PortSpec.out("vector", AlignmentPorts.REWARD_VECTOR,
            "The heads before this one, then this one");
    static final PortSpec<Task> TASK = PortSpec.in("task", LlmPorts.LM_TASK, "Task whose answers are the reference");

    static List<NodeType> all() {
        return List.of(correctness(), format(), brevity(), safety());
    }

    static NodeType correctness() {
        return base("llm/reward-correctness", "Correctness reward",
                "1 when the completion equals the task's answer exactly (and ended with <eos>), else 0: the "
                        + "verifiable reward of GRPO on a task with known answers.")
                .input(TASK)
                .infer(ctx -> shape(ctx, "correctness"))
                .factory(ctx -> instance(ctx, new CorrectnessHead(ctx.component(TASK))))
                .build();
    }

    static NodeType format() {
        return base("llm/reward-format", "Format reward",
                "1 when the completion ended with <eos> and its whole text matches 'pattern' (by default a decimal "
                        + "number without leading zeros), else 0: answering in the right shape, right or wrong.")
                .param(ParamSpec.ofString("pattern", FormatHead.NUMBER, "Regular expression a well-formed completion "
                        + "matches entirely"))
                .infer(ctx -> check(ctx, c -> new FormatHead(c.param("pattern").asText())))
                .factory(ctx -> instance(ctx, new FormatHead(ctx.stringParam("pattern"))))
                .build();
    }

    static NodeType brevity() {
        return base("llm/reward-brevity", "Brevity reward",
                "1 for a finished completion of at most 'budget' characters, falling linearly to 0 at twice the "
                        + "budget; 0 for a truncated one.")
                .param(ParamSpec.ofInt("budget", 4, 1, 1 << 20, "characters", "Longest completion with full score"))
                .infer(ctx -> check(ctx, c -> new BrevityHead(c.intParam("budget"))))
                .factory(ctx -> instance(ctx, new BrevityHead(ctx.intParam("budget"))))
                .build();
    }

    static NodeType safety() {
        return base("llm/reward-safety", "Safety reward",
                "Rule-based safety: 1 minus the fraction of forbidden patterns (regular expressions, searched "
                        + "anywhere in the completion) that occur. With core/reward.lagrangian semantics in mind it "
                        + "is the head to keep above a threshold.")
                .param(ParamSpec.ofString("forbidden", "", "Forbidden regular expressions, separated by ';;'"))
                .infer(ctx -> check(ctx, c -> new SafetyHead(patterns(c.param("forbidden").asText()))))
                .factory(ctx -> instance(ctx, new SafetyHead(patterns(ctx.stringParam("forbidden")))))
                .build();
    }

    /** Splits the 'forbidden' parameter at {@code ;;} (a pattern may hold commas and single semicolons). */
    static List<String> patterns(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split(";;")) {
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }

    private static NodeType.Builder base(String id, String name, String description) {
        return NodeType.builder(id, 1).category("Reward").displayName(name).description(description).input(IN).output(OUT);
    }

    @SuppressWarnings("unchecked")
    private static void shape(InferContext ctx, String name) {
        ctx.outputShape(OUT, RewardHeads.names(ctx.inputShape(IN, List.class), name));
    }

    private static NodeInstance instance(io.rlwb.engine.spi.BuildContext ctx, RewardHead head) {
        return NodeInstance.ofComponent(OUT, RewardHeads.append(ctx.component(IN), head));
    }

    /** Builds the head from the parameters so a bad one is a validation error naming the parameter. */
    private static void check(InferContext ctx, Function<InferContext, RewardHead> make) {
        try {
            shape(ctx, make.apply(ctx).name());
        } catch (IllegalArgumentException e) {
            ctx.error(null, e.getMessage());
        }
    }
}
