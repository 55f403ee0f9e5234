package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.plugins.llm.kv.DenseStore;
import io.rlwb.plugins.llm.kv.DoubleSparsityKernel;
import io.rlwb.plugins.llm.kv.FullKernel;
import io.rlwb.plugins.llm.kv.HeavyHitterKernel;
import io.rlwb.plugins.llm.kv.KiviStore;
import io.rlwb.plugins.llm.kv.KvStore;
import io.rlwb.plugins.llm.kv.MiniCacheKernel;
import io.rlwb.plugins.llm.kv.SentenceKvKernel;
import io.rlwb.plugins.llm.kv.SinkWindowKernel;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seven attention-kernel node types. Each makes an {@link AttentionKernel} recipe from its parameters; the
 * sink window and MiniCache also take an optional {@code inner} kernel whose store they keep their rows in
 * (ADR 0017), so {@code kv-kivi -> kv-minicache.inner} is MiniCache merging over KIVI 4-bit.
 */
final class KernelNodes {
    private KernelNodes() {}

    static final String CATEGORY = "Attention kernel";

    static final PortSpec<AttentionKernel> OUT = PortSpec.out("kernel", LlmPorts.ATTENTION_KERNEL,
            "The kernel, for a policy's 'kernel' input or another kernel's 'inner' input");
    static final PortSpec<AttentionKernel> INNER = PortSpec.optionalIn("inner", LlmPorts.ATTENTION_KERNEL,
            "Storage kernel (kv-full or kv-kivi) whose store keeps the rows; default dense fp32");
    static final PortSpec<Task> CALIBRATION = PortSpec.in("calibration", LlmPorts.LM_TASK,
            "Task whose training prompts calibrate the label channels");

    static List<NodeType> all() {
        return List.of(full(), sinkWindow(), kivi(), miniCache(), doubleSparsity(), sentenceKv(), heavyHitter());
    }

    private static NodeType.Builder kernel(String id, String name, String description) {
        return NodeType.builder("llm/" + id, 1).category(CATEGORY).displayName(name).description(description)
                .output(OUT);
    }

    static NodeType full() {
        return kernel("kv-full", "Full KV cache", "Keeps every key and value of every position in fp32: the "
                + "reference the other kernels are measured against. Can serve as another kernel's inner store.")
                .infer(ctx -> ctx.outputShape(OUT, new KernelFit("full", 1, 1, 0, false, true)))
                .factory(ctx -> NodeInstance.ofComponent(OUT, KernelRecipe.of("full",
                        new KernelFit("full", 1, 1, 0, false, true), DenseStore.factory(), FullKernel::full)))
                .build();
    }

    static KiviStore.Config kiviConfig(BuildContext ctx) {
        KiviStore.Config c = new KiviStore.Config(ctx.intParam("bits"), ctx.intParam("group"),
                ctx.intParam("value_group"), ctx.intParam("residual"));
        return ctx.boolParam("half_scales") ? c.withScales(DataType.HALF) : c;
    }

    /** KIVI's head-size need: value groups divide it, and codes fill whole bytes. */
    private static int kiviDivisor(int bits, int valueGroup) {
        int bytes = 8 / bits; // channels per byte
        return lcm(valueGroup, bytes);
    }

