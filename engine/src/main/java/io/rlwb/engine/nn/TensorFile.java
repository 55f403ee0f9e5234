package io.rlwb.engine.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named tensors on disk as numpy's {@code .npz} (a zip of {@code .npy} files, stored uncompressed as
 * {@code numpy.savez} writes it: {@code numpy.load} reads it, and so does anything that reads npz) plus a JSON
 * manifest beside it ({@code <file>.json}: names, dtypes, shapes, the training step, and the npz's size and
 * SHA-256, so a reader can tell that the two belong together). Both files are written to a temporary file in the
 * same folder, forced to disk and renamed over the old one, so a crash leaves the old checkpoint or the new one,
 * never half of one.
 *
 * <p>The {@code .npy} format (version 1.0, NEP 1): the magic {@code \x93NUMPY}, version bytes 1 and 0, a
 * little-endian uint16 header length, then an ASCII Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and ended by a newline
 * so that the data starts at a multiple of 64 bytes, then the elements in row-major order.
 */
public final class TensorFile {
    /** Manifest {@code format} value. */
    public static final String FORMAT = "rlwb-tensors";
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorFile() {}

    /** What {@link #read} returns: the tensors in file order and the step the manifest records. */
    public record Loaded(long step, Map<String, INDArray> tensors) {}

