package io.rlwb.plugins.llm.reward.model;

import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.TensorFile;
import io.rlwb.engine.nn.autodiff.Ops;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.nn.layers.Embedding;
import io.rlwb.engine.nn.layers.FeedForward;
import io.rlwb.engine.nn.layers.Linear;
import io.rlwb.engine.nn.layers.Module;
import io.rlwb.engine.nn.layers.Norm;
import io.rlwb.engine.nn.layers.TransformerBlock;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small multi-label reward model: {@code <bos>} prompt completion ({@code <eos>} when the completion finished)
 * goes through a token plus learned position embedding and {@code layers} of the engine's pre-norm
 * {@link TransformerBlock}s and a final norm; the hidden states are pooled to one vector per sequence (the mean over
 * the real tokens, or the last real token), and a linear layer maps it to {@code H} outputs, one per label (the
 * multi-head reward model of multi-objective GRPO). The blocks attend causally, so the last token is the one
 * position that has read the whole sequence; mean pooling averages prefixes.
 *
 * <p>Each head has its own loss: {@link Loss#MSE} regresses the label ({@code (y - t)^2}); {@link Loss#BCE} reads
 * the output as a logit and the label as a probability in [0, 1] ({@code -t log s(y) - (1 - t) log(1 - s(y))}), and
 * the score is {@code s(y)}. The training loss is the sum over heads of each head's batch mean.
 *
 * <p>Parameter names: {@code tok.weight}, {@code pos.weight}, {@code blocks.<i>.*}, {@code norm.*},
 * {@code out.weight}, {@code out.bias}; {@link #save} and {@link #load} write and read them with {@link TensorFile}.
 */
public final class RewardModel implements Module, LearnedReward {
    /** How hidden states become one vector per sequence. */
    public enum Pooling { MEAN, LAST }

    /** A head's loss. */
    public enum Loss { MSE, BCE }

    /**
     * @param labels the label (head) names
     * @param losses one loss per label
     * @param maxLength most tokens a sequence may have ({@code <bos>}, prompt, completion, {@code <eos>}); longer
     *     completions are cut to fit
     */
    public record Config(List<String> labels, List<Loss> losses, int width, int heads, int layers, int maxLength,
            Pooling pooling, long seed, DataType dtype) {
        public Config {
            labels = List.copyOf(labels);
            losses = List.copyOf(losses);
            if (labels.isEmpty() || labels.size() != losses.size()) {
                throw new IllegalArgumentException("reward model needs one loss per label, got " + labels.size()
                        + " labels " + labels + " and " + losses.size() + " losses");
            }
            if (width <= 0 || heads <= 0 || layers <= 0 || maxLength < 2 || width % heads != 0) {
                throw new IllegalArgumentException("reward model sizes: width " + width + " must be a positive "
                        + "multiple of heads " + heads + ", layers " + layers + " >= 1, maxLength " + maxLength
                        + " >= 2");
            }
        }
    }

    private final Config cfg;
    private final CharTokenizer tokenizer;
    private final Embedding tok;
    private final Embedding pos;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final Norm norm;
    private final Linear out;
    private final Map<String, Parameter> params;

    public RewardModel(Config cfg, CharTokenizer tokenizer) {
        this.cfg = cfg;
        this.tokenizer = tokenizer;
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        double std = 0.02;
        double projStd = std / Math.sqrt(2.0 * cfg.layers());
        DataType dt = cfg.dtype();
        tok = new Embedding("tok", tokenizer.vocabSize(), cfg.width(), std, rng, dt);
        pos = new Embedding("pos", cfg.maxLength(), cfg.width(), std, rng, dt);
        for (int i = 0; i < cfg.layers(); i++) {
            blocks.add(new TransformerBlock("blocks." + i, cfg.width(), cfg.heads(), 4 * cfg.width(),
                    Norm.Kind.LAYER, FeedForward.Activation.GELU_TANH, null, std, projStd, 0,
                    Nd4j.getRandomFactory().getNewRandomInstance(cfg.seed() + i), rng, dt));
        }
        norm = new Norm("norm", Norm.Kind.LAYER, cfg.width(), 1e-5, dt);
        out = new Linear("out", cfg.width(), cfg.labels().size(), true, std, rng, dt);
        Map<String, Parameter> p = new LinkedHashMap<>();
        List<Module> parts = new ArrayList<>(List.of(tok, pos));
        parts.addAll(blocks);
        parts.add(norm);
        parts.add(out);
        for (Module m : parts) p.putAll(m.namedParameters());
        params = Collections.unmodifiableMap(p);
    }

    public Config config() {
        return cfg;
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public List<String> names() {
        return cfg.labels();
    }

    /** Token ids {@code [B, T]} (right-padded with {@code <pad>}) and each sequence's length. */
    public record Encoded(INDArray ids, int[] lengths) {}

    /** Encodes prompt + completion (+ {@code <eos>} when finished), cutting the completion to fit maxLength. */
    public Encoded encode(List<Example> examples, List<String> completions, List<Boolean> finished) {
        int b = examples.size();
        if (completions.size() != b || finished.size() != b) {
            throw new IllegalArgumentException("reward model: " + b + " examples but " + completions.size()
                    + " completions and " + finished.size() + " finished flags");
        }
        int[][] seqs = new int[b][];
        int t = 1;
        for (int i = 0; i < b; i++) {
            int[] prompt = tokenizer.encodePrompt(examples.get(i).prompt());
            int[] comp = tokenizer.encode(completions.get(i));
            int eos = finished.get(i) ? 1 : 0;
            if (prompt.length + eos > cfg.maxLength()) {
                throw new IllegalArgumentException("reward model: prompt '" + examples.get(i).prompt() + "' has "
                        + prompt.length + " tokens, more than maxLength " + cfg.maxLength());
            }
            int keep = Math.min(comp.length, cfg.maxLength() - prompt.length - eos);
            int[] s = Arrays.copyOf(prompt, prompt.length + keep + eos);
            System.arraycopy(comp, 0, s, prompt.length, keep);
            if (eos == 1) s[s.length - 1] = CharTokenizer.EOS;
            seqs[i] = s;
            t = Math.max(t, s.length);
        }
        int[][] ids = new int[b][t];
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(seqs[i], 0, ids[i], 0, seqs[i].length);
            lengths[i] = seqs[i].length;
        }
        return new Encoded(Nd4j.createFromArray(ids), lengths);
    }

    /** Raw head outputs {@code [B, H]} (logits for BCE heads). */
    public Tensor forward(Tape tape, Encoded batch) {
        long b = batch.ids().size(0);
        long t = batch.ids().size(1);
        Tensor x = Ops.add(tok.forward(tape, batch.ids()),
                pos.forward(tape, Nd4j.arange(0, t).castTo(DataType.INT).reshape(1, t)));
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(tape, x, null, i, 0);
        }
        x = norm.forward(tape, x);
        // pooling as a batched product: [B, 1, T] weights times [B, T, W] hidden states
        double[][][] w = new double[(int) b][1][(int) t];
        for (int i = 0; i < b; i++) {
            int n = batch.lengths()[i];
            if (cfg.pooling() == Pooling.LAST) {
                w[i][0][n - 1] = 1;
            } else {
                for (int j = 0; j < n; j++) w[i][0][j] = 1.0 / n;
            }
        }
        Tensor pooled = Ops.reshape(Ops.matmul(tape.constant(Nd4j.createFromArray(w).castTo(cfg.dtype())), x),
                b, cfg.width());
        return out.forward(tape, pooled);
    }

    /**
     * The training loss: the sum over heads of each head's mean loss over the batch against {@code targets}
     * {@code [B][H]}.
     */
    public Tensor loss(Tape tape, Encoded batch, double[][] targets) {
        Tensor y = forward(tape, batch);
        int b = targets.length;
        int h = cfg.labels().size();
        double[][] mseW = new double[1][h];
        double[][] bceQ = new double[b * h][2];
        boolean anyMse = false;
        boolean anyBce = false;
        for (int k = 0; k < h; k++) {
            if (cfg.losses().get(k) == Loss.MSE) {
                mseW[0][k] = 1.0 / b;
                anyMse = true;
            } else {
                anyBce = true;
                for (int i = 0; i < b; i++) {
                    double p = targets[i][k];
                    if (!(p >= 0 && p <= 1)) {
                        throw new IllegalArgumentException("reward model head '" + cfg.labels().get(k)
                                + "' uses BCE but label " + i + " is " + p + ", outside [0, 1]");
                    }
                    bceQ[i * h + k][0] = (1 - p) / b;
                    bceQ[i * h + k][1] = p / b;
                }
            }
        }
        DataType dt = cfg.dtype();
        Tensor total = null;
        if (anyMse) {
            Tensor d = Ops.sub(y, tape.constant(Nd4j.createFromArray(targets).castTo(dt)));
            total = Ops.sum(Ops.mul(Ops.mul(d, d), tape.constant(Nd4j.createFromArray(mseW).castTo(dt))));
        }
        if (anyBce) {
            // logits [0, y] of the two classes, so log-softmax gives log(1 - s(y)) and log s(y)
            Tensor two = Ops.matmul(Ops.reshape(y, (long) b * h, 1),
                    tape.constant(Nd4j.createFromArray(new double[][] {{0, 1}}).castTo(dt)));
            Tensor bce = Ops.scale(Ops.sum(Ops.mul(Ops.logSoftmax(two, -1, null),
                    tape.constant(Nd4j.createFromArray(bceQ).castTo(dt)))), -1);
            total = total == null ? bce : Ops.add(total, bce);
        }
        return total;
    }

    /**
     * Arrays of {@code [B, heads, T, T]} one pass leaves per layer, counted as a training step's (scores, mask,
     * probabilities and their gradients: the count the policy's collection estimate uses), so that an inference pass
     * is over- rather than under-estimated; a collection asked for a little early costs one {@code System.gc()}.
     */
    static final int ATTENTION_ARRAYS_PER_LAYER = 16;

    /**
     * Estimated native bytes one forward pass of a model of {@code cfg} over {@code rows} sequences of the full
     * {@code maxLength} leaves behind: its attention arrays, {@code rows x heads x layers x maxLength^2} values
     * {@link #ATTENTION_ARRAYS_PER_LAYER} times.
     */
    public static long forwardBytes(Config cfg, long rows) {
        long t = cfg.maxLength();
        return rows * cfg.heads() * cfg.layers() * t * t * cfg.dtype().width() * ATTENTION_ARRAYS_PER_LAYER;
    }

    @Override
    public long scoringBytes(long rows) {
        return forwardBytes(cfg, rows);
    }

    /** Scores {@code [B][H]}: the regression output for MSE heads, the probability for BCE heads. */
    @Override
    public double[][] scores(List<Example> examples, List<String> completions, List<Boolean> finished) {
        if (examples.isEmpty()) return new double[0][];
        INDArray raw = forward(Tape.inference(), encode(examples, completions, finished)).value();
        double[][] s = raw.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int k = 0; k < cfg.labels().size(); k++) {
            if (cfg.losses().get(k) == Loss.BCE) {
                for (double[] row : s) row[k] = 1 / (1 + Math.exp(-row[k]));
            }
        }
        return s;
    }

    /** Writes the weights to {@code npz} (and its JSON manifest). */
    public void save(Path npz, long step) throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        for (Parameter p : params.values()) t.put(p.name(), p.value());
        TensorFile.write(npz, t, step);
    }

    /** Reads weights written by {@link #save} into this model, which must have the same configuration. */
    public long load(Path npz) throws IOException {
        TensorFile.Loaded l = TensorFile.read(npz);
        for (Parameter p : params.values()) {
            INDArray v = l.tensors().get(p.name());
            if (v == null) {
                throw new IOException(npz + ": reward model tensor '" + p.name() + "' is missing");
            }
            if (!Arrays.equals(v.shape(), p.value().shape())) {
                throw new IOException(npz + ": reward model tensor '" + p.name() + "' has shape "
                        + Arrays.toString(v.shape()) + ", this model needs " + Arrays.toString(p.value().shape()));
            }
            p.value().assign(v.castTo(p.value().dataType()));
        }
        return l.step();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return params;
    }
}