    static NodeType kivi() {
        return kernel("kv-kivi", "KIVI quantised cache", "KIVI: keys quantised per channel in groups of 'group' "
                + "tokens, values per token in groups of 'value_group' channels, at 2 or 4 bits; the newest "
                + "'residual' values stay in full precision, keys until a block of 'residual' (rounded up to whole "
                + "groups) is complete. Can serve as another kernel's inner store.")
                .param(ParamSpec.ofInt("bits", 4, 2, 4, "bits", "Bits per code: 2 or 4"))
                .param(ParamSpec.ofInt("group", 32, 1, 4096, "tokens", "Tokens per key quantisation group"))
                .param(ParamSpec.ofInt("value_group", 16, 1, 4096, "channels",
                        "Channels per value quantisation group; must divide the head size"))
                .param(ParamSpec.ofInt("residual", 32, 0, 1 << 20, "tokens",
                        "Newest values kept in full precision; keys are quantised a block of this many "
                                + "(rounded up to whole groups) at a time"))
                .param(ParamSpec.ofBool("half_scales", false, "Keep scales and zero points in fp16 (as KIVI does)"))
                .infer(ctx -> {
                    int bits = ctx.intParam("bits");
                    if (bits != 2 && bits != 4) {
                        ctx.error(null, "parameter 'bits' is " + bits + "; KIVI quantises to 2 or 4 bits");
                        return;
                    }
                    ctx.outputShape(OUT, new KernelFit("kivi-" + bits + "bit",
                            kiviDivisor(bits, ctx.intParam("value_group")), 1, 0, false, true));
                })
                .factory(ctx -> {
                    KiviStore.Config c = kiviConfig(ctx);
                    String name = "kivi-" + c.bits() + "bit" + (c.scaleType() == null ? "" : "-half-scales");
                    KernelFit fit = new KernelFit(name, kiviDivisor(c.bits(), c.valueGroup()), 1, 0, false, true);
                    return NodeInstance.ofComponent(OUT, KernelRecipe.of(name, fit, KiviStore.factory(c),
                            s -> FullKernel.kivi(s, c)));
                })
                .build();
    }

    /** The store of the kernel on {@code inner}, or dense fp32 when nothing is wired. */
    private static KvStore.Factory innerStore(BuildContext ctx) {
        AttentionKernel inner = ctx.component(INNER);
        return inner == null ? DenseStore.factory() : inner.store();
    }

    /**
     * The fit of a kernel that composes over the kernel on {@code inner}; reports an error on {@code inner} when
     * that kernel cannot serve as storage.
     */
    private static KernelFit composed(InferContext ctx, String name, KernelFit own) {
        KernelFit inner = ctx.inputShape(INNER, KernelFit.class);
        if (inner == null) return own;
        if (!inner.storage()) {
            ctx.error(INNER.name(), "kernel '" + inner.kernel() + "' cannot serve as storage (it selects or evicts "
                    + "positions itself); wire kv-full or kv-kivi into 'inner'");
            return null;
        }
        return own.over(name + "+" + inner.kernel(), inner, false);
    }

    static NodeType sinkWindow() {
        return kernel("kv-sink-window", "Sink + sliding window", "StreamingLLM: keeps the first 'sinks' positions "
                + "and the most recent 'window' positions, evicting the rest. Rows of the window live in the inner "
                + "kernel's store (e.g. KIVI for a quantised window).")
                .input(INNER)
                .param(ParamSpec.ofInt("sinks", 4, 0, 1 << 20, "tokens", "Positions kept from the start"))
                .param(ParamSpec.ofInt("window", 60, 1, 1 << 20, "tokens", "Most recent positions kept"))
                .infer(ctx -> {
                    int budget = ctx.intParam("sinks") + ctx.intParam("window");
                    KernelFit f = composed(ctx, "sink-window", new KernelFit("sink-window", 1, 1, budget, false, false));
                    if (f != null) ctx.outputShape(OUT, f);
                })
                .factory(ctx -> {
                    SinkWindowKernel.Config c = new SinkWindowKernel.Config(ctx.intParam("sinks"), ctx.intParam("window"));
                    KvStore.Factory store = innerStore(ctx);
                    AttentionKernel inner = ctx.component(INNER);
                    KernelFit own = new KernelFit("sink-window", 1, 1, c.sinks() + c.window(), false, false);
                    KernelFit fit = inner == null ? own : own.over("sink-window+" + inner.name(), inner.fit(), false);
                    return NodeInstance.ofComponent(OUT, KernelRecipe.of(fit.kernel(), fit, null,
                            s -> new SinkWindowKernel(s, c, store)));
                })
                .build();
    }

