package io.rlwb.plugins.llm.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.TensorFile;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trained weights in a directory, in the engine's named-tensor format: {@code policy.json} (format, policy
 * configuration, tokenizer declaration, the weights file's name) beside {@code weights.npz} and its manifest
 * {@code weights.npz.json}, written by {@link TensorFile} (numpy's npz; the manifest records names, shapes, data
 * types, the training step, and the npz's size and SHA-256). Loading checks every name, shape and data type
 * against the configuration it rebuilds, and {@link TensorFile#read} refuses a torn npz/manifest pair.
 */
public final class PolicyCheckpoint {
    /** The {@code policy.json} {@code format} value. */
    public static final String FORMAT = "rlwb-llm-policy/2";
    /** The policy description's file name. */
    public static final String MANIFEST = "policy.json";
    /** The weights' file name (its manifest is {@code weights.npz.json}). */
    public static final String WEIGHTS = "weights.npz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCheckpoint() {}

    /** A loaded checkpoint; {@code step} is the training step the weights were saved at. */
    public record Loaded(TransformerPolicy policy, CharTokenizer tokenizer, long step) {}

    /** Writes {@code policy}'s weights and the tokenizer it reads into {@code dir} (created if missing), step 0. */
    public static void save(Path dir, TransformerPolicy policy, CharTokenizer tokenizer) {
        save(dir, policy, tokenizer, 0);
    }

    /** Writes {@code policy}'s weights, trained for {@code step} steps, and its tokenizer into {@code dir}. */
    public static void save(Path dir, TransformerPolicy policy, CharTokenizer tokenizer, long step) {
        if (tokenizer.vocabSize() != policy.vocabSize()) {
            throw new IllegalArgumentException("tokenizer of " + tokenizer.vocabSize() + " tokens for a policy of "
                    + policy.vocabSize());
        }
        try {
            Files.createDirectories(dir);
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            policy.namedParameters().forEach((name, p) -> tensors.put(name, p.value()));
            TensorFile.write(dir.resolve(WEIGHTS), tensors, step);
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("weights", WEIGHTS);
            PolicyConfig c = policy.config();
            ObjectNode pc = root.putObject("policy");
            pc.put("layers", c.layers());
            pc.put("heads", c.heads());
            pc.put("width", c.width());
            pc.put("contextLength", c.contextLength());
            pc.put("positions", c.positions().name());
            pc.put("tiedHead", c.tiedHead());
            pc.put("mlpRatio", c.mlpRatio());
            pc.put("dropout", c.dropout());
            pc.put("seed", c.seed());
            pc.put("dtype", c.dtype().name());
            pc.put("initStd", c.initStd());
            pc.put("vocab", policy.vocabSize());
            ObjectNode tk = root.putObject("tokenizer");
            tk.put("alphabet", tokenizer.alphabet());
            ArrayNode seps = tk.putArray("separators");
            tokenizer.separators().forEach(seps::add);
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint written by {@link #save}: {@code path} is its directory or its {@code policy.json}. A
     * bad one fails naming the file and the field or tensor.
     */
    public static Loaded load(Path path) {
        Path manifest = Files.isDirectory(path) ? path.resolve(MANIFEST) : path;
        Path dir = manifest.toAbsolutePath().getParent();
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint manifest " + manifest + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(manifest + ": field 'format' is '" + root.path("format").asText()
                    + "', expected '" + FORMAT + "'");
        }
        JsonNode p = need(manifest, root, "policy");
        PolicyConfig config;
        try {
            config = new PolicyConfig(need(manifest, p, "layers").asInt(), need(manifest, p, "heads").asInt(),
                    need(manifest, p, "width").asInt(), need(manifest, p, "contextLength").asInt(),
                    DecoderModel.Positions.valueOf(need(manifest, p, "positions").asText()),
                    need(manifest, p, "tiedHead").asBoolean(), need(manifest, p, "mlpRatio").asInt(),
                    need(manifest, p, "dropout").asDouble(), need(manifest, p, "seed").asLong(),
                    DataType.valueOf(need(manifest, p, "dtype").asText()),
                    initStd(manifest, p));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(manifest + ": field 'policy': " + e.getMessage(), e);
        }
        JsonNode tk = need(manifest, root, "tokenizer");
        List<String> seps = new ArrayList<>();
        need(manifest, tk, "separators").forEach(s -> seps.add(s.asText()));
        CharTokenizer tokenizer = new CharTokenizer(need(manifest, tk, "alphabet").asText(), seps);
        int vocab = need(manifest, p, "vocab").asInt();
        if (vocab != tokenizer.vocabSize()) {
            throw new IllegalArgumentException(manifest + ": field 'policy.vocab' = " + vocab + " but the tokenizer "
                    + "declares " + tokenizer.vocabSize() + " tokens");
        }
        TransformerPolicy policy = new TransformerPolicy(config, vocab);
        Path file = dir.resolve(need(manifest, root, "weights").asText());
        TensorFile.Loaded weights;
        try {
            weights = TensorFile.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read weights " + file + ": " + e.getMessage(), e);
        }
        Map<String, Parameter> params = policy.namedParameters();
        for (Map.Entry<String, INDArray> t : weights.tensors().entrySet()) {
            String name = t.getKey();
            Parameter target = params.get(name);
            if (target == null) {
                throw new IllegalArgumentException(file + ": tensor '" + name + "' is not a parameter of this policy");
            }
            INDArray v = t.getValue();
            if (!Arrays.equals(v.shape(), target.value().shape()) || v.dataType() != target.value().dataType()) {
                throw new IllegalArgumentException(file + ": tensor '" + name + "' is " + v.dataType() + " "
                        + Arrays.toString(v.shape()) + ", the policy needs " + target.value().dataType() + " "
                        + Arrays.toString(target.value().shape()));
            }
            target.value().assign(v);
        }
        if (!weights.tensors().keySet().equals(params.keySet())) {
            Set<String> missing = new HashSet<>(params.keySet());
            missing.removeAll(weights.tensors().keySet());
            throw new IllegalArgumentException(file + ": tensors missing: " + missing);
        }
        return new Loaded(policy, tokenizer, weights.step());
    }

    /** {@code policy.initStd}; manifests written before it existed were all initialised at GPT-2's 0.02. */
    private static double initStd(Path manifest, JsonNode policy) {
        JsonNode n = policy.get("initStd");
        if (n == null) {
            return DecoderModel.Config.GPT2_INIT_STD;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(manifest + ": field 'policy.initStd' must be a number, got " + n);
        }
        return n.asDouble();
    }

    private static JsonNode need(Path manifest, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(manifest + ": missing field '" + field + "'");
        }
        return v;
    }
}
