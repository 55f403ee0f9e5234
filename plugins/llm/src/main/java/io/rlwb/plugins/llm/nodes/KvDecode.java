package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.plugins.llm.kv.KvComparison;
import io.rlwb.plugins.llm.kv.KvKernel;
import io.rlwb.plugins.llm.policy.KvCacheFactory;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code llm/kv-decode} monitor: decodes the task's held-out prompts through the wired policy and its
 * attention kernel, one sequence at a time, and measures the kernel against the full cache on the same inputs
 * with {@link KvComparison}, the measurement behind the comparison tables (the context prefilled, the question
 * and the answer decoded teacher-forced one token a step, every answer prediction compared): the kernel's
 * ledger, top-1 agreement, KL, greedy task accuracy through the kernel and decode speed. It publishes the
 * kernel's {@link KvCacheSnapshot} at every decode step, so the KV view draws the cache live.
 *
 * <p>It measures at the end of the run, and also every {@code every_steps} environment steps when that is
 * positive (for a policy that is still training).
 */
final class KvDecode implements Monitor {
    static final MetricSpec BYTES = MetricSpec.of("kv/bytes", MetricSpec.Role.KEY,
            "Bytes the kernel holds after the last decode step (keys, values, metadata; mean over prompts)");
    static final MetricSpec BYTES_FULL = MetricSpec.of("kv/bytes_full", MetricSpec.Role.DETAIL,
            "Bytes a full fp32 cache holds for the same positions (mean over prompts)");
    static final MetricSpec RATIO = MetricSpec.of("kv/compression_ratio", MetricSpec.Role.KEY,
            "kv/bytes_full over kv/bytes");
    static final MetricSpec READ = MetricSpec.of("kv/bytes_read_per_token", MetricSpec.Role.DETAIL,
            "Bytes the last single-token decode step read over all layers (mean over prompts)");
    static final MetricSpec AGREEMENT = MetricSpec.of("kv/top1_agreement", MetricSpec.Role.KEY,
            "Fraction of decode steps whose arg-max next token equals the full cache's on the same inputs");
    static final MetricSpec KL = MetricSpec.of("kv/kl", MetricSpec.Role.KEY,
            "Mean KL(full || kernel) of next-token distributions on the same inputs (nats)");
    static final MetricSpec ACCURACY = MetricSpec.of("kv/task_accuracy", MetricSpec.Role.KEY,
            "Held-out greedy exact match decoding through the kernel");
    static final MetricSpec TOKENS_PER_S = MetricSpec.of("kv/tokens_per_s", MetricSpec.Role.DETAIL,
            "Decoded tokens per second of the kernel's single-token forward passes (prefill not counted)");
    static final MetricSpec[] METRICS = {BYTES, BYTES_FULL, RATIO, READ, AGREEMENT, KL, ACCURACY, TOKENS_PER_S};

    static final SnapshotSpec SNAPSHOT = SnapshotSpec.of(KvCacheSnapshot.KIND, KvCacheSnapshot.class,
            "The kernel's KV cache at every decode step: bytes per layer, tokens per head, per-position states");

    static final PortSpec<LanguagePolicy> POLICY = PortSpec.in("policy", LlmPorts.LANGUAGE_POLICY,
            "Policy whose wired kernel is measured");
    static final PortSpec<Task> TASK = PortSpec.in("task", LlmPorts.LM_TASK, "Task whose prompts are decoded");

    static NodeType type() {
        return NodeType.builder("llm/kv-decode", 1)
                .category("Monitor").displayName("KV-cache decode").role(NodeRole.MONITOR)
                .description("Decodes the task's held-out prompts through the policy and its wired attention "
                        + "kernel and measures the kernel against the full cache on the same inputs: bytes held, "
                        + "compression, bytes read per token, top-1 agreement, KL, task accuracy, tokens/s. "
                        + "Publishes the kernel's KV-cache snapshots while decoding (the KV view).")
                .input(POLICY)
                .input(TASK)
                .metrics(METRICS)
                .snapshot(SNAPSHOT)
                .param(ParamSpec.ofInt("prompts", 16, 1, 1 << 16, "prompts", "Prompts decoded"))
                .param(ParamSpec.ofChoice("split", "test", List.of("test", "train"),
                        "Which split's prompts: held-out (test) or training"))
                .param(ParamSpec.ofInt("every_steps", 0, 0, Integer.MAX_VALUE, "steps",
                        "Also measure every so many env steps while training (0 = only at the end)"))
                .param(ParamSpec.ofInt("seed", 7, 0, Integer.MAX_VALUE, "", "Which prompts are drawn"))
                .infer(ctx -> {
                    LlmPorts.TaskShape t = ctx.inputShape(TASK, LlmPorts.TaskShape.class);
                    LlmPorts.PolicyShape p = ctx.inputShape(POLICY, LlmPorts.PolicyShape.class);
                    if (t != null && p != null && t.sequenceTokens() > p.config().contextLength()) {
                        ctx.error(TASK.name(), "a " + t.name() + " example takes up to " + t.sequenceTokens()
                                + " tokens, more than the policy's context length " + p.config().contextLength());
                    }
                })
                .factory(ctx -> new KvDecode(ctx.nodeId(), ctx.component(POLICY), ctx.component(TASK),
                        ctx.intParam("prompts"), Split.valueOf(ctx.stringParam("split").toUpperCase(Locale.ROOT)),
                        ctx.longParam("every_steps"), ctx.longParam("seed")))
                .build();
    }

