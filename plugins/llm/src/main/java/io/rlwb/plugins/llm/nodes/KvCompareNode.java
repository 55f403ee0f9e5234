package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.morl.ParetoArchive;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.plugins.llm.kv.DoubleSparsityKernel;
import io.rlwb.plugins.llm.kv.KvComparison;
import io.rlwb.plugins.llm.kv.KvShape;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.sft.SftTrainer;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.RecallTask;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code llm/kv-compare} node: several attention kernels at several budgets and contexts on the same recall
 * prompts ({@link KvComparison}), each point published as it is measured: a {@link ParetoSnapshot} of memory
 * saved against top-1 agreement (the Pareto view draws the frontier of kernels), the point's last
 * {@link KvCacheSnapshot} (the KV view), and all points in {@code <run>/kv-compare.csv}.
 *
 * <p>A trainer: with {@code pretrain_steps > 0} its first iterations train the wired policy in place on
 * multi-query recall ({@link RecallSft}), one step of {@code pretrain_batch} examples (env steps) each; then every
 * iteration measures one point and counts {@code prompts} env steps, so a budget of
 * {@code pretrain_steps x pretrain_batch + contexts x settings x prompts} env steps runs the whole grid. The
 * wired task must be a recall task; its pairs, key and value lengths and seed are kept, its context is replaced
 * by each of {@code contexts}.
 */
