package io.rlwb.engine.graph;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding whose failure names the byte offset (and line) of the first byte that is not UTF-8,
 * instead of the JDK's "Input length = 1".
 */
public final class Utf8Text {
    private Utf8Text() {}

    /** Thrown for bytes that are not UTF-8. */
    public static final class MalformedException extends Exception {
        private final long offset;

        MalformedException(long offset, int line, int length, byte first) {
            super(String.format(java.util.Locale.ROOT, "not UTF-8 text: byte 0x%02X at byte offset %d (line %d) "
                    + "does not start a valid %d-byte sequence; save the file as UTF-8", first & 0xff, offset, line,
                    length));
            this.offset = offset;
        }

        /** The offset of the first bad byte from the start of the file. */
        public long offset() {
            return offset;
        }
    }

    /** The text of {@code bytes}; a leading byte-order mark is dropped. */
    public static String decode(byte[] bytes) throws MalformedException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) r = d.flush(out);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new MalformedException(at, line, r.length(), bytes[at]);
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