    /** What one measurement found. */
    record Measurement(double bytes, double bytesFull, double compression, double bytesRead, double agreement,
            double kl, double accuracy, double tokensPerSecond, int prompts) {}

    private final String nodeId;
    private final LanguagePolicy policy;
    private final Task task;
    private final List<Example> examples;
    private final long everySteps;
    private long nextAt;
    private int decodeStep;

    KvDecode(String nodeId, LanguagePolicy policy, Task task, int prompts, Split split, long everySteps, long seed) {
        this.nodeId = nodeId;
        this.policy = policy;
        this.task = task;
        this.examples = task.examples(split, prompts, seed);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("node '" + nodeId + "': the task's " + split + " split has no prompts");
        }
        this.everySteps = everySteps;
        this.nextAt = everySteps;
    }

    @Override
    public void afterIteration(RunServices run) {
        if (everySteps > 0 && run.envSteps() >= nextAt) {
            while (nextAt <= run.envSteps()) nextAt += everySteps;
            record(run, measure(run));
        }
    }

    @Override
    public void finish(RunServices run) {
        record(run, measure(run));
    }

    /**
     * Its whole state is where the next periodic measurement falls and the decode-step counter of its snapshots:
     * a measurement runs inside one iteration, so a checkpoint never falls in the middle of one, and the prompts
     * are drawn again from the seed.
     */
    @Override
    public void saveState(StateWriter out) {
        out.value("next_at", nextAt);
        out.value("decode_step", (long) decodeStep);
    }

    @Override
    public void restoreState(StateReader in) {
        nextAt = in.longValue("next_at");
        decodeStep = Math.toIntExact(in.longValue("decode_step"));
    }

    private static void record(RunServices run, Measurement m) {
        run.metric(BYTES.key(), m.bytes());
        run.metric(BYTES_FULL.key(), m.bytesFull());
        run.metric(RATIO.key(), m.compression());
        run.metric(READ.key(), m.bytesRead());
        run.metric(AGREEMENT.key(), m.agreement());
        run.metric(KL.key(), m.kl());
        run.metric(ACCURACY.key(), m.accuracy());
        run.metric(TOKENS_PER_S.key(), m.tokensPerSecond());
    }

    /**
     * Decodes every prompt through the kernel and the full cache with {@link KvComparison}, the measurement of the
     * comparison grid and the kv-compare node (the context prefilled, the question and the answer fed one token a
     * step, accuracy the teacher-forced greedy exact match), so this node and the bench report the same numbers
     * for the same kernel and prompts. Snapshots go to {@code run}'s telemetry under the kernel's name, one per
     * single-token step, numbered by a decode step that keeps counting across prompts and measurements.
     */
    Measurement measure(RunServices run) {
        CharTokenizer tok = policy.tokenizer();
        DecoderModel model = policy.policy().model();
        KvCacheFactory caches = policy.kernel().bind(policy.policy(), tok);
        String kernelName = policy.kernel().name();
        List<KvComparison.Prompt> prompts = new ArrayList<>();
        int tail = 0;
        for (Example e : examples) {
            KvComparison.Prompt p = KvComparison.Prompt.of(tok, e, task);
            prompts.add(p);
            tail = Math.max(tail, p.query().length + p.answer().length);
        }
        int extra = tail;
        KvComparison comparison = new KvComparison(model, prompts);
        KvComparison.Spec spec = new KvComparison.Spec("-", 0,
                (shape, context) -> (KvKernel) caches.create(model.config(), 1, context + extra));
        KvComparison.Point p = comparison.measure(spec, new KvComparison.Listener() {
            @Override
            public void step(int prompt, int step, KvKernel kernel, Double agreement, Double kl) {
                run.telemetry(KvCacheSnapshot.KIND, kernel.snapshot(kernelName, ++decodeStep, agreement, kl));
            }

            @Override
            public boolean cancelled() {
                return run.cancelled();
            }
        });
        return new Measurement(p.bytes(), p.bytesFull(), p.compressionRatio(), p.bytesReadPerToken(),
                p.top1Agreement(), p.kl(), p.taskAccuracy(), p.tokensPerSecond(), p.prompts());
    }

}
