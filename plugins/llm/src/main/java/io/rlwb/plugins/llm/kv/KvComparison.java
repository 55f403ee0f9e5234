package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.engine.nn.layers.FullKvCache;
import io.rlwb.engine.nn.layers.KvCache;
import io.rlwb.plugins.llm.policy.NativeGarbage;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several kernels on the same prompts, against the full cache: the measurement behind the memory-vs-quality
 * tables and the kv-compare node (docs/algorithms/kv-metrics.md).
 *
 * <p>Every prompt {@code <bos> context <sep> key :} with answer {@code a_1 .. a_m} is split at the separator. The
 * context is prefilled into the cache in one pass (attention during the prefill is exact, as in serving: the
 * kernel compresses what it keeps afterwards); the query {@code <sep> key :} and then the answer are fed one token
 * per step (teacher forcing, so every kernel sees identical inputs), so the question is answered from the
 * compressed cache. The compared distributions are the {@code m + 1} next-token predictions of the answer: after
 * {@code :} (the first digit), after each answer token, the last one predicting {@code <eos>}. Per prompt:
 * <ul>
 *   <li>top-1 agreement: the fraction of those predictions whose arg-max equals the full cache's;</li>
 *   <li>KL: mean {@code KL(p_full || p_kernel)} over them (natural log);</li>
 *   <li>task accuracy: 1 when every arg-max equals its target (the answer, then {@code <eos>}). Greedy decoding
 *       emits exactly the answer iff that holds (a first wrong arg-max is where greedy decoding leaves the
 *       answer), so this is greedy exact match, computed on the teacher-forced pass;</li>
 *   <li>decode speed: query and answer tokens fed, over the summed time (wall and thread CPU) of the kernel's
 *       single-token forward passes;</li>
 *   <li>bytes: the kernel's {@link KvLedger} after the last step (held, full fp32 equivalent, read by the last
 *       step), averaged over prompts (data-dependent kernels hold different amounts per prompt).</li>
 * </ul>
 * Kernels are built for batch 1 (SentenceKV segments one sequence), one per prompt, so every kernel decodes
 * exactly the same rows. The full cache's logits are computed once per prompt and reused for every kernel.
 *
 * <p>This is the one measurement loop of the plugin: the comparison grid ({@link #grid}, {@code LlmBench
 * --kv-compare}), the kv-compare node and the kv-decode monitor (one kernel, its snapshots published through a
 * {@link Listener} at every single-token step) all measure through {@link #measure(Spec, Listener)}. A task
 * without a separator (addition) is split before its last prompt token ({@link Prompt#of(CharTokenizer, Example,
 * Task)}); prompts of different lengths are allowed, each kernel's budget being a fraction of its own prompt's
 * context.
 */
public final class KvComparison {
    /** Makes a kernel for one prompt; {@code context} is the prefilled length (budgets are fractions of it). */
    @FunctionalInterface
    public interface KernelMaker {
        KvKernel make(KvShape shape, int context);
    }

    /**
     * One kernel setting of the comparison.
     *
     * @param budget the token budget as a fraction of the context ({@code 1/4}), or 0 for kernels without one
     *     (full, KIVI, MiniCache: their memory follows from bits and thresholds)
     * @param label the budget as written in tables ({@code "1/4"} or {@code "-"})
     */
    public record Spec(String label, double budget, KernelMaker maker) {
        public Spec {
            Objects.requireNonNull(maker, "maker");
        }
    }

    /**
     * Receives a kernel while it is measured (the kv-decode monitor publishes its snapshots from here).
     */
    public interface Listener {
        /**
         * After single-token step {@code step} (from 1) of prompt {@code prompt} (from 0); {@code agreement} and
         * {@code kl} are the running means over the prompts finished before this one (null for the first).
         */
        default void step(int prompt, int step, KvKernel kernel, Double agreement, Double kl) {}

        /** After the last step of prompt {@code prompt}, with its kernel. */
        default void prompt(int prompt, KvKernel kernel) {}

        /** Whether to stop before the next prompt (the point then averages the prompts measured). */
        default boolean cancelled() {
            return false;
        }
    }

