package io.rlwb.engine.store;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 fields: a field holding a comma, a double quote, CR or LF is written in double quotes with its quotes
 * doubled; reading undoes that, across line breaks inside quotes. Used for metrics.csv and pareto.csv, whose keys
 * and policy names are free text.
 */
public final class Csv {
    private Csv() {}

    /** {@code field} as a CSV field: quoted only when it needs to be. */
    public static String field(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Reads records one by one from a reader (which the caller closes). */
    public static final class RecordReader {
        private final Reader in;
        private int peeked = -2;

        public RecordReader(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        /**
         * The next record's fields, or null at the end. A quoted field that the file ends inside (a torn last line)
         * ends the record where the file ends; a stray quote inside an unquoted field is kept as text.
         */
        public List<String> next() throws IOException {
            int c = read();
            if (c == -1) return null;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (true) {
                if (c == -1) {
                    fields.add(f.toString());
                    return fields;
                }
                if (quoted) {
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        f.append((char) c);
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    fieldStart = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') peeked = d;
                    }
                    fields.add(f.toString());
                    return fields;
                } else {
                    f.append((char) c);
                    fieldStart = false;
                }
                c = read();
            }
        }
    }
}
