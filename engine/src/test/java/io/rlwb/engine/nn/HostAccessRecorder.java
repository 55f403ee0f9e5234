package io.rlwb.engine.nn;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test double for "no host copies": ND4J CPU data buffers that record every element access made from Java (NIO
 * views, {@code get*}/{@code put*}, {@code as*()} copies, {@code setData}, {@code assign} through the buffer,
 * serialisation) while leaving ND4J's native ops, which reach the memory through the opaque native buffer and
 * its address, unrecorded. On the CPU backend the two are the same memory, so a Java access works and would go
 * unnoticed; on CUDA it would read or write a stale host copy. Arrays over these buffers, and row-major views
 * of them whose buffers are recording views too ({@link #storage()}), stand in for parameters and gradients.
 */
final class HostAccessRecorder {
    private final List<String> accesses = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean armed;

    /** Starts recording (building the arrays touches them legitimately). */
    void arm() {
        accesses.clear();
        armed = true;
    }

    /** Stops recording. */
    void disarm() {
        armed = false;
    }

    /** The accesses since {@link #arm()}, as {@code method} names with a stack frame of the caller. */
    List<String> accesses() {
        return List.copyOf(accesses);
    }

    private void record(String what) {
        if (!armed) return;
        StackTraceElement caller = null;
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int ours = 0;
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith(HostAccessRecorder.class.getName() + "$Recording")) ours++;
        }
        // rec() and the overriding method: 2 frames. More means a recorded method calling another (setData -> put).
        if (ours > 2) return;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!c.startsWith(HostAccessRecorder.class.getName()) && !c.startsWith("org.nd4j")) {
                caller = e;
                break;
            }
        }
        accesses.add(what + " from " + caller);
    }

    /** A new recording rank-1 array of {@code n} elements. */
    INDArray array(DataType dt, long n) {
        return over(buffer(dt, n), new long[] {n});
    }

    /** A recording array of the given shape holding {@code init}'s values (copied by an ND4J op). */
    INDArray copyOf(INDArray init) {
        INDArray a = over(buffer(init.dataType(), init.length()), init.shape());
        a.assign(init);
        return a;
    }

    private DataBuffer buffer(DataType dt, long n) {
        switch (dt) {
            case FLOAT: return new RecordingFloat(n, this);
            case DOUBLE: return new RecordingDouble(n, this);
            default: throw new IllegalArgumentException("no recording buffer for " + dt);
        }
    }

    /** Block storage whose flat arrays and views all record. */
    ParameterBlock.Storage storage() {
        return new ParameterBlock.Storage() {
            @Override
            public INDArray flat(DataType dtype, long length) {
                return array(dtype, length);
            }

            @Override
            public INDArray view(INDArray flat, long offset, long length, long[] shape) {
                DataBuffer base = flat.data();
                DataBuffer v = base.dataType() == DataType.FLOAT
                        ? new RecordingFloat(base, length, offset, HostAccessRecorder.this)
                        : new RecordingDouble(base, length, offset, HostAccessRecorder.this);
                return over(v, shape);
            }
        };
    }

    /** A row-major array over exactly {@code b} (checked: some of ND4J's factory methods copy the buffer). */
    private static INDArray over(DataBuffer b, long[] shape) {
        INDArray a = Nd4j.create(b, shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
        if (a.data() != b) throw new IllegalStateException("ND4J wrapped the recording buffer in another one");
        return a;
    }

    static final class RecordingFloat extends org.nd4j.linalg.cpu.nativecpu.buffer.FloatBuffer {
        private final transient HostAccessRecorder r;

        RecordingFloat(long n, HostAccessRecorder r) {
            super(n);
            this.r = r;
        }

        RecordingFloat(DataBuffer base, long length, long offset, HostAccessRecorder r) {
            super(base, length, offset);
            this.r = r;
        }

        private void rec(String what) {
            if (r != null) r.record(what);
        }

        @Override public ByteBuffer asNio() { rec("asNio"); return super.asNio(); }
        @Override public FloatBuffer asNioFloat() { rec("asNioFloat"); return super.asNioFloat(); }
        @Override public DoubleBuffer asNioDouble() { rec("asNioDouble"); return super.asNioDouble(); }
        @Override public IntBuffer asNioInt() { rec("asNioInt"); return super.asNioInt(); }
        @Override public LongBuffer asNioLong() { rec("asNioLong"); return super.asNioLong(); }
        @Override public double[] asDouble() { rec("asDouble"); return super.asDouble(); }
        @Override public float[] asFloat() { rec("asFloat"); return super.asFloat(); }
        @Override public int[] asInt() { rec("asInt"); return super.asInt(); }
        @Override public long[] asLong() { rec("asLong"); return super.asLong(); }
        @Override public byte[] asBytes() { rec("asBytes"); return super.asBytes(); }
        @Override public double getDouble(long i) { rec("getDouble"); return super.getDouble(i); }
        @Override public float getFloat(long i) { rec("getFloat"); return super.getFloat(i); }
        @Override public int getInt(long i) { rec("getInt"); return super.getInt(i); }
        @Override public long getLong(long i) { rec("getLong"); return super.getLong(i); }
        @Override public Number getNumber(long i) { rec("getNumber"); return super.getNumber(i); }
        @Override public double[] getDoublesAt(long o, int l) { rec("getDoublesAt"); return super.getDoublesAt(o, l); }
        @Override public float[] getFloatsAt(long o, int l) { rec("getFloatsAt"); return super.getFloatsAt(o, l); }
        @Override public void put(long i, float v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, double v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, int v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, long v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, boolean v) { rec("put"); super.put(i, v); }
        @Override public void setData(float[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(double[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(int[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(long[] d) { rec("setData"); super.setData(d); }
        @Override public void assign(Number v) { rec("assign(Number)"); super.assign(v); }
        @Override public void assign(DataBuffer d) { rec("assign(DataBuffer)"); super.assign(d); }
        @Override public void write(OutputStream o) { rec("write"); super.write(o); }
        @Override public void write(DataOutputStream o) throws IOException { rec("write"); super.write(o); }
    }

    static final class RecordingDouble extends org.nd4j.linalg.cpu.nativecpu.buffer.DoubleBuffer {
        private final transient HostAccessRecorder r;

        RecordingDouble(long n, HostAccessRecorder r) {
            super(n);
            this.r = r;
        }

        RecordingDouble(DataBuffer base, long length, long offset, HostAccessRecorder r) {
            super(base, length, offset);
            this.r = r;
        }

        private void rec(String what) {
            if (r != null) r.record(what);
        }

        @Override public ByteBuffer asNio() { rec("asNio"); return super.asNio(); }
        @Override public FloatBuffer asNioFloat() { rec("asNioFloat"); return super.asNioFloat(); }
        @Override public DoubleBuffer asNioDouble() { rec("asNioDouble"); return super.asNioDouble(); }
        @Override public IntBuffer asNioInt() { rec("asNioInt"); return super.asNioInt(); }
        @Override public LongBuffer asNioLong() { rec("asNioLong"); return super.asNioLong(); }
        @Override public double[] asDouble() { rec("asDouble"); return super.asDouble(); }
        @Override public float[] asFloat() { rec("asFloat"); return super.asFloat(); }
        @Override public int[] asInt() { rec("asInt"); return super.asInt(); }
        @Override public long[] asLong() { rec("asLong"); return super.asLong(); }
        @Override public byte[] asBytes() { rec("asBytes"); return super.asBytes(); }
        @Override public double getDouble(long i) { rec("getDouble"); return super.getDouble(i); }
        @Override public float getFloat(long i) { rec("getFloat"); return super.getFloat(i); }
        @Override public int getInt(long i) { rec("getInt"); return super.getInt(i); }
        @Override public long getLong(long i) { rec("getLong"); return super.getLong(i); }
        @Override public Number getNumber(long i) { rec("getNumber"); return super.getNumber(i); }
        @Override public double[] getDoublesAt(long o, int l) { rec("getDoublesAt"); return super.getDoublesAt(o, l); }
        @Override public float[] getFloatsAt(long o, int l) { rec("getFloatsAt"); return super.getFloatsAt(o, l); }
        @Override public void put(long i, float v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, double v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, int v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, long v) { rec("put"); super.put(i, v); }
        @Override public void put(long i, boolean v) { rec("put"); super.put(i, v); }
        @Override public void setData(float[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(double[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(int[] d) { rec("setData"); super.setData(d); }
        @Override public void setData(long[] d) { rec("setData"); super.setData(d); }
        @Override public void assign(Number v) { rec("assign(Number)"); super.assign(v); }
        @Override public void assign(DataBuffer d) { rec("assign(DataBuffer)"); super.assign(d); }
        @Override public void write(OutputStream o) { rec("write"); super.write(o); }
        @Override public void write(DataOutputStream o) throws IOException { rec("write"); super.write(o); }
    }
}