    static NodeType miniCache() {
        return kernel("kv-minicache", "MiniCache cross-layer merging", "MiniCache: from 'start_layer' on, pairs of "
                + "adjacent layers share one SLERP-merged direction per token (norms kept per layer); tokens whose "
                + "directions differ more than the retention threshold 'gamma' stay unmerged. Shared directions live "
                + "in the inner kernel's store (KIVI 4-bit as the paper combines them).")
                .input(INNER)
                .param(ParamSpec.ofInt("start_layer", -1, -1, 1024, "layer",
                        "First merged layer; -1 = half the policy's layers (the paper's choice)"))
                .param(ParamSpec.ofFloat("gamma", 0.05, 0.0, 1.0, "", "Retention threshold"))
                .param(ParamSpec.ofFloat("t", 0.5, 0.0, 1.0, "", "SLERP interpolation parameter"))
                .infer(ctx -> {
                    KernelFit f = composed(ctx, "minicache", new KernelFit("minicache", 1, 1, 0, false, false));
                    if (f != null) ctx.outputShape(OUT, f);
                })
                .factory(ctx -> {
                    int start = ctx.intParam("start_layer");
                    double gamma = ctx.doubleParam("gamma");
                    double t = ctx.doubleParam("t");
                    KvStore.Factory store = innerStore(ctx);
                    AttentionKernel inner = ctx.component(INNER);
                    KernelFit own = new KernelFit("minicache", 1, 1, 0, false, false);
                    KernelFit fit = inner == null ? own : own.over("minicache+" + inner.name(), inner.fit(), false);
                    return NodeInstance.ofComponent(OUT, KernelRecipe.of(fit.kernel(), fit, null, s ->
                            new MiniCacheKernel(s, new MiniCacheKernel.Config(start < 0 ? s.layers() / 2 : start,
                                    gamma, t), store)));
                })
                .build();
    }

    static NodeType doubleSparsity() {
        return kernel("kv-double-sparsity", "Double Sparsity", "Double Sparsity: offline calibration picks "
                + "'channels' label channels per head (largest mean q^2 * Var(k) over the calibration task's training "
                + "prompts); each decode step scores every cached token on the label cache and attends to the top "
                + "'tokens' with full keys and values.")
                .input(CALIBRATION)
                .param(ParamSpec.ofInt("channels", 4, 1, 4096, "channels", "Label channels per head"))
                .param(ParamSpec.ofInt("tokens", 64, 1, 1 << 20, "tokens", "Positions attended per head per step"))
                .param(ParamSpec.ofInt("calibration_prompts", 16, 1, 4096, "prompts",
                        "Training prompts of the calibration task run through the policy"))
                .infer(ctx -> ctx.outputShape(OUT, new KernelFit("double-sparsity", 1, ctx.intParam("channels"),
                        ctx.intParam("tokens"), false, false)))
                .factory(ctx -> {
                    DoubleSparsityKernel.Config c = new DoubleSparsityKernel.Config(ctx.intParam("channels"),
                            ctx.intParam("tokens"));
                    Task task = ctx.component(CALIBRATION);
                    int n = ctx.intParam("calibration_prompts");
                    long seed = ctx.rngSeed();
                    KernelFit fit = new KernelFit("double-sparsity", 1, c.channels(), c.tokens(), false, false);
                    return NodeInstance.ofComponent(OUT, new KernelRecipe("double-sparsity", fit, null, (p, tok) -> {
                        DoubleSparsityKernel.Calibration cal = DoubleSparsityKernel.Calibration.of(p.model(),
                                Nd4j.createFromArray(calibrationIds(task, tok, n, seed)), c.channels());
                        return s -> new DoubleSparsityKernel(s, c, cal);
                    }));
                })
                .build();
    }

