package io.rlwb.engine.graph;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reads and writes the graph file (the CONTRACT in docs/contracts.md). Reading is lossless: unknown fields at
 * every level, and nodes of unknown types, come back out on save. Older format versions pass through the
 * registered migrations, one version step at a time; newer ones are refused.
 */
public final class GraphFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP_FIELDS = Set.of("format", "version", "name", "run", "nodes", "edges");
    private static final Set<String> NODE_FIELDS = Set.of("id", "type", "typeVersion", "params", "ui");
    private static final Set<String> EDGE_FIELDS = Set.of("from", "to");

    /** Migrations by the version they read: {@code migrations.get(v)} turns a version-v tree into v+1. */
    private final Map<Integer, UnaryOperator<ObjectNode>> migrations;

    /** A reader with the migrations this build knows (none yet: version 1 is the first format). */
    public GraphFile() {
        this(Map.of());
    }

    public GraphFile(Map<Integer, UnaryOperator<ObjectNode>> migrations) {
        this.migrations = new TreeMap<>(migrations);
    }

    public GraphDocument read(Path file) throws GraphFileException {
        String text;
        try {
            text = Utf8Text.decode(Files.readAllBytes(file));
        } catch (Utf8Text.MalformedException e) {
            throw new GraphFileException(file.toString(), e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new GraphFileException(file.toString(), "cannot read the file: no such file", e);
        } catch (AccessDeniedException e) {
            throw new GraphFileException(file.toString(), "cannot read the file: permission denied", e);
        } catch (IOException e) {
            throw new GraphFileException(file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses graph JSON; {@code where} names the source in messages. */
    public GraphDocument parse(String text, String where) throws GraphFileException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? where : where + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new GraphFileException(at, "unreadable JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new GraphFileException(where, "not a graph file: the top level must be a JSON object");
        }
        ObjectNode obj = (ObjectNode) root;
        String format = obj.path("format").asText("");
        if (!GraphDocument.FORMAT.equals(format)) {
            throw new GraphFileException(where, "not a graph file: \"format\" is \"" + format
                    + "\", expected \"" + GraphDocument.FORMAT + "\"");
        }
        JsonNode v = obj.get("version");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new GraphFileException(where, "\"version\" must be an integer, found " + v);
        }
        int version = v.asInt();
        if (version > GraphDocument.CURRENT_VERSION) {
            throw new GraphFileException(where, "the file is format version " + version
                    + ", newer than this program reads (up to " + GraphDocument.CURRENT_VERSION
                    + "); update the workbench to open it");
        }
        while (version < GraphDocument.CURRENT_VERSION) {
            UnaryOperator<ObjectNode> m = migrations.get(version);
            if (m == null) {
                throw new GraphFileException(where, "format version " + version + " is not supported (no migration to "
                        + (version + 1) + ")");
            }
            obj = m.apply(obj.deepCopy());
            version++;
            obj.put("version", version);
        }
        return toDocument(obj, where);
    }

    private static GraphDocument toDocument(ObjectNode obj, String where) throws GraphFileException {
        GraphDocument doc = new GraphDocument(obj.path("name").asText(""));
        JsonNode run = obj.get("run");
        if (run != null) {
            if (!run.isObject()) throw new GraphFileException(where, "\"run\" must be an object");
            doc.setRun((ObjectNode) run.deepCopy());
        }
        copyExtra(obj, TOP_FIELDS, doc.extra());
        JsonNode nodes = obj.path("nodes");
        if (!nodes.isMissingNode() && !nodes.isArray()) throw new GraphFileException(where, "\"nodes\" must be a list");
        int i = 0;
        for (JsonNode n : nodes) {
            String at = where + ": nodes[" + i + "]";
            if (!n.isObject()) throw new GraphFileException(at, "a node must be an object");
            String id = n.path("id").asText("");
            String type = n.path("type").asText("");
            if (id.isEmpty()) throw new GraphFileException(at, "node has no \"id\"");
            if (type.isEmpty()) throw new GraphFileException(at, "node '" + id + "' has no \"type\"");
            GraphNode gn = new GraphNode(id, type, n.path("typeVersion").asInt(1));
            JsonNode p = n.get("params");
            if (p != null && !p.isObject()) throw new GraphFileException(at, "\"params\" of node '" + id + "' must be an object");
            if (p != null) gn.setParams((ObjectNode) p.deepCopy());
            JsonNode ui = n.get("ui");
            if (ui != null && ui.isObject()) gn.setUi((ObjectNode) ui.deepCopy());
            copyExtra((ObjectNode) n, NODE_FIELDS, gn.extra());
            // A "ui" that is not an object is not ours to interpret, but it is the user's: keep it as it came.
            if (ui != null && !ui.isObject()) gn.extra().put("ui", ui.deepCopy());
            doc.nodes().add(gn);
            i++;
        }
        JsonNode edges = obj.path("edges");
        if (!edges.isMissingNode() && !edges.isArray()) throw new GraphFileException(where, "\"edges\" must be a list");
        i = 0;
        for (JsonNode e : edges) {
            String at = where + ": edges[" + i + "]";
            if (!e.isObject() || !e.path("from").isTextual() || !e.path("to").isTextual()) {
                throw new GraphFileException(at, "an edge must be {\"from\": \"node.port\", \"to\": \"node.port\"}");
            }
            GraphEdge ge = new GraphEdge(e.get("from").asText(), e.get("to").asText());
            copyExtra((ObjectNode) e, EDGE_FIELDS, ge.extra());
            doc.edges().add(ge);
            i++;
        }
        return doc;
    }

    private static void copyExtra(ObjectNode from, Set<String> known, Map<String, JsonNode> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!known.contains(f.getKey())) into.put(f.getKey(), f.getValue().deepCopy());
        }
    }

    /** The document as a JSON tree in the file's field order. */
    public static ObjectNode toJson(GraphDocument doc) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", GraphDocument.FORMAT);
        o.put("version", GraphDocument.CURRENT_VERSION);
        o.put("name", doc.name());
        o.set("run", doc.run().deepCopy());
        ArrayNode nodes = o.putArray("nodes");
        for (GraphNode n : doc.nodes()) {
            ObjectNode j = nodes.addObject();
            j.put("id", n.id());
            j.put("type", n.type());
            j.put("typeVersion", n.typeVersion());
            j.set("params", n.params().deepCopy());
            if (!n.ui().isEmpty()) j.set("ui", n.ui().deepCopy());
            n.extra().forEach((k, v) -> j.set(k, v.deepCopy()));
        }
        ArrayNode edges = o.putArray("edges");
        for (GraphEdge e : doc.edges()) {
            ObjectNode j = edges.addObject();
            j.put("from", e.from());
            j.put("to", e.to());
            e.extra().forEach((k, v) -> j.set(k, v.deepCopy()));
        }
        doc.extra().forEach((k, v) -> o.set(k, v.deepCopy()));
        return o;
    }

    /** Pretty JSON with one field per line, two-space indent, stable order: diff-friendly. */
    public static String toText(GraphDocument doc) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        try {
            return JSON.writer(pp).writeValueAsString(toJson(doc)).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes atomically: a temporary file in the same folder, then a rename. */
    public static void write(GraphDocument doc, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toText(doc), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
