package io.rlwb.engine.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The explicit channel between ND4J arrays and Java memory: every host read or write of an array's elements
 * outside ND4J ops goes through here, so a hot path's host traffic is visible by name (a sampled action, a scalar
 * for logging, a loss head that is still computed in Java) and stays correct on a device backend: reads first
 * make the host copy current ({@code ensureLocation}), writes mark it as the newest ({@code tagLocation}), so
 * ND4J copies it to the device before the next op. On the CPU backend both are no-ops.
 *
 * <p>Copies go through the buffers' NIO views: ND4J's {@code asDouble()} / {@code setData(double[])} convert
 * element by element and were the top Java hot spot of a PPO update (JFR, docs/benchmarks.md); an NIO bulk get
 * or put is a memory copy. Only plain row-major arrays that own their buffer take the fast path; views fall back
 * to ND4J's own copies.
 */
public final class HostArrays {
    /** Calls that moved elements between an array and Java, counted for tests and profiling. */
    private static final java.util.concurrent.atomic.LongAdder TRANSFERS = new java.util.concurrent.atomic.LongAdder();

    /** Elements copied from arrays to Java by the reads, counted for tests (a scalar read is one element). */
    private static final java.util.concurrent.atomic.LongAdder ELEMENTS_READ = new java.util.concurrent.atomic.LongAdder();

    private HostArrays() {}

    /**
     * How many reads and writes of array elements have gone through this class since the JVM started (every
     * public method counts one). A hot path that must stay on the device can assert that this does not move.
     */
    public static long transfers() {
        return TRANSFERS.sum();
    }

    /**
     * How many array elements the reads of this class ({@link #read}, {@link #readFloats}, {@link #scalar},
     * {@link #scalarLong}, {@link #littleEndianBytes}, the finiteness check) have copied to Java since the JVM
     * started. Tells a named scalar read from a copy of a whole batch where {@link #transfers} counts both as one.
     */
    public static long elementsRead() {
        return ELEMENTS_READ.sum();
    }

    /** True when the array owns exactly its buffer, row-major: its buffer's raw order is its element order. */
    static boolean isPlain(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.data().length() == a.length() && a.data().offset() == 0;
    }

