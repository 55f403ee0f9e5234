package io.rlwb.engine.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.telemetry.RunDirectoryFile;
import io.rlwb.engine.telemetry.TelemetryEvent;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one run directory (CONTRACT in docs/contracts.md). Appends go to metrics.csv and telemetry/*.jsonl as
 * telemetry arrives; run.json, summary.json and checkpoints are replaced atomically (temporary file, then
 * rename), so a killed run leaves every file readable.
 */
public final class RunStore implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final BufferedWriter metrics;
    private final Map<String, BufferedWriter> telemetry = new HashMap<>();

    public RunStore(Path dir, GraphDocument graphAsRun) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("telemetry"));
        Files.createDirectories(dir.resolve("checkpoints"));
        GraphFile.write(graphAsRun, dir.resolve("graph.json"));
        this.metrics = Files.newBufferedWriter(dir.resolve("metrics.csv"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        metrics.write("step,wall_s,key,value\n");
        metrics.flush();
    }

    private RunStore(Path dir, BufferedWriter metrics) {
        this.dir = dir;
        this.metrics = metrics;
    }

    /**
     * Reopens the run directory {@code dir} to continue its run from the checkpoint at env step {@code step}
     * ({@code run --resume}): the rows of metrics.csv and the lines of telemetry/*.jsonl recorded after
     * {@code step} (by the part of the run the checkpoint does not cover) are removed, each file rewritten
     * atomically, and new rows are appended. graph.json stays as it is.
     */
    public static RunStore reopen(Path dir, long step) throws IOException {
        Path csv = dir.resolve("metrics.csv");
        List<String> kept = new java.util.ArrayList<>();
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (i == 0) {
                    kept.add(l);
                    continue;
                }
                int comma = l.indexOf(',');
                try {
                    if (comma > 0 && Long.parseLong(l.substring(0, comma)) <= step) kept.add(l);
                } catch (NumberFormatException e) {
                    // a torn last row of a killed run: dropped
                }
            }
        }
        if (kept.isEmpty()) kept.add("step,wall_s,key,value");
        RunStore s0 = new RunStore(dir, (BufferedWriter) null);
        s0.writeAtomically("metrics.csv", (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        Path tel = dir.resolve("telemetry");
        Files.createDirectories(tel);
        Files.createDirectories(dir.resolve("checkpoints"));
        try (var files = Files.list(tel)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                StringBuilder b = new StringBuilder();
                for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    try {
                        if (JSON.readTree(l).path("step").asLong(Long.MAX_VALUE) <= step) b.append(l).append('\n');
                    } catch (IOException e) {
                        // a torn last line: dropped
                    }
                }
                s0.writeAtomically("telemetry/" + f.getFileName(), b.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new RunStore(dir, Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public Path dir() {
        return dir;
    }

    /** Telemetry consumer: appends each metric to metrics.csv and each snapshot to its JSON-lines file. */
    public void append(List<TelemetryEvent> batch) {
        try {
            for (TelemetryEvent e : batch) {
                if (e instanceof TelemetryEvent.Metric m) {
                    metrics.write(Long.toString(m.step()));
                    metrics.write(',');
                    metrics.write(String.format(Locale.ROOT, "%.3f", m.wallS()));
                    metrics.write(',');
                    metrics.write(Csv.field(m.key()));
                    metrics.write(',');
                    metrics.write(Double.toString(m.value()));
                    metrics.write('\n');
                } else if (e instanceof TelemetryEvent.Snapshot s) {
                    BufferedWriter w = telemetry.computeIfAbsent(s.kind(), this::openTelemetry);
                    Map<String, Object> line = Map.of("step", s.step(), "wall_s", s.wallS(), "data", s.payload());
                    w.write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
                    w.write('\n');
                    if (s.payload() instanceof RunDirectoryFile f) {
                        writeAtomically(f.runFileName(), f.runFileText().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            metrics.flush();
            for (BufferedWriter w : telemetry.values()) w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedWriter openTelemetry(String kind) {
        try {
            String safe = kind.replaceAll("[^A-Za-z0-9_.-]", "_");
            return Files.newBufferedWriter(dir.resolve("telemetry").resolve(safe + ".jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the run.json of {@code dir} as written (no liveness applied). */
    public static RunRecord readRunRecord(Path dir) throws IOException {
        return JSON.readValue(dir.resolve("run.json").toFile(), RunRecord.class);
    }

    public void writeRunRecord(RunRecord r) throws IOException {
        writeAtomically("run.json", JSON.writeValueAsBytes(r));
    }

    public void writeSummary(Map<String, Double> summary) throws IOException {
        Map<String, Object> clean = new java.util.TreeMap<>();
        summary.forEach((k, v) -> clean.put(k, Double.isFinite(v) ? v : String.valueOf(v)));
        writeAtomically("summary.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(clean));
    }

    /**
     * Writes {@code checkpoints/latest.ckpt}: for each node and tensor, a record of node id, tensor name,
     * length and float values (big-endian, {@link DataOutputStream}); plus a readable manifest.
     */
    public void writeCheckpoint(Map<String, Map<String, float[]>> byNode, long step) throws IOException {
        Path tmp = dir.resolve("checkpoints/.latest.ckpt.tmp");
        Map<String, Object> manifest = new java.util.LinkedHashMap<>();
        manifest.put("format", "workbench-checkpoint-1");
        manifest.put("step", step);
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            for (var n : byNode.entrySet()) {
                for (var t : n.getValue().entrySet()) {
                    out.writeUTF(n.getKey());
                    out.writeUTF(t.getKey());
                    out.writeInt(t.getValue().length);
                    for (float f : t.getValue()) out.writeFloat(f);
                    sizes.put(n.getKey() + "/" + t.getKey(), t.getValue().length);
                }
            }
        }
        Files.move(tmp, dir.resolve("checkpoints/latest.ckpt"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        manifest.put("tensors", sizes);
        writeAtomically("checkpoints/latest.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(manifest));
    }

    /** Reads a checkpoint written by {@link #writeCheckpoint}: node id -> tensor name -> values. */
    public static Map<String, Map<String, float[]>> readCheckpoint(Path file) throws IOException {
        Map<String, Map<String, float[]>> out = new java.util.LinkedHashMap<>();
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            while (in.available() > 0) {
                String node = in.readUTF();
                String tensor = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
                out.computeIfAbsent(node, k -> new java.util.LinkedHashMap<>()).put(tensor, v);
            }
        }
        return out;
    }

    private void writeAtomically(String name, byte[] bytes) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            o.write(bytes);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        metrics.close();
        for (BufferedWriter w : telemetry.values()) w.close();
    }
}
