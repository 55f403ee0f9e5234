package io.rlwb.engine.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.plot.Series;
import io.rlwb.engine.store.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a report or a browser needs from one run directory (CONTRACT in docs/contracts.md): run.json, summary.json,
 * metrics.csv as series, and graph.json. Loaded once, read-only afterwards.
 *
 * @param dir the run directory
 * @param record run.json
 * @param summary summary.json: the final value per metric key (non-finite values as NaN)
 * @param metrics every metric key's series (metrics.csv)
 * @param graph the graph as run, or null when graph.json is missing or unreadable
 */
public record RunData(Path dir, RunRecord record, Map<String, Double> summary, Map<String, Series> metrics,
                      GraphDocument graph) {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Whether {@code dir} looks like a run directory (has a run.json). */
    public static boolean isRunDir(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve("run.json"));
    }

    /** Reads run.json alone (cheap: the run browser lists many runs). */
    public static RunRecord readRecord(Path dir) throws IOException {
        Path f = dir.resolve("run.json");
        if (!Files.isRegularFile(f)) throw new IOException(dir + ": not a run directory (no run.json)");
        try {
            RunRecord r = JSON.readValue(f.toFile(), RunRecord.class);
            if (r == null) throw new IOException("empty file");
            return r.asSeenByReaders(dir);
        } catch (IOException e) {
            throw new IOException(f + ": unreadable run record: " + e.getMessage(), e);
        }
    }

    /** Reads summary.json; a missing file is an empty map, a non-numeric value is NaN. */
    public static Map<String, Double> readSummary(Path dir) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) return out;
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": unreadable summary: " + e.getMessage(), e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isNumber() ? v.asDouble() : parse(v.asText()));
        }
        return out;
    }

    /** Loads a whole run directory; the message of a failure names the directory or file. */
    public static RunData load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": no such run directory");
        RunRecord record = readRecord(dir);
        Map<String, Double> summary;
        try {
            summary = readSummary(dir);
        } catch (IOException e) {
            summary = Map.of(); // a damaged summary.json costs this run's summary, not the report
        }
        Map<String, Series> metrics = MetricsCsv.read(dir.resolve("metrics.csv"));
        GraphDocument graph = null;
        Path g = dir.resolve("graph.json");
        if (Files.isRegularFile(g)) {
            try {
                graph = new GraphFile().read(g);
            } catch (GraphFileException e) {
                graph = null; // the report says the picture is missing; the rest of the run still reads
            }
        }
        return new RunData(dir, record, summary, metrics, graph);
    }

    /** A short name: the directory's name. */
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
