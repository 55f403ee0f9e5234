package io.rlwb.plugins.llm.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trained weights as named tensors in a directory: {@code manifest.json} (format, policy configuration, tokenizer
 * declaration, and per tensor its name, file, shape and data type) and one ND4J binary file per tensor
 * ({@code Nd4j.saveBinary}), named by its parameter name ({@code blocks.0.attn.wq.weight.bin}).
 *
 * <p>An interim format: the engine has no shared named-tensor file (.npz) yet; when it has, this class should
 * write that instead. Loading checks every name, shape and data type against the configuration it rebuilds.
 */
public final class PolicyCheckpoint {
    /** The manifest's {@code format} value. */
    public static final String FORMAT = "rlwb-llm-named-tensors/1";
    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCheckpoint() {}

    /** A loaded checkpoint. */
    public record Loaded(TransformerPolicy policy, CharTokenizer tokenizer) {}

    /** Writes {@code policy}'s weights and the tokenizer it reads into {@code dir} (created if missing). */
    public static void save(Path dir, TransformerPolicy policy, CharTokenizer tokenizer) {
        if (tokenizer.vocabSize() != policy.vocabSize()) {
            throw new IllegalArgumentException("tokenizer of " + tokenizer.vocabSize() + " tokens for a policy of "
                    + policy.vocabSize());
        }
        try {
            Files.createDirectories(dir);
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
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
            pc.put("vocab", policy.vocabSize());
            ObjectNode tk = root.putObject("tokenizer");
            tk.put("alphabet", tokenizer.alphabet());
            ArrayNode seps = tk.putArray("separators");
            tokenizer.separators().forEach(seps::add);
            ArrayNode tensors = root.putArray("tensors");
            for (Map.Entry<String, Parameter> e : policy.namedParameters().entrySet()) {
                INDArray v = e.getValue().value();
                String file = e.getKey() + ".bin";
                Nd4j.saveBinary(v, dir.resolve(file).toFile());
                ObjectNode t = tensors.addObject();
                t.put("name", e.getKey());
                t.put("file", file);
                ArrayNode shape = t.putArray("shape");
                for (long s : v.shape()) shape.add(s);
                t.put("dtype", v.dataType().name());
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint written by {@link #save}; a bad one fails naming the file and the field or tensor. */
    public static Loaded load(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
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
                    DataType.valueOf(need(manifest, p, "dtype").asText()));
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
        Map<String, Parameter> params = policy.namedParameters();
        Set<String> seen = new HashSet<>();
        for (JsonNode t : need(manifest, root, "tensors")) {
            String name = t.path("name").asText();
            Parameter target = params.get(name);
            if (target == null) {
                throw new IllegalArgumentException(manifest + ": tensor '" + name + "' is not a parameter of "
                        + "this policy");
            }
            Path file = dir.resolve(t.path("file").asText());
            INDArray v;
            try {
                v = Nd4j.readBinary(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot read tensor '" + name + "': " + e.getMessage(), e);
            }
            if (!Arrays.equals(v.shape(), target.value().shape()) || v.dataType() != target.value().dataType()) {
                throw new IllegalArgumentException(file + ": tensor '" + name + "' is " + v.dataType() + " "
                        + Arrays.toString(v.shape()) + ", the policy needs " + target.value().dataType() + " "
                        + Arrays.toString(target.value().shape()));
            }
            target.value().assign(v);
            seen.add(name);
        }
        if (!seen.equals(params.keySet())) {
            Set<String> missing = new HashSet<>(params.keySet());
            missing.removeAll(seen);
            throw new IllegalArgumentException(manifest + ": tensors missing: " + missing);
        }
        return new Loaded(policy, tokenizer);
    }

    private static JsonNode need(Path manifest, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(manifest + ": missing field '" + field + "'");
        }
        return v;
    }
}
