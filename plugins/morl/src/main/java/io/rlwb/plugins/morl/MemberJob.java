package io.rlwb.plugins.morl;

import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.TensorFile;
import io.rlwb.engine.spi.NodeInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one C-MORL member's training job is and what it gives back, written so that it can travel inside a trial's
 * graph file (docs/decisions/0024): the member's id, preference weights and seed, its step target, its advantage
 * rule (stage 1: the combiner's gradient; stage 2: the log barrier of {@code objective} with {@code thresholds}),
 * the returns estimate it starts from, and the parameters it starts from (an extension's parent's; none in stage
 * 1) as a base64 {@code .npz}. Doubles are written with {@link Double#toString}, which reads back bit for bit.
 *
 * @param objective the objective an extension maximises; -1 for a stage 1 member
 * @param thresholds the extension's constraint thresholds {@code c} (null in stage 1)
 * @param initialReturns the returns estimate before the member's own episodes end (null: none)
 * @param init the starting parameters by name ({@code policy.*}, {@code critic.*}); null: the replica's own
 */
record MemberJob(String id, double[] weights, long seed, long target, int objective, double[] thresholds,
                 double barrierT, double[] initialReturns, Map<String, INDArray> init) {
    /** The member's result file in its trial's run directory. */
    static final String RESULT_FILE = "member.npz";

    /** The member node's parameters that carry this job (the PPO settings come from the C-MORL node's). */
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("member", id);
        p.put("weights", doubles(weights));
        p.put("seed", Long.toString(seed));
        p.put("target", Long.toString(target));
        p.put("objective", Integer.toString(objective));
        p.put("thresholds", thresholds == null ? "" : doubles(thresholds));
        p.put("barrier_t", Double.toString(barrierT));
        p.put("initial_returns", initialReturns == null ? "" : doubles(initialReturns));
        p.put("init", init == null ? "" : base64(init));
        return p;
    }

    static String doubles(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(Double.toString(v[i]));
        return b.toString();
    }

    /** Parses {@link #doubles}; null for an empty text. */
    static double[] parseDoubles(String text, String where) {
        if (text == null || text.isBlank()) return null;
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + parts[i] + "' is not a number");
            }
        }
        return out;
    }

    /** The live values of a member's networks, named {@code policy.<param>} and {@code critic.<param>}. */
    static Map<String, INDArray> tensors(List<Parameter> policy, List<Parameter> critic) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        NodeInstance.parameterTensors(policy).forEach((k, v) -> m.put("policy." + k, v));
        NodeInstance.parameterTensors(critic).forEach((k, v) -> m.put("critic." + k, v));
        return m;
    }

    /** Detached copies of {@link #tensors}, to keep after the networks change or go. */
    static Map<String, INDArray> copies(List<Parameter> policy, List<Parameter> critic) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        tensors(policy, critic).forEach((k, v) -> m.put(k, v.dup()));
        return m;
    }

    /** Copies {@code saved} into the networks' parameters, checking names and shapes. */
    static void load(List<Parameter> policy, List<Parameter> critic, Map<String, INDArray> saved, String what) {
        NamedTensors.copyInto(tensors(policy, critic), saved, what);
    }

    static String base64(Map<String, INDArray> tensors) {
        try {
            Path tmp = Files.createTempFile("cmorl-member", ".npz");
            try {
                TensorFile.write(tmp, tensors, 0);
                return Base64.getEncoder().encodeToString(Files.readAllBytes(tmp));
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(TensorFile.manifestPath(tmp));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a member's parameters: " + e.getMessage(), e);
        }
    }

    static Map<String, INDArray> fromBase64(String text, String where) {
        if (text == null || text.isBlank()) return null;
        try {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": not base64: " + e.getMessage());
            }
            Path tmp = Files.createTempFile("cmorl-member", ".npz");
            try {
                Files.write(tmp, bytes);
                return TensorFile.read(tmp).tensors();
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** What a member's trial gives back ({@link #RESULT_FILE}): its trained parameters and its evaluation. */
    record Result(Map<String, INDArray> params, double[] values, long steps, double busySeconds, double learningRate) {
        void write(Path runDir) throws IOException {
            Map<String, INDArray> t = new LinkedHashMap<>(params);
            t.put("eval.values", org.nd4j.linalg.factory.Nd4j.createFromArray(values.clone()));
            t.put("eval.steps", org.nd4j.linalg.factory.Nd4j.createFromArray(new long[] {steps}));
            t.put("eval.busy_s", org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {busySeconds}));
            t.put("eval.learning_rate", org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {learningRate}));
            TensorFile.write(runDir.resolve(RESULT_FILE), t, steps);
        }

        static Result read(Path runDir) throws IOException {
            Path f = runDir.resolve(RESULT_FILE);
            if (!Files.exists(f)) throw new IOException(f + " is missing: the member's trial wrote no result");
            Map<String, INDArray> t = new LinkedHashMap<>(TensorFile.read(f).tensors());
            double[] values = take(t, "eval.values", f).toDoubleVector();
            long steps = take(t, "eval.steps", f).getLong(0);
            double busy = take(t, "eval.busy_s", f).getDouble(0);
            double lr = take(t, "eval.learning_rate", f).getDouble(0);
            return new Result(t, values, steps, busy, lr);
        }

        private static INDArray take(Map<String, INDArray> t, String name, Path f) throws IOException {
            INDArray a = t.remove(name);
            if (a == null) throw new IOException(f + " holds no '" + name + "'");
            return a;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "member %s (%s)", id, objective < 0 ? "stage 1" : "objective " + objective);
    }
}