    /** One prompt, split for the measurement. */
    public record Prompt(int[] context, int[] query, int[] answer) {
        /**
         * Splits {@code example} at {@code task}'s first separator, or, for a task without one (addition),
         * before the prompt's last token (its {@code =}), so the question is always decoded through the cache.
         */
        public static Prompt of(CharTokenizer tok, Example example, Task task) {
            if (!task.separators().isEmpty()) return of(tok, example, tok.specialId(task.separators().get(0)));
            int[] ids = tok.encodePrompt(example.prompt());
            if (ids.length < 2) {
                throw new IllegalArgumentException("kv comparison: prompt too short to split: " + example.prompt());
            }
            return new Prompt(Arrays.copyOf(ids, ids.length - 1), Arrays.copyOfRange(ids, ids.length - 1,
                    ids.length), tok.encodeCompletion(example.answer()));
        }

        /** Splits {@code example}'s tokens at the separator {@code sep} (the answer ends with {@code <eos>}). */
        public static Prompt of(CharTokenizer tok, Example example, int sep) {
            int[] ids = tok.encodePrompt(example.prompt());
            int at = -1;
            for (int i = ids.length - 1; i >= 0 && at < 0; i--) if (ids[i] == sep) at = i;
            if (at <= 0) {
                throw new IllegalArgumentException("kv comparison: prompt has no separator token " + sep + ": "
                        + example.prompt());
            }
            return new Prompt(Arrays.copyOf(ids, at), Arrays.copyOfRange(ids, at, ids.length),
                    tok.encodeCompletion(example.answer()));
        }
    }

    /**
     * One point: a kernel at one budget and context, averaged over the prompts.
     *
     * @param kernel the kernel's name ({@link KvKernel#name()})
     * @param budget the budget label ({@code "1/4"} or {@code "-"})
     * @param bytes bytes held after the last step
     * @param bytesFull bytes a full fp32 cache holds for the same positions
     * @param bytesReadPerToken bytes the last decode step read
     * @param tokensPerSecond decoded tokens per second of wall time (single-token passes only)
     * @param tokensPerCpuSecond the same per second of this thread's CPU time
     */
    public record Point(String kernel, String budget, int context, int prompts, double bytes, double bytesFull,
            double bytesReadPerToken, double top1Agreement, double kl, double taskAccuracy, double tokensPerSecond,
            double tokensPerCpuSecond) {
        /** Full bytes over held bytes. */
        public double compressionRatio() {
            return bytesFull / bytes;
        }

        /** The share of the full cache's memory saved: {@code 1 - bytes / bytesFull}. */
        public double memorySaved() {
            return 1 - bytes / bytesFull;
        }
    }

    private final DecoderModel model;
    private final List<Prompt> prompts;
    private final int context;
    private final List<INDArray> fullLogits = new ArrayList<>();
    private final double fullAccuracy;

    /**
     * Runs the full cache over {@code prompts} once and keeps its answer logits as the reference.
     */
    public KvComparison(DecoderModel model, List<Prompt> prompts) {
        if (prompts.isEmpty()) throw new IllegalArgumentException("kv comparison needs at least one prompt");
        this.model = model;
        this.prompts = List.copyOf(prompts);
        int longest = 0;
        for (Prompt p : prompts) longest = Math.max(longest, p.context().length);
        this.context = longest;
        int right = 0;
        for (Prompt p : prompts) {
            INDArray l = run(p, model.newCache(1, p.context().length + p.query().length + p.answer().length), null,
                    null);
            fullLogits.add(l);
            if (correct(l, p.answer())) right++;
        }
        this.fullAccuracy = right / (double) prompts.size();
    }

    /** Prefilled positions (the context before the separator, with {@code <bos>}; the longest prompt's). */
    public int context() {
        return context;
    }

    /** Greedy exact match of the full cache on these prompts. */
    public double fullAccuracy() {
        return fullAccuracy;
    }

    /** Measures {@code spec}'s kernel on every prompt against the full cache. */
    public Point measure(Spec spec) {
        return measure(spec, (Listener) null);
    }

    /** As {@link #measure(Spec)}, handing each prompt's kernel (after its last step) to {@code afterEach}. */
    public Point measure(Spec spec, Consumer<KvKernel> afterEach) {
        return measure(spec, afterEach == null ? null : new Listener() {
            @Override
            public void prompt(int prompt, KvKernel kernel) {
                afterEach.accept(kernel);
            }
        });
    }

