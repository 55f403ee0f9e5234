package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Task;
import java.util.List;
import java.util.function.Function;

/** The task node types: multi-digit addition and long-context key-value recall, each generated from a seed. */
final class TaskNodes {
    private TaskNodes() {}

    static final PortSpec<Task> OUT = PortSpec.out("task", LlmPorts.LM_TASK,
            "The task: seeded instances with training and held-out splits");

    static List<NodeType> all() {
        return List.of(addition(), recall());
    }

    /** Infers the task's shape by building it from the parameters, reporting a bad parameter as an error. */
    private static void inferTask(InferContext ctx, Function<InferContext, Task> make) {
        try {
            ctx.outputShape(OUT, LlmPorts.TaskShape.of(make.apply(ctx)));
        } catch (IllegalArgumentException e) {
            ctx.error(null, e.getMessage());
        }
    }

    static AdditionTask addition(InferContext ctx) {
        return new AdditionTask(new AdditionTask.Config(ctx.intParam("min_digits"), ctx.intParam("max_digits"),
                ctx.doubleParam("held_out"), ctx.param("seed").asLong(), ctx.param("reversed").asBoolean()));
    }

    static RecallTask recall(InferContext ctx) {
        return new RecallTask(new RecallTask.Config(ctx.intParam("context_length"), ctx.intParam("pairs"),
                ctx.intParam("key_length"), ctx.intParam("value_length"), ctx.doubleParam("held_out"),
                ctx.param("seed").asLong(), RecallTask.Layout.parse(ctx.param("layout").asText())));
    }

    static NodeType addition() {
        return NodeType.builder("llm/addition-task", 1)
                .category("Task").displayName("Addition task")
                .description("Multi-digit addition: prompt 'a+b=', answer the digits of the sum. Operand pairs are "
                        + "split into training and held-out parts by a keyed hash, so the parts never overlap.")
                .output(OUT)
                .param(ParamSpec.ofInt("seed", 1, 0, Integer.MAX_VALUE, "", "Fixes the train/held-out partition"))
                .param(ParamSpec.ofInt("min_digits", 1, 1, 9, "digits", "Fewest digits of an operand"))
                .param(ParamSpec.ofInt("max_digits", 2, 1, 9, "digits", "Most digits of an operand"))
                .param(ParamSpec.ofFloat("held_out", 0.2, 0.0, 1.0, "", "Share of operand pairs held out"))
                .param(ParamSpec.ofBool("reversed", false, "Write answers least significant digit first"))
                .infer(ctx -> inferTask(ctx, TaskNodes::addition))
                .factory(ctx -> NodeInstance.ofComponent(OUT, new AdditionTask(new AdditionTask.Config(
                        ctx.intParam("min_digits"), ctx.intParam("max_digits"), ctx.doubleParam("held_out"),
                        ctx.longParam("seed"), ctx.boolParam("reversed")))))
                .build();
    }

    static NodeType recall() {
        return NodeType.builder("llm/recall-task", 1)
                .category("Task").displayName("Key-value recall task")
                .description("Long-context recall: a context of 'context_length' characters with 'pairs' key:value "
                        + "pairs scattered through random filler, then <sep> and one key; the answer is its value. "
                        + "Held-out prompts query keys no training prompt queries. The issue's range is 256-1024.")
                .output(OUT)
                .param(ParamSpec.ofInt("seed", 1, 0, Integer.MAX_VALUE, "", "Fixes the train/held-out partition"))
                .param(ParamSpec.ofInt("context_length", 256, 8, 8192, "characters", "Characters before the query"))
                .param(ParamSpec.ofInt("pairs", 8, 1, 4096, "pairs", "Key-value pairs in the context"))
                .param(ParamSpec.ofInt("key_length", 3, 1, 6, "letters", "Letters per key"))
                .param(ParamSpec.ofInt("value_length", 3, 1, 9, "digits", "Digits per value"))
                .param(ParamSpec.ofFloat("held_out", 0.2, 0.0, 1.0, "", "Share of keys held out"))
                .param(ParamSpec.ofChoice("layout", "colon", List.of("colon", "adjacent"),
                        "How pairs are written: 'key:value' with query '<sep>key:' (colon), or 'keyvalue' with "
                                + "query '<sep>key' (adjacent, the MQAR layout; a small model learns it much sooner)"))
                .infer(ctx -> inferTask(ctx, TaskNodes::recall))
                .factory(ctx -> NodeInstance.ofComponent(OUT, new RecallTask(new RecallTask.Config(
                        ctx.intParam("context_length"), ctx.intParam("pairs"), ctx.intParam("key_length"),
                        ctx.intParam("value_length"), ctx.doubleParam("held_out"), ctx.longParam("seed"),
                        RecallTask.Layout.parse(ctx.stringParam("layout"))))))
                .build();
    }
}
