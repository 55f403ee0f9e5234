package io.rlwb.engine.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.Utf8Text;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.ParamType;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.RunSection;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks sweep files (format {@code workbench-sweep}, docs/sweeps.md) the way the graph validator checks
 * graphs: every problem at once, each addressed to its place. Problems with a varied or fixed parameter are
 * {@code node-id.param: message} (values checked against the node type's {@link ParamSpec}); problems with a
 * section are {@code seeds: message}, {@code random.samples: message}; problems with the file itself are
 * {@code file:line:column: message}. The base graph must load and validate, and its problems are reported as
 * {@code graph: <its diagnostic>}.
 */
public final class SweepFile {
    /** The {@code format} of a sweep file. */
    public static final String FORMAT = "workbench-sweep";
    /** The newest version this program reads and writes. */
    public static final int CURRENT_VERSION = 1;
    static final Set<String> TOP_FIELDS = Set.of("format", "version", "name", "graph", "set", "grid", "random", "seeds",
            "budget", "description");
    private static final Set<String> RANDOM_FIELDS = Set.of("samples", "seed", "params");
    private static final Set<String> SEEDS_FIELDS = Set.of("first", "count");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final NodeRegistry registry;

    public SweepFile(NodeRegistry registry) {
        this.registry = registry;
    }

    /**
     * The outcome of checking a sweep file.
     *
     * @param sweep the sweep when there are no errors, else null
     * @param diagnostics every problem found, errors and warnings
     */
    public record Checked(Sweep sweep, List<Diagnostic> diagnostics) {
        public boolean ok() {
            return sweep != null;
        }

        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }
    }

    /** Reads and checks {@code file}; never throws for anything the file holds. */
    public Checked read(Path file) {
        List<Diagnostic> d = new ArrayList<>();
        String text;
        try {
            text = Utf8Text.decode(Files.readAllBytes(file));
        } catch (Utf8Text.MalformedException e) {
            return fail(file.toString(), e.getMessage());
        } catch (NoSuchFileException e) {
            return fail(file.toString(), "cannot read the file: no such file");
        } catch (AccessDeniedException e) {
            return fail(file.toString(), "cannot read the file: permission denied");
        } catch (IOException e) {
            return fail(file.toString(), "cannot read the file: " + e.getMessage());
        }
        return check(text, file, d);
    }

    /** Checks sweep text as if read from {@code file} (the base graph is found relative to it). */
    public Checked parse(String text, Path file) {
        return check(text, file, new ArrayList<>());
    }

    private static Checked fail(String where, String message) {
        return new Checked(null, List.of(Diagnostic.error(where, null, message)));
    }

    private Checked check(String text, Path file, List<Diagnostic> d) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? file.toString() : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            return fail(at, "unreadable JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) return fail(file.toString(), "not a sweep file: the top level must be a JSON object");
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            String hint = GraphDocument.FORMAT.equals(format) ? " (this is a graph file: run it with `workbench run`)" : "";
            return fail(file.toString(), "not a sweep file: \"format\" is \"" + format + "\", expected \"" + FORMAT + "\"" + hint);
        }
        JsonNode v = root.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            d.add(Diagnostic.error("version", null, "must be an integer, found " + v));
        } else if (v.asInt() > CURRENT_VERSION) {
            return fail(file.toString(), "the file is sweep format version " + v.asInt()
                    + ", newer than this program reads (up to " + CURRENT_VERSION + "); update the workbench to run it");
        } else if (v.asInt() < 1) {
            d.add(Diagnostic.error("version", null, "must be 1 or more, found " + v.asInt()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) {
                d.add(Diagnostic.error(f, null, "unknown field; a sweep file has " + String.join(", ", sorted(TOP_FIELDS))));
            }
        }
        String name = file.getFileName() == null ? "sweep" : file.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode nameNode = root.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank()) d.add(Diagnostic.error("name", null, "must be a non-empty string, found " + nameNode));
            else name = nameNode.asText();
        }
        // The base graph: everything about parameters depends on it, so without it only the shapes are checked.
        Path graphFile = null;
        GraphDocument graph = null;
        String graphText = null;
        JsonNode g = root.get("graph");
        if (g == null || !g.isTextual() || g.asText().isBlank()) {
            d.add(Diagnostic.error("graph", null, "must name the base graph file (a path relative to the sweep file), found " + g));
        } else {
            Path dir = file.toAbsolutePath().getParent();
            try {
                graphFile = dir == null ? Path.of(g.asText()) : dir.resolve(g.asText()).normalize();
                graphText = Utf8Text.decode(Files.readAllBytes(graphFile));
                graph = new GraphFile().parse(graphText, graphFile.toString());
                ValidationResult vr = new Validator(registry).validate(graph);
                for (Diagnostic e : vr.errors()) d.add(Diagnostic.error("graph", null, g.asText() + ": " + e));
                if (!vr.ok()) graph = null;
            } catch (java.nio.file.InvalidPathException e) {
                d.add(Diagnostic.error("graph", null, "'" + g.asText() + "' is not a path: " + e.getMessage()));
            } catch (NoSuchFileException e) {
                d.add(Diagnostic.error("graph", null, "no such file: " + graphFile));
            } catch (Utf8Text.MalformedException e) {
                d.add(Diagnostic.error("graph", null, graphFile + ": " + e.getMessage()));
            } catch (IOException e) {
                d.add(Diagnostic.error("graph", null, "cannot read " + graphFile + ": " + e.getMessage()));
            } catch (GraphFileException e) {
                d.add(Diagnostic.error("graph", null, e.where() + ": " + e.getMessage()));
            }
        }
        final GraphDocument base = graph;
        Set<String> claimed = new HashSet<>();
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        JsonNode set = root.get("set");
        if (set != null) {
            if (!set.isObject()) d.add(Diagnostic.error("set", null, "must be an object {\"node.param\": value}, found " + set));
            else set.fields().forEachRemaining(e -> {
                if (target(e.getKey(), "set", base, claimed, d) instanceof ParamSpec spec) {
                    spec.check(e.getValue()).ifPresent(m -> d.add(at(e.getKey(), "set: " + m)));
                }
                fixed.put(e.getKey(), e.getValue());
            });
        }
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        JsonNode gridNode = root.get("grid");
        if (gridNode != null) {
            if (!gridNode.isObject()) d.add(Diagnostic.error("grid", null, "must be an object {\"node.param\": [values]}, found " + gridNode));
            else gridNode.fields().forEachRemaining(e -> {
                Object spec = target(e.getKey(), "grid", base, claimed, d);
                JsonNode vals = e.getValue();
                if (!vals.isArray() || vals.isEmpty()) {
                    d.add(at(e.getKey(), "grid: must be a non-empty list of values, found " + vals));
                    return;
                }
                List<JsonNode> l = new ArrayList<>();
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < vals.size(); i++) {
                    JsonNode x = vals.get(i);
                    if (spec instanceof ParamSpec ps) ps.check(x).ifPresent(m -> d.add(at(e.getKey(), "grid value " + x + ": " + m)));
                    if (!seen.add(x)) d.add(at(e.getKey(), "grid value " + x + " is listed twice"));
                    l.add(x);
                }
                grid.put(e.getKey(), l);
            });
        }
        int samples = 0;
        long randomSeed = 0;
        Map<String, Distribution> random = new LinkedHashMap<>();
        JsonNode rnd = root.get("random");
        if (rnd != null) {
            if (!rnd.isObject()) {
                d.add(Diagnostic.error("random", null, "must be an object {\"samples\": N, \"seed\": S, \"params\": {...}}, found " + rnd));
            } else {
                rnd.fieldNames().forEachRemaining(f -> {
                    if (!RANDOM_FIELDS.contains(f)) d.add(Diagnostic.error("random", f, "unknown field; random has " + String.join(", ", sorted(RANDOM_FIELDS))));
                });
                JsonNode s = rnd.get("samples");
                if (s == null || !s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 1) {
                    d.add(Diagnostic.error("random", "samples", "must be a positive integer (draws per grid point), found " + s));
                } else {
                    samples = s.asInt();
                }
                JsonNode sd = rnd.get("seed");
                if (sd == null) d.add(Diagnostic.error("random", "seed", "is required, so the same file always draws the same trials"));
                else {
                    Optional<String> p = RunSection.seedProblem(sd);
                    if (p.isPresent()) d.add(Diagnostic.error("random", "seed", p.get()));
                    else randomSeed = sd.asLong();
                }
                JsonNode ps = rnd.get("params");
                if (ps == null || !ps.isObject() || ps.isEmpty()) {
                    d.add(Diagnostic.error("random", "params", "must be a non-empty object {\"node.param\": {\"dist\": ...}}, found " + ps));
                } else {
                    ps.fields().forEachRemaining(e -> {
                        Object spec = target(e.getKey(), "random", base, claimed, d);
                        Distribution dist = distribution(e.getKey(), e.getValue(), spec instanceof ParamSpec p ? p : null, d);
                        if (dist != null) random.put(e.getKey(), dist);
                    });
                }
            }
        }
        List<Long> seeds = seeds(root.get("seeds"), graph, d);
        Map<String, Long> budget = new LinkedHashMap<>();
        JsonNode b = root.get("budget");
        if (b != null) {
            if (!b.isObject()) d.add(Diagnostic.error("budget", null, "must be an object such as {\"env_steps\": 50000}, found " + b));
            else b.fields().forEachRemaining(e -> {
                Optional<String> p = RunSection.budgetProblem(e.getKey(), e.getValue());
                if (p.isPresent()) d.add(Diagnostic.error("budget", e.getKey(), p.get()));
                else budget.put(e.getKey(), e.getValue().asLong());
            });
        }
        long n = Sweep.count(grid, samples, Math.max(1, seeds.size()));
        if (n > Sweep.MAX_TRIALS) {
            d.add(Diagnostic.error("sweep", null, "describes " + (n >= Integer.MAX_VALUE ? "more than " + Integer.MAX_VALUE : n)
                    + " trials; at most " + Sweep.MAX_TRIALS + " are allowed in one sweep"));
        }
        if (d.stream().anyMatch(Diagnostic::isError) || graph == null) return new Checked(null, List.copyOf(d));
        return new Checked(new Sweep(file, name, graphFile, graph, graphText, fixed, grid, samples, randomSeed, random,
                seeds, budget), List.copyOf(d));
    }

    /**
     * Checks that {@code key} is {@code node.param} of the graph, not already varied or set elsewhere.
     *
     * @return the parameter's spec, or null when it is not known (a diagnostic says why, unless the graph is missing)
     */
    private Object target(String key, String section, GraphDocument graph, Set<String> claimed, List<Diagnostic> d) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            d.add(Diagnostic.error(section, null, "'" + key + "' must look like node.param"));
            return null;
        }
        if (!claimed.add(key)) {
            d.add(at(key, section + ": already set or varied in another section; a parameter may appear once"));
            return null;
        }
        if (graph == null) return null;
        String nodeId = key.substring(0, dot);
        String param = key.substring(dot + 1);
        Optional<GraphNode> node = graph.node(nodeId);
        if (node.isEmpty()) {
            d.add(at(key, section + ": the graph has no node '" + nodeId + "'"));
            return null;
        }
        Optional<NodeType> type = registry.find(node.get().type());
        if (type.isEmpty()) return null;
        Optional<ParamSpec> spec = type.get().param(param);
        if (spec.isEmpty()) {
            d.add(at(key, section + ": " + node.get().type() + " has no parameter '" + param + "'"
                    + " (it has " + String.join(", ", type.get().params().stream().map(ParamSpec::name).toList()) + ")"));
            return null;
        }
        return spec.get();
    }

    /** A problem of {@code node.param}; a key that is no {@code node.param} (reported as such) is the place itself. */
    private static Diagnostic at(String key, String message) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0 || dot == key.length() - 1) return Diagnostic.error(key.isEmpty() ? "\"\"" : key, null, message);
        return Diagnostic.error(key.substring(0, dot), key.substring(dot + 1), message);
    }

    private static Distribution distribution(String key, JsonNode def, ParamSpec spec, List<Diagnostic> d) {
        if (!def.isObject()) {
            d.add(at(key, "random: must be an object such as {\"dist\": \"log-uniform\", \"min\": 1e-4, \"max\": 1e-2}, found " + def));
            return null;
        }
        int before = d.size();
        String kind = def.path("dist").asText("");
        if (!Distribution.KINDS.contains(kind)) {
            d.add(at(key, "random: \"dist\" must be one of " + Distribution.KINDS + ", found " + def.get("dist")));
            return null;
        }
        for (Iterator<String> it = def.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            Set<String> allowed = kind.equals(Distribution.CHOICE) ? Set.of("dist", "values") : Set.of("dist", "min", "max");
            if (!allowed.contains(f)) d.add(at(key, "random: unknown field '" + f + "' for " + kind + "; it has " + String.join(", ", sorted(allowed))));
        }
        if (kind.equals(Distribution.CHOICE)) {
            JsonNode vals = def.get("values");
            if (vals == null || !vals.isArray() || vals.isEmpty()) {
                d.add(at(key, "random: choice needs a non-empty \"values\" list, found " + vals));
                return null;
            }
            List<JsonNode> l = new ArrayList<>();
            for (JsonNode x : vals) {
                if (spec != null) spec.check(x).ifPresent(m -> d.add(at(key, "random choice " + x + ": " + m)));
                l.add(x);
            }
            return d.size() > before ? null : new Distribution(kind, 0, 0, l, false);
        }
        if (spec != null && spec.type() != ParamType.FLOAT && spec.type() != ParamType.INT) {
            d.add(at(key, "random: " + kind + " draws numbers but '" + spec.name() + "' is " + spec.type().toString().toLowerCase(java.util.Locale.ROOT)
                    + "; use {\"dist\": \"choice\", \"values\": [...]}"));
            return null;
        }
        JsonNode lo = def.get("min");
        JsonNode hi = def.get("max");
        if (lo == null || !lo.isNumber() || !Double.isFinite(lo.asDouble())) d.add(at(key, "random: \"min\" must be a finite number, found " + lo));
        if (hi == null || !hi.isNumber() || !Double.isFinite(hi.asDouble())) d.add(at(key, "random: \"max\" must be a finite number, found " + hi));
        if (d.size() > before) return null;
        double min = lo.asDouble();
        double max = hi.asDouble();
        if (!(min < max)) d.add(at(key, "random: \"min\" " + lo + " must be below \"max\" " + hi));
        if (kind.equals(Distribution.LOG_UNIFORM) && min <= 0) d.add(at(key, "random: log-uniform needs \"min\" > 0, found " + lo));
        if (spec != null) {
            spec.check(lo).ifPresent(m -> d.add(at(key, "random \"min\": " + m)));
            spec.check(hi).ifPresent(m -> d.add(at(key, "random \"max\": " + m)));
        }
        boolean integer = spec != null && spec.type() == ParamType.INT;
        return d.size() > before ? null : new Distribution(kind, min, max, List.of(), integer);
    }

    private static List<Long> seeds(JsonNode s, GraphDocument graph, List<Diagnostic> d) {
        if (s == null) {
            long base = graph == null ? RunSection.DEFAULT_SEED : graph.seed(RunSection.DEFAULT_SEED);
            return List.of(base);
        }
        List<Long> out = new ArrayList<>();
        if (s.isArray()) {
            if (s.isEmpty()) d.add(Diagnostic.error("seeds", null, "must list at least one seed"));
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < s.size(); i++) {
                Optional<String> p = RunSection.seedProblem(s.get(i));
                if (p.isPresent()) d.add(Diagnostic.error("seeds", null, "entry " + i + " " + p.get()));
                else if (!seen.add(s.get(i).asLong())) d.add(Diagnostic.error("seeds", null, "seed " + s.get(i).asLong() + " is listed twice"));
                else out.add(s.get(i).asLong());
            }
            return out;
        }
        if (s.isObject()) {
            s.fieldNames().forEachRemaining(f -> {
                if (!SEEDS_FIELDS.contains(f)) d.add(Diagnostic.error("seeds", f, "unknown field; seeds has first, count"));
            });
            JsonNode c = s.get("count");
            JsonNode f = s.get("first");
            long first = RunSection.DEFAULT_SEED;
            if (f != null) {
                Optional<String> p = RunSection.seedProblem(f);
                if (p.isPresent()) d.add(Diagnostic.error("seeds", "first", p.get()));
                else first = f.asLong();
            }
            if (c == null || !c.isIntegralNumber() || !c.canConvertToInt() || c.asInt() < 1 || c.asInt() > Sweep.MAX_TRIALS) {
                d.add(Diagnostic.error("seeds", "count", "must be an integer from 1 to " + Sweep.MAX_TRIALS + ", found " + c));
                return out;
            }
            if (first > Long.MAX_VALUE - c.asInt()) {
                d.add(Diagnostic.error("seeds", "first", "first + count passes the largest seed " + Long.MAX_VALUE));
                return out;
            }
            for (int i = 0; i < c.asInt(); i++) out.add(first + i);
            return out;
        }
        d.add(Diagnostic.error("seeds", null, "must be a list of seeds [1, 2, 3] or {\"first\": 1, \"count\": 3}, found " + s));
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
