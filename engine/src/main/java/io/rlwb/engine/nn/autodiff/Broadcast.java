package io.rlwb.engine.nn.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy-style broadcasting arithmetic on ND4J arrays (shapes aligned at the right, size-1 or missing dimensions
 * stretched), and the reverse: summing a gradient back down to an operand's shape. Every result is a fresh
 * array; nothing is written in place.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The shape {@code a op b} has, or an exception naming both shapes. */
    public static long[] shape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    public static INDArray add(INDArray a, INDArray b) {
        if (Arrays.equals(a.shape(), b.shape())) return a.add(b);
        INDArray out = out(a, b);
        Nd4j.exec(new AddOp(a, b, out));
        return out;
    }

    public static INDArray sub(INDArray a, INDArray b) {
        if (Arrays.equals(a.shape(), b.shape())) return a.sub(b);
        INDArray out = out(a, b);
        Nd4j.exec(new SubOp(a, b, out));
        return out;
    }

    public static INDArray mul(INDArray a, INDArray b) {
        if (Arrays.equals(a.shape(), b.shape())) return a.mul(b);
        INDArray out = out(a, b);
        Nd4j.exec(new MulOp(a, b, out));
        return out;
    }

    public static INDArray div(INDArray a, INDArray b) {
        if (Arrays.equals(a.shape(), b.shape())) return a.div(b);
        INDArray out = out(a, b);
        Nd4j.exec(new DivOp(a, b, out));
        return out;
    }

    /** {@code a += b} in place; {@code a} must already have the broadcast shape. Returns {@code a}. */
    public static INDArray addi(INDArray a, INDArray b) {
        Nd4j.exec(new AddOp(a, b, checkInPlace(a, b)));
        return a;
    }

    /** {@code a -= b} in place; {@code a} must already have the broadcast shape. Returns {@code a}. */
    public static INDArray subi(INDArray a, INDArray b) {
        Nd4j.exec(new SubOp(a, b, checkInPlace(a, b)));
        return a;
    }

    /** {@code a *= b} in place; {@code a} must already have the broadcast shape. Returns {@code a}. */
    public static INDArray muli(INDArray a, INDArray b) {
        Nd4j.exec(new MulOp(a, b, checkInPlace(a, b)));
        return a;
    }

    private static INDArray checkInPlace(INDArray a, INDArray b) {
        if (!Arrays.equals(shape(a.shape(), b.shape()), a.shape())) {
            throw new IllegalArgumentException("in-place broadcast of " + Arrays.toString(b.shape()) + " onto "
                    + Arrays.toString(a.shape()) + " would change its shape");
        }
        return a;
    }

    /**
     * Sums {@code g} over the dimensions that broadcasting stretched, so it has {@code shape} again: leading
     * dimensions {@code shape} lacks, and dimensions where {@code shape} has 1. Returns {@code g} itself when
     * nothing was stretched.
     */
    public static INDArray sumTo(INDArray g, long[] shape) {
        long[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("cannot sum shape " + Arrays.toString(gs) + " to "
                    + Arrays.toString(shape));
        }
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[n++] = i;
        }
        INDArray s = n == 0 ? g : g.sum(true, Arrays.copyOf(dims, n));
        return s.reshape(shape);
    }

    private static INDArray out(INDArray a, INDArray b) {
        return Nd4j.createUninitialized(a.dataType(), shape(a.shape(), b.shape()));
    }
}
