package io.rlwb.app.viewmodel.runs;

import java.nio.file.Path;
import java.util.Map;

/**
 * One row of the run browser, copied out of the TableSaw table for the UI.
 *
 * @param dir the run directory
 * @param values column name to value (String, Long or Double; null when missing)
 */
public record RunRow(Path dir, Map<String, Object> values) {
    /** The value of {@code column}, or null. */
    public Object value(String column) {
        return values.get(column);
    }

    /** The value of {@code column} as the table shows it. */
    public String text(String column) {
        Object v = values.get(column);
        if (v == null) return "";
        if (v instanceof Double d) {
            if (d.isNaN()) return "";
            if (column.equals(RunsTable.DURATION)) return io.rlwb.app.ui.Formats.duration(d);
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(java.util.Locale.ROOT, "%.3e", d)
                    : String.format(java.util.Locale.ROOT, "%.4g", d);
        }
        if (v instanceof Long l && column.equals(RunsTable.STEPS)) return io.rlwb.app.ui.Formats.grouped(l);
        return v.toString();
    }
}