    /** {@code n} training prompts of {@code task}, encoded and cut to the shortest one's length. */
    static int[][] calibrationIds(Task task, CharTokenizer tok, int n, long seed) {
        List<int[]> ids = new ArrayList<>();
        int shortest = Integer.MAX_VALUE;
        for (Example e : task.examples(Split.TRAIN, n, seed)) {
            int[] x = tok.encodePrompt(e.prompt());
            ids.add(x);
            shortest = Math.min(shortest, x.length);
        }
        int[][] out = new int[ids.size()][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOf(ids.get(i), shortest);
        return out;
    }

    static NodeType sentenceKv() {
        return kernel("kv-sentencekv", "SentenceKV", "SentenceKV: the context is cut into sentences at the "
                + "delimiter characters; each closed sentence keeps a semantic vector (mean key), and each decode "
                + "step reads the tokens of the sentences most similar to the query, up to 'tokens' positions per "
                + "head, plus the open sentence. Decodes one sequence at a time.")
                .param(ParamSpec.ofInt("tokens", 64, 1, 1 << 20, "tokens", "Positions read per head per step"))
                .param(ParamSpec.ofString("delimiters", " ", "Characters that end a sentence (each one a token)"))
                .infer(ctx -> {
                    if (ctx.param("delimiters").asText().isEmpty()) {
                        ctx.error(null, "parameter 'delimiters' is empty; give the characters that end a sentence");
                        return;
                    }
                    ctx.outputShape(OUT, new KernelFit("sentence-kv", 1, 1, ctx.intParam("tokens"), true, false));
                })
                .factory(ctx -> {
                    int tokens = ctx.intParam("tokens");
                    String delims = ctx.stringParam("delimiters");
                    String node = ctx.nodeId();
                    KernelFit fit = new KernelFit("sentence-kv", 1, 1, tokens, true, false);
                    return NodeInstance.ofComponent(OUT, new KernelRecipe("sentence-kv", fit, null, (p, tok) -> {
                        Set<Integer> ids = new LinkedHashSet<>();
                        delims.codePoints().forEach(cp -> {
                            int[] e = tok.encode(new String(Character.toChars(cp)));
                            if (e.length != 1 || e[0] == CharTokenizer.UNK) {
                                throw new IllegalArgumentException("node '" + node + "': parameter 'delimiters': '"
                                        + new String(Character.toChars(cp)) + "' is not in the policy's alphabet");
                            }
                            ids.add(e[0]);
                        });
                        SentenceKvKernel.Config c = new SentenceKvKernel.Config(ids, tokens);
                        return s -> new SentenceKvKernel(s, c);
                    }));
                })
                .build();
    }

    static NodeType heavyHitter() {
        return kernel("kv-heavy-hitter", "Heavy hitters (H2O)", "H2O: keeps the 'recent' newest positions and the "
                + "'heavy' older positions with the largest attention accumulated so far, evicting the rest.")
                .param(ParamSpec.ofInt("recent", 32, 1, 1 << 20, "tokens", "Newest positions always kept"))
                .param(ParamSpec.ofInt("heavy", 32, 0, 1 << 20, "tokens", "Older positions kept by accumulated attention"))
                .infer(ctx -> ctx.outputShape(OUT, new KernelFit("heavy-hitter", 1, 1,
                        ctx.intParam("recent") + ctx.intParam("heavy"), false, false)))
                .factory(ctx -> {
                    HeavyHitterKernel.Config c = new HeavyHitterKernel.Config(ctx.intParam("recent"), ctx.intParam("heavy"));
                    KernelFit fit = new KernelFit("heavy-hitter", 1, 1, c.recent() + c.heavy(), false, false);
                    return NodeInstance.ofComponent(OUT, KernelRecipe.of("heavy-hitter", fit, null,
                            s -> new HeavyHitterKernel(s, c)));
                })
                .build();
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int r = x % y;
            x = y;
            y = r;
        }
        return a / x * b;
    }
}