    /**
     * Measures {@code spec}'s kernel on every prompt against the full cache, telling {@code listener} (if not null)
     * about every single-token step and every finished prompt.
     */
    public Point measure(Spec spec, Listener listener) {
        double agree = 0;
        double kl = 0;
        int right = 0;
        double bytes = 0;
        double full = 0;
        double read = 0;
        long nanos = 0;
        long cpu = 0;
        long decoded = 0;
        String name = null;
        int n = 0;
        for (int i = 0; i < prompts.size(); i++) {
            if (listener != null && listener.cancelled()) break;
            n++;
            Prompt p = prompts.get(i);
            KvKernel k = spec.maker().make(KvShape.of(model, 1), p.context().length);
            name = k.name();
            long[] time = new long[2];
            int index = i;
            Double a = i == 0 ? null : agree / i;
            Double d = i == 0 ? null : kl / i;
            IntConsumer afterStep = listener == null ? null : s -> listener.step(index, s, k, a, d);
            INDArray lk = run(p, k, time, afterStep);
            nanos += time[0];
            cpu += time[1];
            decoded += p.query().length + p.answer().length - 1;
            INDArray lf = fullLogits.get(i);
            agree += lf.argMax(1).eq(lk.argMax(1)).castTo(lf.dataType()).meanNumber().doubleValue();
            kl += KvQuality.klRows(lf, lk).meanNumber().doubleValue();
            if (correct(lk, p.answer())) right++;
            KvLedger ledger = k.ledger();
            bytes += ledger.bytes();
            full += ledger.bytesFull();
            read += ledger.bytesReadPerToken();
            if (listener != null) listener.prompt(i, k);
        }
        return new Point(name, spec.label(), context, n, bytes / n, full / n, read / n, agree / n, kl / n,
                right / (double) n, decoded / (nanos / 1e9), decoded / (cpu / 1e9));
    }

