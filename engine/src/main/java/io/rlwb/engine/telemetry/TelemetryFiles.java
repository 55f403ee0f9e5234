package io.rlwb.engine.telemetry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the snapshot files of a run directory ({@code telemetry/<kind>.jsonl}, one
 * {@code {"step":..,"wall_s":..,"data":{..}}} per line) back into the snapshot records. A torn last line (a killed
 * run) is skipped; a record of a newer schema version than this program knows is skipped too, so old programs
 * can still open new runs.
 */
public final class TelemetryFiles {
    /** The mapper the run store writes snapshots with: snake_case keys. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A snapshot with the step and wall time it was published at. */
    public record Stamped<T>(long step, double wallS, T data) {}

    private TelemetryFiles() {}

    public static Path file(Path runDir, String kind) {
        return runDir.resolve("telemetry").resolve(kind + ".jsonl");
    }

    public static List<Stamped<ValueDistributionSnapshot>> distributions(Path runDir) throws IOException {
        return read(file(runDir, ValueDistributionSnapshot.KIND), ValueDistributionSnapshot.class,
                ValueDistributionSnapshot.VERSION);
    }

    public static List<Stamped<ParetoSnapshot>> pareto(Path runDir) throws IOException {
        return read(file(runDir, ParetoSnapshot.KIND), ParetoSnapshot.class, ParetoSnapshot.VERSION);
    }

    public static List<Stamped<KvCacheSnapshot>> kvCache(Path runDir) throws IOException {
        return read(file(runDir, KvCacheSnapshot.KIND), KvCacheSnapshot.class, KvCacheSnapshot.VERSION);
    }

    public static List<Stamped<CreditSnapshot>> credit(Path runDir) throws IOException {
        return read(file(runDir, CreditSnapshot.KIND), CreditSnapshot.class, CreditSnapshot.VERSION);
    }

    /**
     * Reads one JSON-lines file; a missing file is an empty list. Damaged lines (torn by a kill, garbled, not a
     * snapshot of {@code type}) are skipped, and bytes that are not UTF-8 read as U+FFFD, so one bad line costs
     * that snapshot only.
     *
     * @throws IOException naming the file when it cannot be read at all (a folder, no permission)
     */
    public static <T> List<Stamped<T>> read(Path file, Class<T> type, int maxVersion) throws IOException {
        List<Stamped<T>> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(line);
                    JsonNode data = node == null ? null : node.get("data");
                    if (data == null || !data.isObject() || data.path("version").asInt(1) > maxVersion) continue;
                    out.add(new Stamped<>(node.path("step").asLong(), node.path("wall_s").asDouble(),
                            JSON.treeToValue(data, type)));
                } catch (IOException | IllegalArgumentException damaged) {
                    // a torn or garbled line: skipped
                }
            }
        } catch (IOException e) {
            throw new IOException(file + ": unreadable telemetry: " + e.getMessage(), e);
        }
        return out;
    }
}