    /** Reads the elements, row-major, as doubles into the first {@code a.length()} places of {@code dst}. */
    public static void read(INDArray a, double[] dst) {
        TRANSFERS.increment();
        int n = Math.toIntExact(a.length());
        ELEMENTS_READ.add(n);
        toHost(a);
        if (!isPlain(a)) {
            System.arraycopy(a.dup('c').data().asDouble(), 0, dst, 0, n);
        } else if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            b.position(0);
            b.get(dst, 0, n);
        } else if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < n; i++) dst[i] = b.get(i);
        } else {
            System.arraycopy(a.data().asDouble(), 0, dst, 0, n);
        }
    }

    /**
     * Reads a plain FLOAT array's elements, row-major, into the first {@code a.length()} places of {@code dst}: one
     * bulk copy of the raw floats, no conversion (the acting path's read of a network's weights, {@link Mlp#predictHost}).
     *
     * @throws IllegalArgumentException when {@code a} is not a plain FLOAT array
     */
    public static void readFloats(INDArray a, float[] dst) {
        if (a.dataType() != DataType.FLOAT || !isPlain(a)) {
            throw new IllegalArgumentException("readFloats needs a plain FLOAT array, got " + a.dataType()
                    + (isPlain(a) ? "" : " (a view)"));
        }
        TRANSFERS.increment();
        ELEMENTS_READ.add(a.length());
        toHost(a);
        FloatBuffer b = a.data().asNioFloat();
        b.position(0);
        b.get(dst, 0, Math.toIntExact(a.length()));
    }

    /**
     * Writes the first {@code a.length()} floats of {@code src} into a plain FLOAT array, row-major: one bulk copy
     * (the CPU backend's host activations in {@link Mlp}, ADR 0029).
     *
     * @throws IllegalArgumentException when {@code a} is not a plain FLOAT array
     */
    public static void writeFloats(INDArray a, float[] src) {
        if (a.dataType() != DataType.FLOAT || !isPlain(a)) {
            throw new IllegalArgumentException("writeFloats needs a plain FLOAT array, got " + a.dataType()
                    + (isPlain(a) ? "" : " (a view)"));
        }
        TRANSFERS.increment();
        FloatBuffer b = a.data().asNioFloat();
        b.position(0);
        b.put(src, 0, Math.toIntExact(a.length()));
        hostIsNewest(a);
    }

    /**
     * A new row-major FLOAT array of {@code shape} holding the first elements of {@code src}: the named write of data
     * made in Java into an array (a replay transition, ADR 0037). ND4J copies it to the device before its first op.
     */
    public static INDArray fromFloats(float[] src, long... shape) {
        TRANSFERS.increment();
        long n = 1;
        for (long d : shape) n *= d;
        float[] v = src.length == n ? src : java.util.Arrays.copyOf(src, Math.toIntExact(n));
        return Nd4j.create(v, shape, 'c');
    }

    /**
     * A new INT vector holding {@code src}: the named write of indices drawn in Java (the rows of a replay minibatch,
     * drawn from the run's random stream, ADR 0037).
     */
    public static INDArray fromInts(int[] src) {
        TRANSFERS.increment();
        return Nd4j.createFromArray(src.clone());
    }

    /** The elements, row-major, as a new double array (one bulk copy for plain arrays). */
    public static double[] toDoubles(INDArray a) {
        double[] d = new double[Math.toIntExact(a.length())];
        read(a, d);
        return d;
    }

    /** Writes the first {@code a.length()} row-major doubles of {@code src} into the array, converting. */
    public static void write(INDArray a, double[] src) {
        TRANSFERS.increment();
        int n = Math.toIntExact(a.length());
        if (!isPlain(a)) {
            a.assign(Nd4j.create(java.util.Arrays.copyOf(src, n), a.shape(), a.dataType())); // an ND4J op
            return;
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            b.position(0);
            b.put(src, 0, n);
        } else if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0; i < n; i++) b.put(i, (float) src[i]);
        } else {
            a.data().setData(src);
        }
        hostIsNewest(a);
    }

    /** One element of a scalar (or one-element) array, for logging or a decision made in Java. */
    public static double scalar(INDArray a) {
        TRANSFERS.increment();
        if (a.length() != 1) {
            throw new IllegalArgumentException("expected one element, got shape " + java.util.Arrays.toString(a.shape()));
        }
        ELEMENTS_READ.increment();
        toHost(a);
        return a.getDouble(0);
    }

    /** One element of a one-element integer (or any) array as a long, for step counters. */
    public static long scalarLong(INDArray a) {
        TRANSFERS.increment();
        if (a.length() != 1) {
            throw new IllegalArgumentException("expected one element, got shape " + java.util.Arrays.toString(a.shape()));
        }
        ELEMENTS_READ.increment();
        toHost(a);
        return a.getLong(0);
    }

    /**
     * The elements in row-major order as little-endian bytes, {@code a.length() * elementSize} of them (for
     * checkpoint files).
     */
    public static byte[] littleEndianBytes(INDArray a) {
        TRANSFERS.increment();
        if (a.isEmpty()) return new byte[0];
        INDArray c = isPlain(a) ? a : a.dup('c');
        ELEMENTS_READ.add(c.length());
        toHost(c);
        long n = c.length() * c.dataType().width();
        java.nio.ByteBuffer b = c.data().asNio().order(java.nio.ByteOrder.nativeOrder());
        byte[] out = new byte[Math.toIntExact(n)];
        b.position(0);
        b.get(out);
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) swap(out, c.dataType().width());
        return out;
    }

    /** A new row-major array of {@code shape} whose elements are {@code bytes[off, off + n*width)}, little-endian. */
    public static INDArray fromLittleEndianBytes(byte[] bytes, int off, DataType dtype, long[] shape) {
        TRANSFERS.increment();
        INDArray a = Nd4j.create(dtype, shape, Nd4j.getStrides(shape, 'c'), 'c');
        if (a.isEmpty()) return a;
        int n = Math.toIntExact(a.length() * dtype.width());
        byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, off + n);
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) swap(chunk, dtype.width());
        toHost(a);
        java.nio.ByteBuffer b = a.data().asNio();
        b.position(0);
        b.put(chunk);
        hostIsNewest(a);
        return a;
    }

    private static void swap(byte[] b, int width) {
        for (int i = 0; i + width <= b.length; i += width) {
            for (int j = 0; j < width / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + width - 1 - j];
                b[i + width - 1 - j] = t;
            }
        }
    }

    /** Makes the host copy of {@code a} current before Java reads it (a no-op on the CPU backend). */
    static void toHost(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
    }

    /**
     * Adds {@code src[0 .. n)} into elements {@code [offset, offset + n)} of a plain FLOAT array, through host memory:
     * the CPU backend's host path of {@link Mlp#backward} accumulates bias gradients into the parameter block this
     * way (ADR 0030), instead of one gemm per layer.
     *
     * @throws IllegalArgumentException when {@code a} is not a plain FLOAT array or the range is outside it
     */
    static void addFloatsAt(INDArray a, long offset, float[] src, int n) {
        if (a.dataType() != DataType.FLOAT || !isPlain(a)) {
            throw new IllegalArgumentException("addFloatsAt needs a plain FLOAT array, got " + a.dataType());
        }
        if (offset < 0 || offset + n > a.length()) {
            throw new IllegalArgumentException("addFloatsAt: elements [" + offset + ", " + (offset + n)
                    + ") are outside an array of " + a.length());
        }
        TRANSFERS.increment();
        toHost(a);
        FloatBuffer b = a.data().asNioFloat();
        int o = Math.toIntExact(offset);
        for (int i = 0; i < n; i++) b.put(o + i, b.get(o + i) + src[i]);
        hostIsNewest(a);
    }

    /** Marks the host copy of {@code a} as the newest after Java wrote it (a no-op on the CPU backend). */
    static void hostIsNewest(INDArray a) {
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    /** Sets every element to zero through host memory (ND4J's {@code assign(0)} is the device-side way). */
    public static void zero(INDArray a) {
        TRANSFERS.increment();
        if (!isPlain(a)) {
            a.assign(0); // an ND4J op
            return;
        }
        toHost(a);
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            for (int i = 0, n = (int) a.length(); i < n; i++) b.put(i, 0.0);
        } else if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0, n = (int) a.length(); i < n; i++) b.put(i, 0f);
        } else {
            a.assign(0);
        }
        hostIsNewest(a);
    }

    /**
     * Whether no element of a plain float array is NaN or infinite, decided on the raw bits (exponent all ones)
     * of one bulk copy into {@code scratch} (at least {@code a.length()} long): no conversion, and an integer max
     * that the JIT vectorises, so on the CPU backend it costs a fraction of one ND4J reduction's fixed overhead.
     *
     * @throws IllegalArgumentException when {@code a} is not a plain FLOAT array ({@link #isPlain})
     */
    static boolean allFiniteFloats(INDArray a, int[] scratch) {
        if (a.dataType() != DataType.FLOAT || !isPlain(a)) {
            throw new IllegalArgumentException("allFiniteFloats needs a plain FLOAT array, got " + a.dataType());
        }
        TRANSFERS.increment();
        int n = Math.toIntExact(a.length());
        ELEMENTS_READ.add(n);
        toHost(a);
        java.nio.IntBuffer b = a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        b.position(0);
        b.get(scratch, 0, n);
        int max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, scratch[i] & 0x7f800000);
        return max != 0x7f800000;
    }

    /** Sum of squares of the elements. */
    public static double sumOfSquares(INDArray a, double[] scratch) {
        read(a, scratch);
        double s = 0;
        for (int i = 0, n = (int) a.length(); i < n; i++) s += scratch[i] * scratch[i];
        return s;
    }
}
