package io.rlwb.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.nn.TensorFile;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete-state checkpoints of a run directory (ADR 0020): {@code checkpoints/step-<N>/} holds
 * {@code state.npz} (every node's tensors, named {@code <node id>/<name>}, exact bits, with
 * {@code state.npz.json}, {@link TensorFile}'s manifest) and {@code manifest.json} (format, step, iteration, the
 * RNG scheme, node ids with their types and versions, every node's scalars, the run's counters). A checkpoint is
 * written into a temporary folder and renamed into place; then {@code checkpoints/latest} (the folder's name) is
 * replaced atomically. So a kill at any moment leaves the previous checkpoint or the new one, never half of one.
 * The newest {@value #KEEP} checkpoints are kept.
 */
public final class Checkpoints {
    /** {@code manifest.json} format value. */
    public static final String FORMAT = "rlwb-checkpoint";
    public static final int VERSION = 1;
    /** How random streams are made reproducible across a resume (ADR 0020). */
    public static final String RNG_SCHEME = "derived-streams-v1";
    /** Checkpoints kept; older ones are removed after a new one is in place. */
    public static final int KEEP = 2;
    /** Prefix of a checkpoint folder set aside while the same step is written again. */
    private static final String OLD = ".old-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** One node of a checkpoint: its id, type id and type version. */
    public record NodeEntry(String id, String type, int version) {}

    /** A checkpoint being assembled: one {@link StateWriter} per node, then {@link #write}. */
    public static final class Builder {
        private final Map<String, INDArray> tensors = new LinkedHashMap<>();
        private final ObjectNode nodes = JSON.createObjectNode();
        private final ObjectNode run = JSON.createObjectNode();

        /** The writer for node {@code id}; its names are stored as {@code id/name}. */
        public StateWriter node(NodeEntry e) {
            ObjectNode n = nodes.putObject(e.id());
            n.put("type", e.type());
            n.put("version", e.version());
            ObjectNode scalars = n.putObject("scalars");
            return new StateWriter() {
                @Override public void tensor(String name, INDArray value) {
                    String key = e.id() + "/" + name;
                    if (tensors.containsKey(key)) throw new IllegalStateException("state '" + key + "' written twice");
                    tensors.put(key, value.dup('c'));
                }

                @Override public void value(String name, long value) { scalar(name).put("long", value); }

                @Override public void value(String name, double value) {
                    scalar(name).put("double_bits", Double.doubleToRawLongBits(value)).put("double", value);
                }

                @Override public void value(String name, String value) { scalar(name).put("string", value); }

                private ObjectNode scalar(String name) {
                    if (scalars.has(name)) throw new IllegalStateException("state '" + e.id() + "/" + name + "' written twice");
                    return scalars.putObject(name);
                }
            };
        }

        /**
         * Records that node {@code e} cannot save its state, and why: the tensors it wrote are dropped, and a resume
         * refuses the checkpoint naming the node.
         */
        public void unsupported(NodeEntry e, String why) {
            tensors.keySet().removeIf(k -> k.startsWith(e.id() + "/"));
            ObjectNode n = (ObjectNode) nodes.get(e.id());
            n.putObject("scalars");
            n.put("unsupported", why == null ? "not supported" : why);
        }

        /** Run-level values (counters, last metric values) recorded in the manifest's {@code run} object. */

        public ObjectNode run() {
            return run;
        }

        /**
         * Writes {@code checkpoints/step-<step>/} under {@code runDir}, moves {@code latest} to it and removes
         * checkpoints beyond the newest {@value #KEEP}.
         *
         * @return the checkpoint folder
         */
        public Path write(Path runDir, long step, long iteration) throws IOException {
            Path root = runDir.resolve("checkpoints");
            Files.createDirectories(root);
            String name = "step-" + step;
            Path tmp = root.resolve(".tmp-" + name);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            TensorFile.write(tmp.resolve("state.npz"), tensors, step);
            ObjectNode m = JSON.createObjectNode();
            m.put("format", FORMAT);
            m.put("version", VERSION);
            m.put("step", step);
            m.put("iteration", iteration);
            m.put("rng_scheme", RNG_SCHEME);
            m.put("state", "state.npz");
            m.set("run", run);
            m.set("nodes", nodes);
            writeFile(tmp.resolve("manifest.json"), JSON.writeValueAsBytes(m));
            Path target = root.resolve(name);
            // The same step again (a run whose last iteration also had its periodic checkpoint): latest may name
            // it, so the old folder is renamed aside, not deleted in place, and latest() reads it there should a
            // kill come between the two renames.
            Path old = root.resolve(OLD + name);
            deleteTree(old);
            if (Files.exists(target)) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            writeFile(root.resolve("latest"), (name + "\n").getBytes(StandardCharsets.UTF_8));
            deleteTree(old);
            prune(root, name);
            return target;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A checkpoint read back: step, iteration, run values and a reader per node. */
    public record Loaded(Path dir, long step, long iteration, JsonNode run, Map<String, NodeEntry> nodes,
                         Map<String, INDArray> tensors, JsonNode manifest) {
        /** Why node {@code id} could not save its state, or null when it did. */
        public String unsupported(String id) {
            JsonNode u = manifest.path("nodes").path(id).get("unsupported");
            return u == null ? null : u.asText();
        }

        /** The reader of node {@code id}'s state (empty when the checkpoint holds nothing of it). */
        public StateReader node(String id) {
            JsonNode scalars = manifest.path("nodes").path(id).path("scalars");
            String p = id + "/";
            return new StateReader() {
                @Override public boolean has(String name) {
                    return tensors.containsKey(p + name) || scalars.has(name);
                }

                @Override public INDArray tensor(String name) {
                    INDArray a = tensors.get(p + name);
                    if (a == null) throw missing(name);
                    return a;
                }

                @Override public Map<String, INDArray> tensors(String prefix) {
                    Map<String, INDArray> out = new LinkedHashMap<>();
                    String full = p + prefix + ".";
                    tensors.forEach((k, v) -> {
                        if (k.startsWith(full)) out.put(k.substring(full.length()), v);
                    });
                    return out;
                }

                @Override public long longValue(String name) {
                    JsonNode v = scalar(name).get("long");
                    if (v == null) throw missing(name);
                    return v.asLong();
                }

                @Override public double doubleValue(String name) {
                    JsonNode v = scalar(name).get("double_bits");
                    if (v == null) throw missing(name);
                    return Double.longBitsToDouble(v.asLong());
                }

                @Override public String stringValue(String name) {
                    JsonNode v = scalar(name).get("string");
                    if (v == null) throw missing(name);
                    return v.isNull() ? null : v.asText();
                }

                private JsonNode scalar(String name) {
                    JsonNode s = scalars.get(name);
                    if (s == null) throw missing(name);
                    return s;
                }

                private IllegalArgumentException missing(String name) {
                    return new IllegalArgumentException(dir.resolve("manifest.json") + ": node '" + id
                            + "' has no state '" + name + "'");
                }
            };
        }
    }

    /** The latest checkpoint folder of {@code runDir}, or null when it has none. */
    public static Path latest(Path runDir) throws IOException {
        Path root = runDir.resolve("checkpoints");
        Path pointer = root.resolve("latest");
        if (!Files.isRegularFile(pointer)) return null;
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        if (!name.matches("step-[0-9]+")) throw new IOException(pointer + ": names no checkpoint ('" + name + "')");
        Path dir = root.resolve(name);
        Path old = root.resolve(OLD + name);
        if (!Files.isRegularFile(dir.resolve("manifest.json")) && Files.isRegularFile(old.resolve("manifest.json"))) {
            return old; // a rewrite of the same step was cut short between its two renames
        }
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IOException(pointer + ": points at " + dir + ", which holds no manifest.json");
        }
        return dir;
    }

    /** Reads the checkpoint in {@code dir} (a {@code step-<N>} folder). */
    public static Loaded read(Path dir) throws IOException {
        Path mf = dir.resolve("manifest.json");
        JsonNode m = TensorFile.readManifest(mf, FORMAT, VERSION);
        if (!RNG_SCHEME.equals(m.path("rng_scheme").asText())) {
            throw new IOException(mf + ": random streams follow scheme '" + m.path("rng_scheme").asText()
                    + "', this engine continues only '" + RNG_SCHEME + "'");
        }
        TensorFile.Loaded t = TensorFile.read(dir.resolve(m.path("state").asText("state.npz")));
        Map<String, NodeEntry> nodes = new LinkedHashMap<>();
        m.path("nodes").fields().forEachRemaining(e -> nodes.put(e.getKey(), new NodeEntry(e.getKey(),
                e.getValue().path("type").asText(), e.getValue().path("version").asInt())));
        return new Loaded(dir, m.path("step").asLong(), m.path("iteration").asLong(), m.path("run"), nodes,
                t.tensors(), m);
    }

    private static void prune(Path root, String keep) throws IOException {
        List<Path> all = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.matches("step-[0-9]+")) all.add(p);
                // what a write cut short by a kill left behind; latest names the new checkpoint now
                if (n.startsWith(OLD + "step-") || n.startsWith(".tmp-step-")) leftovers.add(p);
            }
        }
        for (Path p : leftovers) deleteTree(p);
        all.sort(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))));
        for (int i = 0; i < all.size() - KEEP; i++) {
            if (!all.get(i).getFileName().toString().equals(keep)) deleteTree(all.get(i));
        }
    }

    /** Deletes {@code p} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    private static void writeFile(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            o.write(bytes);
        }
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