    /**
     * Reads the JSON manifest {@code mf} and checks its {@code format} and {@code version} fields (shared with the
     * checkpoint manifests of {@code io.rlwb.engine.store.Checkpoints}).
     *
     * @throws IOException naming the file when it is not JSON or not that format and version
     */
    public static JsonNode readManifest(Path mf, String format, int version) throws IOException {
        JsonNode m;
        try {
            m = JSON.readTree(mf.toFile());
        } catch (IOException e) {
            throw new IOException(mf + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!format.equals(m.path("format").asText()) || m.path("version").asInt() != version) {
            throw new IOException(mf + ": not a " + format + " version " + version + " manifest");
        }
        return m;
    }

    /** The manifest that goes with {@code npz}: the same name with {@code .json} appended. */
    public static Path manifestPath(Path npz) {
        return npz.resolveSibling(npz.getFileName() + ".json");
    }

    /**
     * Writes {@code tensors} to {@code npz} and its manifest, atomically each (temporary file, then rename).
     *
     * @param step the training step the tensors belong to (recorded in the manifest)
     */
    public static void write(Path npz, Map<String, INDArray> tensors, long step) throws IOException {
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("version", VERSION);
        manifest.put("step", step);
        manifest.put("file", npz.getFileName().toString());
        ArrayNode list = manifest.putArray("tensors");
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
                String name = checkName(e.getKey());
                INDArray a = e.getValue();
                byte[] npy = npy(a);
                ZipEntry ze = new ZipEntry(name + ".npy");
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(npy.length);
                ze.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                ze.setCrc(crc.getValue());
                zip.putNextEntry(ze);
                zip.write(npy);
                zip.closeEntry();
                ObjectNode t = list.addObject();
                t.put("name", name);
                t.put("dtype", descr(a.dataType(), name));
                ArrayNode shape = t.putArray("shape");
                for (long d : a.shape()) shape.add(d);
            }
        }
        byte[] data = zipBytes.toByteArray();
        manifest.put("bytes", data.length);
        manifest.put("sha256", sha256(data));
        writeAtomically(npz, data);
        writeAtomically(manifestPath(npz), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    /**
     * Reads a file written by {@link #write} (or by {@code numpy.savez}; then without a manifest the step is -1).
     * With a manifest, the npz must match its size, hash and tensor list.
     *
     * @throws IOException naming the file, entry and byte offset of what is wrong
     */
    public static Loaded read(Path npz) throws IOException {
        byte[] data = Files.readAllBytes(npz);
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(data))) {
            for (ZipEntry ze; (ze = zip.getNextEntry()) != null; ) {
                String entry = ze.getName();
                if (!entry.endsWith(".npy")) throw new IOException(npz + ": entry '" + entry + "' is not a .npy file");
                byte[] npy = zip.readAllBytes();
                String name = entry.substring(0, entry.length() - 4);
                if (out.put(name, parseNpy(npy, npz + " entry '" + entry + "'")) != null) {
                    throw new IOException(npz + ": entry '" + entry + "' appears twice");
                }
            }
        }
        Path mf = manifestPath(npz);
        if (!Files.exists(mf)) return new Loaded(-1, out);
        JsonNode m = readManifest(mf, FORMAT, VERSION);
        if (m.path("bytes").asLong(-1) != data.length || !sha256(data).equals(m.path("sha256").asText())) {
            throw new IOException(mf + ": does not describe " + npz + " (size or SHA-256 differ: the pair is torn)");
        }
        JsonNode list = m.path("tensors");
        if (list.size() != out.size()) {
            throw new IOException(mf + ": lists " + list.size() + " tensors, " + npz + " holds " + out.size());
        }
        for (JsonNode t : list) {
            String name = t.path("name").asText();
            INDArray a = out.get(name);
            if (a == null) throw new IOException(mf + ": tensor '" + name + "' is not in " + npz);
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = t.path("shape").get(i).asLong();
            if (!Arrays.equals(shape, a.shape()) || !t.path("dtype").asText().equals(descr(a.dataType(), name))) {
                throw new IOException(mf + ": tensor '" + name + "' is " + t.path("dtype").asText()
                        + Arrays.toString(shape) + " in the manifest but " + descr(a.dataType(), name)
                        + Arrays.toString(a.shape()) + " in " + npz);
            }
        }
        return new Loaded(m.path("step").asLong(), out);
    }

    /** One array as the bytes of a {@code .npy} file, version 1.0. */
    static byte[] npy(INDArray a) {
        String header = header(descr(a.dataType(), "array"), a.shape());
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = HostArrays.littleEndianBytes(a);
        byte[] out = new byte[10 + h.length + body.length];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (h.length & 0xff);
        out[9] = (byte) (h.length >>> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(body, 0, out, 10 + h.length, body.length);
        return out;
    }

    /** The header dict, padded with spaces and ended by a newline so that 10 + its length is a multiple of 64. */
    static String header(String descr, long[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        sb.append("), }");
        int total = 10 + sb.length() + 1;
        int pad = (ALIGN - total % ALIGN) % ALIGN;
        sb.append(" ".repeat(pad)).append('\n');
        if (sb.length() > 0xffff) throw new IllegalArgumentException("npy header too long for version 1.0");
        return sb.toString();
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Parses one {@code .npy} file (versions 1.0 to 3.0); {@code where} names it in errors. */
    static INDArray parseNpy(byte[] b, String where) throws IOException {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new IOException(where + ": not an .npy file (bad magic at byte 0)");
        }
        int major = b[6];
        int hlen;
        int start;
        if (major == 1) {
            hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IOException(where + ": truncated header at byte 8");
            hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8 | (b[10] & 0xff) << 16 | (b[11] & 0xff) << 24;
            start = 12;
        } else {
            throw new IOException(where + ": unsupported .npy version " + major + " at byte 6");
        }
        if (hlen < 0 || start + hlen > b.length) throw new IOException(where + ": header runs past the end (byte " + start + ")");
        String h = new String(b, start, hlen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(where + ": header at byte " + start + " lacks descr, fortran_order or shape: " + h.trim());
        }
        DataType dt = dataType(d.group(1), where);
        String[] dims = s.group(1).split(",");
        long[] shape;
        try {
            shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(x -> {
            try {
                long v = Long.parseLong(x.endsWith("L") ? x.substring(0, x.length() - 1) : x);
                if (v < 0) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(x);
            }
        }).toArray();
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": bad shape dimension '" + e.getMessage() + "' in the header at byte " + start);
        }
        long n = 1;
        for (long v : shape) n = Math.multiplyExact(n, v);
        int dataStart = start + hlen;
        long need = n * dt.width();
        if (dataStart + need != b.length) {
            throw new IOException(where + ": " + Arrays.toString(shape) + " " + d.group(1) + " needs " + need
                    + " data bytes from byte " + dataStart + ", the file has " + (b.length - dataStart));
        }
        boolean fortran = f.group(1).equals("True");
        if (!fortran) return HostArrays.fromLittleEndianBytes(b, dataStart, dt, shape);
        // Column-major data is the row-major array of the reversed shape, transposed.
        long[] rev = new long[shape.length];
        for (int i = 0; i < shape.length; i++) rev[i] = shape[shape.length - 1 - i];
        return HostArrays.fromLittleEndianBytes(b, dataStart, dt, rev).transpose().dup('c');
    }

    /** numpy's type string for an ND4J type. */
    static String descr(DataType dt, String name) {
        switch (dt) {
            case FLOAT: return "<f4";
            case DOUBLE: return "<f8";
            case HALF: return "<f2";
            case LONG: return "<i8";
            case INT: return "<i4";
            case SHORT: return "<i2";
            case BYTE: return "|i1";
            case UBYTE: return "|u1";
            case BOOL: return "|b1";
            default: throw new IllegalArgumentException("tensor '" + name + "': no npy type for " + dt);
        }
    }

    private static DataType dataType(String descr, String where) throws IOException {
        String d = descr.startsWith("=") ? "<" + descr.substring(1) : descr;
        switch (d) {
            case "<f4": return DataType.FLOAT;
            case "<f8": return DataType.DOUBLE;
            case "<f2": return DataType.HALF;
            case "<i8": return DataType.LONG;
            case "<i4": return DataType.INT;
            case "<i2": return DataType.SHORT;
            case "|i1": return DataType.BYTE;
            case "|u1": return DataType.UBYTE;
            case "|b1": return DataType.BOOL;
            default: throw new IOException(where + ": unsupported dtype '" + descr + "'"
                    + (descr.startsWith(">") ? " (big-endian)" : ""));
        }
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("..")
                || name.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is not a plain relative ASCII name");
        }
        return name;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code data} to a temporary file beside {@code target}, forces it to disk and renames it over. */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
                os.write(data);
                os.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