final class KvCompareNode implements Trainer {
    static final MetricSpec POINTS = MetricSpec.of("kv_compare/points", MetricSpec.Role.KEY,
            "Kernel settings measured so far (one per kernel, budget and context)");
    static final MetricSpec HYPERVOLUME = MetricSpec.of("kv_compare/hypervolume", MetricSpec.Role.KEY,
            "Area dominated by the front of (memory saved, top-1 agreement) against the reference (-1, 0)");
    static final MetricSpec FRONT = MetricSpec.of("kv_compare/front_size", MetricSpec.Role.DETAIL,
            "Non-dominated kernel settings");
    static final MetricSpec FULL_ACCURACY = MetricSpec.of("kv_compare/full_accuracy", MetricSpec.Role.KEY,
            "Held-out recall exact match with the full cache at the context being measured");
    static final MetricSpec SFT_LOSS = MetricSpec.of("kv_compare/sft_loss", MetricSpec.Role.DETAIL,
            "Multi-query recall pre-training loss (when pretrain_steps > 0)");
    /**
     * Besides its own keys, each point records the kv/* keys of {@link KvDecode} (the summary keeps the last point's,
     * which for a one-kernel, one-budget, one-context comparison, as in a sweep's trial, is the trial's result).
     */
    static final MetricSpec[] METRICS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(POINTS, HYPERVOLUME, FRONT, FULL_ACCURACY, SFT_LOSS),
            java.util.stream.Stream.of(KvDecode.METRICS)).toArray(MetricSpec[]::new);

    static final PortSpec<LanguagePolicy> POLICY = PortSpec.in("policy", LlmPorts.LANGUAGE_POLICY,
            "Policy whose model is measured (its own wired kernel is not used: the node makes every kernel)");
    static final PortSpec<Task> TASK = PortSpec.in("task", LlmPorts.LM_TASK, "A recall task (llm/recall-task)");

    /** The run-directory file of all points. */
    static final String CSV = "kv-compare.csv";

    static NodeType type() {
        return NodeType.builder("llm/kv-compare", 1)
                .category("Trainer").displayName("KV kernel comparison").role(NodeRole.TRAINER)
                .description("Measures every chosen attention kernel at budgets 1/d of the context and at several "
                        + "contexts on the same held-out recall prompts against the full cache: bytes held, "
                        + "compression, bytes read per token, top-1 agreement, KL, recall accuracy, tokens/s. "
                        + "Publishes memory saved against agreement as a Pareto front, the KV cache of each point, "
                        + "and <run>/kv-compare.csv. One point per iteration ('prompts' env steps each); "
                        + "pretrain_steps > 0 first trains the policy on multi-query recall.")
                .input(POLICY)
                .input(TASK)
                .metrics(METRICS)
                .snapshot(SnapshotSpec.of(ParetoSnapshot.KIND, ParetoSnapshot.class,
                        "Memory saved against top-1 agreement of every kernel setting measured"))
                .snapshot(SnapshotSpec.of(KvCacheSnapshot.KIND, KvCacheSnapshot.class,
                        "Each kernel setting's cache after its last prompt"))
                .param(ParamSpec.ofIntList("contexts", List.of(256, 512, 1024), 16, 1 << 16, "chars",
                        "Recall contexts measured"))
                .param(ParamSpec.ofString("kernels", String.join(",", KvComparison.KERNELS),
                        "Comma-separated kernels (" + String.join(", ", KvComparison.KERNELS) + ")"))
                .param(ParamSpec.ofIntList("budgets", List.of(2, 4, 8), 1, 1 << 16, "",
                        "Token budgets as divisors of the context (2 = 1/2) for budgeted kernels"))
                .param(ParamSpec.ofInt("prompts", 50, 1, 1 << 16, "prompts", "Held-out prompts per context"))
                .param(ParamSpec.ofInt("kivi_residual", 32, 0, 1 << 16, "tokens",
                        "KIVI's full-precision residual (group 32 tokens, value groups min(32, head size))"))
                .param(ParamSpec.ofInt("seed", 11, 0, Integer.MAX_VALUE, "", "Which prompts are drawn"))
                .param(ParamSpec.ofInt("pretrain_steps", 0, 0, 1 << 24, "steps",
                        "Multi-query recall pre-training steps before measuring (0 = measure the policy as wired)"))
                .param(ParamSpec.ofInt("pretrain_context", 96, 16, 1 << 16, "chars", "Training context"))
                .param(ParamSpec.ofInt("pretrain_pairs", 8, 1, 1 << 10, "pairs", "Pairs per training context"))
                .param(ParamSpec.ofInt("pretrain_batch", 32, 1, 1 << 16, "examples", "Training batch"))
                .param(ParamSpec.ofFloat("pretrain_lr", 3e-3, 1e-7, 1.0, "", "Peak Adam learning rate"))
                .param(ParamSpec.ofChoice("pretrain_schedule", "cosine", List.of("cosine", "linear", "constant"),
                        "Learning-rate decay after the warm-up"))
                .param(ParamSpec.ofInt("pretrain_queries", 0, 0, 1 << 12, "queries",
                        "Queries per training sequence, drawn with replacement (0 = every pair once)"))
                .param(ParamSpec.ofInt("pretrain_min_context", 0, 0, 1 << 16, "chars",
                        "Train at lengths mixed from this (doubling) up to pretrain_context (0 = that one only)"))
                .param(ParamSpec.ofInt("pretrain_short_steps", 0, 0, 1 << 24, "steps",
                        "With pretrain_min_context > 0: the first steps at pretrain_min_context alone"))
                .infer(ctx -> {
                    LlmPorts.TaskShape t = ctx.inputShape(TASK, LlmPorts.TaskShape.class);
                    if (t != null && !t.name().equals("recall")) {
                        ctx.error(TASK.name(), "kv-compare needs a recall task, got '" + t.name() + "'");
                    }
                    if (ctx.intParam("pretrain_short_steps") > 0 && ctx.intParam("pretrain_min_context") == 0) {
                        ctx.error(null, "parameter 'pretrain_short_steps': the first steps train at "
                                + "'pretrain_min_context', which is 0; set it or set 'pretrain_short_steps' to 0");
                    }
                    int min = ctx.intParam("pretrain_min_context");
                    if (min > ctx.intParam("pretrain_context")) {
                        ctx.error(null, "parameter 'pretrain_min_context' = " + min + " is longer than "
                                + "'pretrain_context' = " + ctx.intParam("pretrain_context"));
                    }
                })
                .factory(ctx -> new KvCompareNode(ctx.nodeId(), ctx.component(POLICY), ctx.component(TASK),
                        ctx.intListParam("contexts"), ctx.stringParam("kernels"), ctx.intListParam("budgets"),
                        ctx.intParam("prompts"), ctx.intParam("kivi_residual"), ctx.longParam("seed"),
                        new Pretrain(ctx.intParam("pretrain_steps"), ctx.intParam("pretrain_context"),
                                ctx.intParam("pretrain_pairs"), ctx.intParam("pretrain_batch"),
                                ctx.doubleParam("pretrain_lr"), LrSchedule.valueOf(
                                        ctx.stringParam("pretrain_schedule").toUpperCase(java.util.Locale.ROOT)),
                                ctx.intParam("pretrain_queries"), ctx.intParam("pretrain_min_context"),
                                ctx.intParam("pretrain_short_steps"))))
                .build();
    }

    /**
     * The in-graph pre-training ({@link RecallSft.Session}): {@code steps} steps of {@code batch} sequences of
     * {@code pairs} pairs at {@code context} characters (0 steps: none), warm-up {@code min(50, steps / 10)}, then
     * {@code schedule} to 0.1 of {@code lr}; {@code queries}, {@code minContext} and {@code shortSteps} as on
     * {@code llm/sft} (ADR 0040).
     */
    record Pretrain(int steps, int context, int pairs, int batch, double lr, LrSchedule schedule, int queries,
            int minContext, int shortSteps) {}

    private final String nodeId;
    private final LanguagePolicy policy;
    private final RecallTask.Config task;
    private final int[] contexts;
    private final List<String> kernels;
    private final int[] budgets;
    private final int prompts;
    private final int kiviResidual;
    private final long seed;
    private final RecallSft.Session pretrain;
    private final int pretrainBatch;
    private final ParetoArchive archive = new ParetoArchive(List.of("memory_saved", "top1_agreement"),
            new double[] {-1, 0}, null);
    private final List<KvComparison.Point> points = new ArrayList<>();
    private List<KvComparison.Spec> specs;
    private KvComparison comparison;
    private int contextIndex;
    private int specIndex;

    KvCompareNode(String nodeId, LanguagePolicy policy, Task task, int[] contexts, String kernels,
            int[] budgets, int prompts, int kiviResidual, long seed, Pretrain pre) {
        this.nodeId = nodeId;
        this.policy = policy;
        if (!(task instanceof RecallTask r)) {
            throw new IllegalArgumentException("node '" + nodeId + "', port 'task': kv-compare needs a recall task, "
                    + "got '" + task.name() + "'");
        }
        this.task = r.config();
        this.contexts = contexts.clone();
        this.kernels = new ArrayList<>();
        for (String k : kernels.split(",")) {
            String n = k.trim();
            if (n.isEmpty()) continue;
            if (!KvComparison.KERNELS.contains(n)) {
                throw new IllegalArgumentException("node '" + nodeId + "', parameter 'kernels': unknown kernel '" + n
                        + "' (known: " + String.join(", ", KvComparison.KERNELS) + ")");
            }
            this.kernels.add(n);
        }
        if (this.kernels.isEmpty() || this.contexts.length == 0) {
            throw new IllegalArgumentException("node '" + nodeId + "': parameters 'kernels' and 'contexts' must name "
                    + "at least one each");
        }
        this.budgets = budgets.clone();
        this.prompts = prompts;
        this.kiviResidual = kiviResidual;
        this.seed = seed;
        int longest = 0;
        for (int c : this.contexts) longest = Math.max(longest, c);
        int need = recall(longest).maxPromptTokens() + this.task.valueLength() + 2;
        if (need > policy.policy().config().contextLength()) {
            throw new IllegalArgumentException("node '" + nodeId + "', parameter 'contexts': a recall prompt of "
                    + longest + " characters takes " + need + " tokens, more than the policy's context length "
                    + policy.policy().config().contextLength());
        }
        this.pretrainBatch = pre.batch();
        // the wired task's held-out fraction and seed, so its held-out keys stay out of the pre-training
        this.pretrain = pre.steps() <= 0 ? null : new RecallSft.Session(policy.policy(), policy.tokenizer(),
                new RecallTask.Config(pre.context(), pre.pairs(), this.task.keyLength(), this.task.valueLength(),
                        this.task.heldOutFraction(), this.task.seed(), this.task.layout()), pre.minContext(),
                pre.shortSteps(), pre.queries(), new SftConfig(pre.steps(), pre.batch(), pre.lr(),
                        Math.min(50, pre.steps() / 10), pre.schedule(), 0.1, 1.0, 1, seed));
    }

    /** The task the in-graph pre-training draws from, or null without pre-training (tests). */
    RecallTask.Config pretrainTask() {
        return pretrain == null ? null : pretrain.task();
    }

    private RecallTask recall(int context) {
        return new RecallTask(new RecallTask.Config(context, task.pairs(), task.keyLength(), task.valueLength(),
                task.heldOutFraction(), task.seed(), task.layout()));
    }

    @Override
    public void iterate(RunServices run) {
        if (pretrain != null && !pretrain.done()) {
            SftTrainer.StepStats s = pretrain.step();
            run.addEnvSteps(pretrainBatch);
            if (!Double.isFinite(s.loss())) {
                throw new IllegalStateException("node '" + nodeId + "': recall pre-training loss is " + s.loss()
                        + " at step " + s.step() + "; lower 'pretrain_lr'");
            }
            if (s.step() % 25 == 0 || pretrain.done()) run.metric(SFT_LOSS.key(), s.loss());
            return;
        }
        if (contextIndex >= contexts.length) {
            run.addEnvSteps(prompts); // the grid is done; the rest of the budget passes
            return;
        }
        CharTokenizer tok = policy.tokenizer();
        int sep = tok.specialId(RecallTask.SEPARATOR);
        if (specs == null) specs = specs(tok, sep);
        if (comparison == null) {
            int context = contexts[contextIndex];
            List<KvComparison.Prompt> ps = new ArrayList<>();
            for (Example e : recall(context).examples(Split.TEST, prompts, seed + context)) {
                ps.add(KvComparison.Prompt.of(tok, e, sep));
            }
            comparison = new KvComparison(policy.policy().model(), ps);
            run.metric(FULL_ACCURACY.key(), comparison.fullAccuracy());
        }
        KvComparison.Spec spec = specs.get(specIndex);
        String id = spec.label().equals("-") ? "" : " " + spec.label();
        KvCacheSnapshot[] last = new KvCacheSnapshot[1];
        KvComparison.Point p = comparison.measure(spec, k -> last[0] = k.snapshot(k.name(), 0, null, null));
        id = p.kernel() + id + " @" + contexts[contextIndex];
        points.add(p);
        archive.record(id, new double[] {p.memorySaved(), p.top1Agreement()}, null);
        ParetoSnapshot snap = archive.snapshot();
        run.telemetry(ParetoSnapshot.KIND, snap);
        // the kernel of the last prompt, as the KV view draws it, with the point's agreement and KL
        run.telemetry(KvCacheSnapshot.KIND, new KvCacheSnapshot(last[0].version(), id, points.size(),
                last[0].layers(), p.top1Agreement(), p.kl()));
        run.metric(KvDecode.BYTES.key(), p.bytes());
        run.metric(KvDecode.BYTES_FULL.key(), p.bytesFull());
        run.metric(KvDecode.RATIO.key(), p.compressionRatio());
        run.metric(KvDecode.READ.key(), p.bytesReadPerToken());
        run.metric(KvDecode.AGREEMENT.key(), p.top1Agreement());
        run.metric(KvDecode.KL.key(), p.kl());
        run.metric(KvDecode.ACCURACY.key(), p.taskAccuracy());
        run.metric(KvDecode.TOKENS_PER_S.key(), p.tokensPerSecond());
        run.metric(POINTS.key(), points.size());
        run.metric(HYPERVOLUME.key(), snap.hypervolume());
        run.metric(FRONT.key(), snap.cardinality());
        writeCsv(run.runDirectory());
        run.addEnvSteps(prompts);
        if (++specIndex == specs.size()) {
            specIndex = 0;
            contextIndex++;
            comparison = null;
        }
    }

    /**
     * The grid's position (context and kernel setting), the points measured so far and the recall pre-training's
     * step and optimiser. A point is measured inside one iteration, so a checkpoint never falls inside one; the
     * prompts, the Double Sparsity calibration and the Pareto archive are derived again from the seed and the
     * points. Tokens per second of points measured after a resume are those of the new process.
     */
    @Override
    public void saveState(StateWriter out) {
        out.value("context_index", contextIndex);
        out.value("spec_index", specIndex);
        StringBuilder names = new StringBuilder();
        double[][] rows = new double[points.size()][];
        for (int i = 0; i < points.size(); i++) {
            KvComparison.Point p = points.get(i);
            names.append(p.kernel()).append('\t').append(p.budget()).append('\n');
            rows[i] = new double[] {p.context(), p.prompts(), p.bytes(), p.bytesFull(), p.bytesReadPerToken(),
                    p.top1Agreement(), p.kl(), p.taskAccuracy(), p.tokensPerSecond(), p.tokensPerCpuSecond()};
        }
        out.value("points", (long) points.size());
        out.value("point_names", names.toString());
        if (!points.isEmpty()) out.doubleRows("point_values", rows);
        if (pretrain != null) pretrain.saveState(out.under("pretrain"));
    }

    @Override
    public void restoreState(StateReader in) {
        contextIndex = Math.toIntExact(in.longValue("context_index"));
        specIndex = Math.toIntExact(in.longValue("spec_index"));
        if (contextIndex < 0 || contextIndex > contexts.length || specIndex < 0) {
            throw new IllegalArgumentException("node '" + nodeId + "': checkpoint grid position " + contextIndex
                    + "/" + specIndex + " does not fit this node's " + contexts.length + " contexts");
        }
        int n = Math.toIntExact(in.longValue("points"));
        String[] names = n == 0 ? new String[0] : in.stringValue("point_names").split("\n");
        double[][] rows = new double[n][10];
        if (n > 0) in.doubleRows("point_values", rows);
        if (names.length != n) {
            throw new IllegalArgumentException("node '" + nodeId + "': checkpoint holds " + n + " points but "
                    + names.length + " point names");
        }
        points.clear();
        for (int i = 0; i < n; i++) {
            String[] kb = names[i].split("\t", 2);
            double[] r = rows[i];
            KvComparison.Point p = new KvComparison.Point(kb[0], kb[1], (int) r[0], (int) r[1], r[2], r[3], r[4],
                    r[5], r[6], r[7], r[8], r[9]);
            points.add(p);
            String id = p.kernel() + (p.budget().equals("-") ? "" : " " + p.budget()) + " @" + p.context();
            archive.record(id, new double[] {p.memorySaved(), p.top1Agreement()}, null);
        }
        if (pretrain != null) pretrain.restoreState(in.under("pretrain"));
        comparison = null;
    }

    private List<KvComparison.Spec> specs(CharTokenizer tok, int sep) {
        KvShape shape = KvShape.of(policy.policy().model(), 1);
        List<Example> cal = recall(contexts[0]).examples(Split.TRAIN, 4, seed ^ 0xCA1L);
        int[][] ids = new int[cal.size()][];
        for (int i = 0; i < cal.size(); i++) ids[i] = KvComparison.Prompt.of(tok, cal.get(i), sep).context();
        DoubleSparsityKernel.Calibration calibration = DoubleSparsityKernel.Calibration.of(policy.policy().model(),
                Nd4j.createFromArray(ids), (int) Math.max(1, shape.headDim() / 8));
        return KvComparison.specs(kernels, budgets, shape, calibration, Set.of(tok.encode(" ")[0]), kiviResidual);
    }

    private void writeCsv(Path dir) {
        if (dir == null) return;
        StringBuilder b = new StringBuilder("kernel,budget,context,prompts,bytes,bytes_full,compression_ratio,"
                + "bytes_read_per_token,memory_saved,top1_agreement,kl,task_accuracy,tokens_per_s,tokens_per_cpu_s\n");
        for (KvComparison.Point p : points) {
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f,%.1f,%.4f,%.1f,%.4f,%.4f,%.6f,%.4f,%.1f,%.1f%n",
                    p.kernel(), p.budget(), p.context(), p.prompts(), p.bytes(), p.bytesFull(), p.compressionRatio(),
                    p.bytesReadPerToken(), p.memorySaved(), p.top1Agreement(), p.kl(), p.taskAccuracy(),
                    p.tokensPerSecond(), p.tokensPerCpuSecond()));
        }
        try {
            Files.writeString(dir.resolve(CSV), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("node '" + nodeId + "': cannot write " + dir.resolve(CSV), e);
        }
    }
}