    /**
     * Prefills the context into {@code cache}, feeds query and answer one token a step, and returns the answer
     * predictions {@code [m + 1, V]}; {@code time}, if given, receives the wall and thread-CPU nanoseconds of the
     * single-token passes; {@code afterStep}, if given, the number (from 1) of each single-token step taken.
     */
    private INDArray run(Prompt p, KvCache cache, long[] time, IntConsumer afterStep) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        model.forward(Tape.inference(), Nd4j.createFromArray(new int[][] {p.context()}), cache);
        int[] feed = new int[p.query().length + p.answer().length - 1];
        System.arraycopy(p.query(), 0, feed, 0, p.query().length);
        System.arraycopy(p.answer(), 0, feed, p.query().length, p.answer().length - 1);
        List<INDArray> kept = new ArrayList<>();
        for (int s = 0; s < feed.length; s++) {
            INDArray ids = Nd4j.createFromArray(new int[][] {{feed[s]}});
            long w = System.nanoTime();
            long c = mx.getCurrentThreadCpuTime();
            INDArray logits = model.forward(Tape.inference(), ids, cache).value();
            if (time != null) {
                time[0] += System.nanoTime() - w;
                time[1] += mx.getCurrentThreadCpuTime() - c;
            }
            if (s >= p.query().length - 1) kept.add(logits.reshape(1, logits.size(2)));
            if (afterStep != null) afterStep.accept(s + 1);
        }
        return Nd4j.vstack(kept.toArray(new INDArray[0]));
    }

    /** Whether every arg-max of {@code logits} ({@code [m + 1, V]}) equals its target. */
    private static boolean correct(INDArray logits, int[] answer) {
        int[] best = logits.argMax(1).toIntVector();
        for (int i = 0; i < answer.length; i++) if (best[i] != answer[i]) return false;
        return true;
    }

    /** Row-wise log-softmax of {@code [N, V]} logits. */
    static INDArray logSoftmax(INDArray x) {
        return KvQuality.logSoftmax(x);
    }

    /** The kernels {@link #specs} knows, in table order. */
    public static final List<String> KERNELS = List.of("full", "kivi-4bit", "kivi-2bit", "minicache",
            "minicache+kivi-4bit", "sink-window", "sink-window+kivi-4bit", "heavy-hitter", "double-sparsity",
            "sentence-kv");

    /**
     * KIVI's parameters for heads of {@code headDim} channels: groups of 32 tokens (keys per channel), value groups
     * of {@code min(32, headDim)} channels, a full-precision residual of {@code residual} tokens, scales and zero
     * points in fp16 (all as in the KIVI paper, which uses group 32 and residual 32-128).
     */
    public static KiviStore.Config kivi(int bits, long headDim, int residual) {
        return new KiviStore.Config(bits, 32, (int) Math.min(32, headDim), residual, DataType.HALF);
    }

    /**
     * The comparison's kernel settings: each named kernel without a budget once ({@code "-"}), each budgeted one
     * once per divisor in {@code budgets} (token budget {@code context / d}, label {@code "1/d"}).
     *
     * @param calibration Double Sparsity's label channels (calibrated once on training prompts)
     * @param delimiters SentenceKV's sentence-ending token ids
     * @param kiviResidual KIVI's full-precision residual (tokens)
     */
    public static List<Spec> specs(List<String> kernels, int[] budgets, KvShape shape,
            DoubleSparsityKernel.Calibration calibration, Set<Integer> delimiters, int kiviResidual) {
        KiviStore.Config k4 = kivi(4, shape.headDim(), kiviResidual);
        KiviStore.Config k2 = kivi(2, shape.headDim(), kiviResidual);
        // MiniCache merges layer pairs (l, l + 1) from mid-depth; a 2- or 3-layer model has its only pair at 0
        MiniCacheKernel.Config mini = shape.layers() >= 4 ? MiniCacheKernel.Config.defaults(shape.layers())
                : new MiniCacheKernel.Config(0, 0.05, 0.5);
        List<Spec> out = new ArrayList<>();
        for (String k : kernels) {
            switch (k) {
                case "full" -> out.add(new Spec("-", 0, (s, c) -> FullKernel.full(s)));
                case "kivi-4bit" -> out.add(new Spec("-", 0, (s, c) -> FullKernel.kivi(s, k4)));
                case "kivi-2bit" -> out.add(new Spec("-", 0, (s, c) -> FullKernel.kivi(s, k2)));
                case "minicache" -> out.add(new Spec("-", 0, (s, c) ->
                        new MiniCacheKernel(s, mini, DenseStore.factory())));
                case "minicache+kivi-4bit" -> out.add(new Spec("-", 0, (s, c) ->
                        new MiniCacheKernel(s, mini, KiviStore.factory(k4))));
                case "sink-window", "sink-window+kivi-4bit", "heavy-hitter", "double-sparsity", "sentence-kv" -> {
                    for (int d : budgets) {
                        if (d < 1) throw new IllegalArgumentException("kv comparison: budget divisor " + d + " < 1");
                        String label = "1/" + d;
                        double f = 1.0 / d;
                        out.add(new Spec(label, f, switch (k) {
                            case "sink-window" -> (s, c) -> new SinkWindowKernel(s,
                                    new SinkWindowKernel.Config(4, Math.max(1, c / d - 4)), DenseStore.factory());
                            case "sink-window+kivi-4bit" -> (s, c) -> new SinkWindowKernel(s,
                                    new SinkWindowKernel.Config(4, Math.max(1, c / d - 4)), KiviStore.factory(k4));
                            case "heavy-hitter" -> (s, c) -> new HeavyHitterKernel(s,
                                    HeavyHitterKernel.Config.ofBudget(Math.max(2, c / d)));
                            case "double-sparsity" -> (s, c) -> new DoubleSparsityKernel(s,
                                    new DoubleSparsityKernel.Config(calibration.channels()[0][0].length,
                                            Math.max(1, c / d)), calibration);
                            default -> (s, c) -> new SentenceKvKernel(s,
                                    new SentenceKvKernel.Config(delimiters, Math.max(1, c / d)));
                        }));
                    }
                }
                default -> throw new IllegalArgumentException("kv comparison: unknown kernel '" + k + "' (known: "
                        + String.join(", ", KERNELS) + ")");
            }
        }
        return out;
    }

    /**
     * The whole grid: for each context, {@code prompts} held-out prompts of {@code taskAt.apply(context)} (drawn
     * with {@code seed}, the same for every kernel), every spec of {@link #specs} measured on them. Double
     * Sparsity is calibrated once, on four training prompts of the first context; SentenceKV's sentences end at
     * spaces (the recall context's pairs are space-delimited). {@code each} receives every point as it is done.
     */
    public static List<Point> grid(DecoderModel model, CharTokenizer tok, IntFunction<Task> taskAt, int[] contexts,
            List<String> kernels, int[] budgets, int prompts, long seed, int kiviResidual, Consumer<Point> each,
            BiConsumer<Point, KvKernel> lastKernel) {
        return grid(model, tok, taskAt, contexts, kernels, budgets, prompts, seed, c -> kiviResidual, each,
                lastKernel);
    }

    /**
     * As above with KIVI's full-precision residual chosen per context ({@code kiviResidual.applyAsInt(context)},
     * e.g. a fixed share of the context as the KIVI paper's 128 tokens are of its long-context benchmarks).
     */
    public static List<Point> grid(DecoderModel model, CharTokenizer tok, IntFunction<Task> taskAt, int[] contexts,
            List<String> kernels, int[] budgets, int prompts, long seed, IntUnaryOperator kiviResidual,
            Consumer<Point> each, BiConsumer<Point, KvKernel> lastKernel) {
        if (contexts.length == 0) throw new IllegalArgumentException("kv comparison: no contexts");
        Task first = taskAt.apply(contexts[0]);
        int sep = tok.specialId(first.separators().get(0));
        KvShape shape = KvShape.of(model, 1);
        List<Example> cal = first.examples(Split.TRAIN, 4, seed ^ 0xCA1L);
        int[][] calIds = new int[cal.size()][];
        for (int i = 0; i < cal.size(); i++) calIds[i] = Prompt.of(tok, cal.get(i), sep).context();
        DoubleSparsityKernel.Calibration calibration = DoubleSparsityKernel.Calibration.of(model,
                Nd4j.createFromArray(calIds), (int) Math.max(1, shape.headDim() / 8));
        Set<Integer> delimiters = Set.of(tok.encode(" ")[0]);
        List<Point> out = new ArrayList<>();
        for (int context : contexts) {
            List<Spec> specs = specs(kernels, budgets, shape, calibration, delimiters,
                    kiviResidual.applyAsInt(context));
            Task task = taskAt.apply(context);
            List<Prompt> ps = new ArrayList<>();
            for (Example e : task.examples(Split.TEST, prompts, seed + context)) ps.add(Prompt.of(tok, e, sep));
            KvComparison cmp = new KvComparison(model, ps);
            for (Spec spec : specs) {
                KvKernel[] last = new KvKernel[1];
                Point pt = cmp.measure(spec, k -> {
                    last[0] = k;
                    NativeGarbage.release(); // between prompts, outside the timed decode
                });
                out.add(pt);
                if (each != null) each.accept(pt);
                if (lastKernel != null) lastKernel.accept(pt, last[0]);
            }
        }
        return out;
    }

    /**
     * Decode speed with and without a cache at one context: greedy-free, teacher-forced single-token steps after a
     * prefill of {@code prefix} ({@code [1, P]}), each step either through the full cache or by recomputing the
     * whole sequence ({@code P + s + 1} positions) without one. Returns {@code {cached wall ns, cached cpu ns,
     * recomputed wall ns, recomputed cpu ns}} per step, measured over {@code steps} steps after {@code warmup}
     * untimed ones of each.
     */
    public static double[] decodeStepNanos(DecoderModel model, int[] prefix, int steps, int warmup) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] out = new double[4];
        for (int pass = 0; pass < 2; pass++) {
            boolean cached = pass == 0;
            int total = warmup + steps;
            FullKvCache cache = model.newCache(1, prefix.length + total);
            int[] seq = Arrays.copyOf(prefix, prefix.length + total);
            for (int i = 0; i < total; i++) seq[prefix.length + i] = prefix[1 + i % (prefix.length - 1)];
            if (cached) model.forward(Tape.inference(), Nd4j.createFromArray(new int[][] {prefix}), cache);
            long wall = 0;
            long cpu = 0;
            for (int s = 0; s < total; s++) {
                long w = System.nanoTime();
                long c = mx.getCurrentThreadCpuTime();
                if (cached) {
                    model.forward(Tape.inference(), Nd4j.createFromArray(new int[][] {{seq[prefix.length + s]}}),
                            cache);
                } else {
                    model.forward(Tape.inference(),
                            Nd4j.createFromArray(new int[][] {Arrays.copyOf(seq, prefix.length + s + 1)}), null);
                }
                if (s >= warmup) {
                    wall += System.nanoTime() - w;
                    cpu += mx.getCurrentThreadCpuTime() - c;
                }
            }
            out[2 * pass] = wall / (double) steps;
            out[2 * pass + 1] = cpu / (double) steps;
        }
        return out;
    }
}
