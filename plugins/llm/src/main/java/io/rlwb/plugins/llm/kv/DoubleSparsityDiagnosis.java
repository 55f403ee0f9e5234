package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import io.rlwb.plugins.llm.sft.RecallSft;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Why Double Sparsity picks the tokens it picks, on a trained recall policy (docs/benchmarks.md, "Double Sparsity on
 * the solved recall policy"). {@code main(WEIGHTS CONTEXT PROMPTS [CHANNELS])}: calibrates as the kernel grid does
 * (4 training prompts, seed {@code 11 ^ 0xCA1}) with every {@link DoubleSparsityKernel.Ranking}, prints the label
 * channels; then, over the single-token steps of {@code PROMPTS} held-out prompts (seed {@code 11 + CONTEXT}), per
 * layer and head, how many of the exact top quarter of keys (by {@code q . k}) the labels' top quarter holds and
 * what share of the exact attention it covers; and last the recall of the kernel with all channels at 1/2 and 1/4
 * of the tokens, with the calibrated channels and all tokens, and with each ranking at 1/2, 1/4, 1/8.
 */
public final class DoubleSparsityDiagnosis {
    private DoubleSparsityDiagnosis() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PolicyCheckpoint.Loaded loaded = PolicyCheckpoint.load(Path.of(args[0]));
        int context = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int r = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        DecoderModel model = loaded.policy().model();
        CharTokenizer tok = loaded.tokenizer();
        Task task = RecallSft.Config.defaults().withPairs(1).task(context);
        int sep = tok.specialId(task.separators().get(0));
        List<Example> cal = task.examples(Split.TRAIN, 4, 11 ^ 0xCA1L);
        int[][] calIds = new int[cal.size()][];
        for (int i = 0; i < cal.size(); i++) calIds[i] = KvComparison.Prompt.of(tok, cal.get(i), sep).context();
        List<KvComparison.Prompt> prompts = new ArrayList<>();
        for (Example e : task.examples(Split.TEST, n, 11 + context)) prompts.add(KvComparison.Prompt.of(tok, e, sep));
        KvShape shape = KvShape.of(model, 1);
        DoubleSparsityKernel.Ranking[] rankings = DoubleSparsityKernel.Ranking.values();
        DoubleSparsityKernel.Calibration[] cals = new DoubleSparsityKernel.Calibration[rankings.length];
        for (int i = 0; i < rankings.length; i++) {
            cals[i] = DoubleSparsityKernel.Calibration.of(model, Nd4j.createFromArray(calIds), r, rankings[i]);
            out.println(rankings[i] + " label channels [layer][head]: " + Arrays.deepToString(cals[i].channels()));
        }
        Probe probe = new Probe(FullKernel.full(shape), cals);
        for (KvComparison.Prompt p : prompts) {
            probe.reset();
            model.forward(Tape.inference(), Nd4j.createFromArray(new int[][] {p.context()}), probe);
            int[] feed = new int[p.query().length + p.answer().length - 1];
            System.arraycopy(p.query(), 0, feed, 0, p.query().length);
            System.arraycopy(p.answer(), 0, feed, p.query().length, p.answer().length - 1);
            for (int f : feed) model.forward(Tape.inference(), Nd4j.createFromArray(new int[][] {{f}}), probe);
        }
        out.println("| ranking | layer | head | steps | overlap with exact top 1/4 | attention in labels' top 1/4 "
                + "| attention in exact top 1/4 |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < rankings.length; i++) {
            for (int l = 0; l < shape.layers(); l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    double[] s = probe.stats[i][l][h];
                    out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.3f | %.3f | %.3f |%n", rankings[i], l, h, s[0],
                            s[1] / s[0], s[2] / s[0], s[3] / s[0]);
                }
            }
        }
        KvComparison cmp = new KvComparison(model, prompts);
        out.printf(Locale.ROOT, "full cache recall %.3f%n", cmp.fullAccuracy());
        DoubleSparsityKernel.Calibration all = DoubleSparsityKernel.Calibration.all(shape);
        int d = (int) shape.headDim();
        measure(out, cmp, "all " + d + " channels, 1/2 tokens", (s, c) -> new DoubleSparsityKernel(s,
                new DoubleSparsityKernel.Config(d, c / 2), all));
        measure(out, cmp, "all " + d + " channels, 1/4 tokens", (s, c) -> new DoubleSparsityKernel(s,
                new DoubleSparsityKernel.Config(d, c / 4), all));
        for (int i = 0; i < rankings.length; i++) {
            DoubleSparsityKernel.Calibration c0 = cals[i];
            measure(out, cmp, rankings[i] + ", " + r + " channels, all tokens", (s, c) -> new DoubleSparsityKernel(s,
                    new DoubleSparsityKernel.Config(r, c + 64), c0));
            for (int div : new int[] {2, 4, 8}) {
                measure(out, cmp, rankings[i] + ", " + r + " channels, 1/" + div + " tokens", (s, c) ->
                        new DoubleSparsityKernel(s, new DoubleSparsityKernel.Config(r, Math.max(1, c / div)), c0));
            }
        }
    }

    private static void measure(PrintStream out, KvComparison cmp, String what, KvComparison.KernelMaker maker) {
        KvComparison.Point pt = cmp.measure(new KvComparison.Spec(what, 0, maker));
        out.printf(Locale.ROOT, "%s: agreement %.3f, KL %.4f, recall %.3f%n", what, pt.top1Agreement(), pt.kl(),
                pt.taskAccuracy());
    }

    /**
     * A full cache that, at every single-token step, compares each calibration's label top quarter of the keys with
     * the exact one.
     */
    private static final class Probe extends ForwardingKernel {
        private final DoubleSparsityKernel.Calibration[] cals;
        /** [calibration][layer][head]: steps, overlap, attention in labels' set, attention in exact set (sums). */
        final double[][][][] stats;

        Probe(KvKernel inner, DoubleSparsityKernel.Calibration[] cals) {
            super(inner);
            this.cals = cals;
            KvShape s = inner.shape();
            stats = new double[cals.length][s.layers()][(int) s.heads()][4];
        }

        @Override
        public View append(int layer, INDArray q, INDArray k, INDArray v) {
            View view = super.append(layer, q, k, v);
            if (q.size(2) != 1) return view;
            INDArray keys = view.keys(); // [1, H, n, D]
            int n = (int) keys.size(2);
            int top = Math.max(1, n / 4);
            for (int h = 0; h < keys.size(1); h++) {
                double[] qq = q.get(NDArrayIndex.point(0), NDArrayIndex.point(h), NDArrayIndex.point(0),
                        NDArrayIndex.all()).toDoubleVector();
                double[][] kk = keys.get(NDArrayIndex.point(0), NDArrayIndex.point(h), NDArrayIndex.all(),
                        NDArrayIndex.all()).toDoubleMatrix();
                double[] exact = new double[n];
                for (int j = 0; j < n; j++) for (int c = 0; c < qq.length; c++) exact[j] += qq[c] * kk[j][c];
                double max = Arrays.stream(exact).max().orElse(0);
                double[] p = new double[n];
                double z = 0;
                for (int j = 0; j < n; j++) z += p[j] = Math.exp(exact[j] - max);
                Set<Integer> best = top(exact, top);
                for (int i = 0; i < cals.length; i++) {
                    double[] approx = new double[n];
                    int[] labels = cals[i].channels()[layer][h];
                    for (int j = 0; j < n; j++) for (int c : labels) approx[j] += qq[c] * kk[j][c];
                    approx[n - 1] = Double.POSITIVE_INFINITY; // the kernel always reads the newest
                    Set<Integer> picked = top(approx, top);
                    double[] s = stats[i][layer][h];
                    s[0]++;
                    for (int j : picked) {
                        if (best.contains(j)) s[1] += 1.0 / top;
                        s[2] += p[j] / z;
                    }
                    for (int j : best) s[3] += p[j] / z;
                }
            }
            return view;
        }

        private static Set<Integer> top(double[] x, int k) {
            Integer[] idx = new Integer[x.length];
            for (int i = 0; i < x.length; i++) idx[i] = i;
            Arrays.sort(idx, (a, b) -> Double.compare(x[b], x[a]));
            return new HashSet<>(Arrays.asList(idx).subList(0, k));
        }
    }
}
