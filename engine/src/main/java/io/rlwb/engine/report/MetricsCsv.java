package io.rlwb.engine.report;

import io.rlwb.engine.plot.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import io.rlwb.engine.store.Csv;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a run's {@code metrics.csv} (long format {@code step,wall_s,key,value}, docs/contracts.md) into one series per
 * key, and writes metrics in wide format ({@code step} and one column per key) for spreadsheets and pandas.
 * A torn last line of a killed run, or any other line that does not parse, is skipped.
 */
public final class MetricsCsv {
    private MetricsCsv() {}

    /** The series of every key of {@code file}, in order of first appearance; a missing file gives none. */
    public static Map<String, Series> read(Path file) throws IOException {
        Map<String, Series> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        // Bytes that are not UTF-8 (a damaged file) become U+FFFD instead of failing the whole read.
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            Csv.RecordReader records = new Csv.RecordReader(r);
            List<String> f = records.next();
            if (f == null) return out;
            if (f.isEmpty() || !"step".equals(f.get(0))) {
                throw new IOException(file + ": not a metrics file (first line should be step,wall_s,key,value)");
            }
            while ((f = records.next()) != null) {
                if (f.size() != 4 || f.get(2).isEmpty()) continue;
                try {
                    double step = Double.parseDouble(f.get(0));
                    double value = Double.parseDouble(f.get(3));
                    // Every row kept: the wide CSV export must hold the values as logged, not merged ones.
                    out.computeIfAbsent(f.get(2), k -> new Series(Series.UNBOUNDED)).add(step, value);
                } catch (NumberFormatException torn) {
                    // a half-written last line of a killed run
                }
            }
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw m.contains(file.toString()) ? e : new IOException(file + ": unreadable metrics: " + m, e);
        }
        return out;
    }

    /**
     * Writes {@code metrics} in wide format: a header {@code step,<key>...} (keys sorted), then one row per step
     * at which any key has a value, empty cells where a key has none. Several values of a key at one step: the
     * last one.
     */
    public static void writeWide(Map<String, Series> metrics, Writer out) throws IOException {
        List<String> keys = new ArrayList<>(new TreeSet<>(metrics.keySet()));
        TreeSet<Double> steps = new TreeSet<>();
        List<Map<Double, Double>> byKey = new ArrayList<>();
        for (String k : keys) {
            Series s = metrics.get(k);
            Map<Double, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < s.size(); i++) {
                m.put(s.x(i), s.y(i));
                steps.add(s.x(i));
            }
            byKey.add(m);
        }
        out.write("step");
        for (String k : keys) out.write("," + Csv.field(k));
        out.write("\n");
        for (double step : steps) {
            out.write(step == Math.rint(step) ? Long.toString((long) step) : Double.toString(step));
            for (Map<Double, Double> m : byKey) {
                out.write(',');
                Double v = m.get(step);
                if (v != null) out.write(String.format(Locale.ROOT, "%s", v));
            }
            out.write('\n');
        }
    }
}
