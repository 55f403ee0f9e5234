package io.rlwb.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sweep directory (docs/sweeps.md): {@code sweep.json} (the sweep file as given), {@code graph.json} (the base
 * graph's text), {@code trials.json} (the plan: every trial's id, varied values, seed and the budgets), the table
 * {@code sweep.csv}, and one ordinary run directory per trial under {@code trials/}.
 */
public final class SweepDirectory {
    public static final String SWEEP_FILE = "sweep.json";
    public static final String GRAPH_FILE = "graph.json";
    public static final String PLAN_FILE = "trials.json";
    public static final String TABLE_FILE = "sweep.csv";
    public static final String TRIALS = "trials";
    /** {@code format} of trials.json. */
    public static final String PLAN_FORMAT = "workbench-sweep-plan";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepDirectory() {}

    public static Path trialDir(Path sweepDir, String trialId) {
        return sweepDir.resolve(TRIALS).resolve(trialId);
    }

    /** Whether {@code dir} holds a sweep (its plan file). */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(PLAN_FILE));
    }

    /** The plan as written to trials.json: what makes two sweeps the same for {@code --resume}. */
    static ObjectNode plan(Sweep s, java.util.List<Sweep.Planned> trials, Map<String, Long> extraBudgets) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", PLAN_FORMAT);
        root.put("version", 1);
        root.put("name", s.name());
        root.put("graph_sha256", sha256(s.graphText()));
        ObjectNode set = root.putObject("set");
        s.fixed().forEach(set::set);
        ObjectNode budget = root.putObject("budget");
        s.budget().forEach(budget::put);
        extraBudgets.forEach(budget::put);
        ArrayNode arr = root.putArray("trials");
        for (Sweep.Planned t : trials) {
            ObjectNode o = arr.addObject();
            o.put("id", t.id());
            o.put("seed", t.seed());
            ObjectNode p = o.putObject("params");
            t.params().forEach(p::set);
        }
        return root;
    }

    /** {@code plan} as it reads back from its file (numbers take the node types the parser gives them). */
    static JsonNode normalised(JsonNode plan) {
        try {
            return JSON.readTree(JSON.writeValueAsString(plan));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan of the sweep in {@code dir}, or empty when it has none or it does not parse. */
    public static Optional<JsonNode> readPlan(Path dir) {
        try {
            JsonNode n = JSON.readTree(dir.resolve(PLAN_FILE).toFile());
            return n != null && PLAN_FORMAT.equals(n.path("format").asText()) ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What an earlier attempt left of a trial: its result when its run directory's run.json says {@code completed}
     * (with summary.json's metrics), else empty.
     */
    public static Optional<TrialResult> finished(Path sweepDir, String trialId) {
        Path dir = trialDir(sweepDir, trialId);
        try {
            JsonNode run = JSON.readTree(dir.resolve("run.json").toFile());
            if (run == null || !"completed".equals(run.path("status").asText())) return Optional.empty();
            Map<String, Double> summary = new LinkedHashMap<>();
            Path sp = dir.resolve("summary.json");
            if (Files.isRegularFile(sp)) {
                JsonNode s = JSON.readTree(sp.toFile());
                if (s != null) s.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber()) summary.put(e.getKey(), e.getValue().asDouble());
                });
            }
            return Optional.of(new TrialResult(trialId, TrialStatus.COMPLETED, summary, null,
                    run.path("env_steps").asLong(), run.path("duration_s").asDouble(), "earlier attempt"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void writeJson(Path file, JsonNode n) throws IOException {
        writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }

    /** Writes through a temporary file and a move, so readers never see half a file. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
