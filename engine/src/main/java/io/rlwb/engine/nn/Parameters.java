package io.rlwb.engine.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whole-network operations on parameter lists: a fixed number of steps per {@link ParameterBlock} plus one per
 * loose parameter, on the backend's {@link UpdatePath} (ND4J ops where the parameters live on the device path,
 * bulk copies through {@link HostArrays} on the CPU backend's host path; ADR 0011).
 */
public final class Parameters {
    private Parameters() {}

    /** Clears every gradient, on the backend's {@link UpdatePath}. */
    public static void zeroGrad(List<Parameter> params) {
        zeroGrad(params, UpdatePath.forBackend());
    }

    /**
     * Clears every gradient: one {@code assign(0)} op per segment on the device path, a loop over the NIO view on
     * the host path (on the CPU backend cheaper than the op call).
     */
    public static void zeroGrad(List<Parameter> params, UpdatePath path) {
        for (Segment s : Segment.of(params)) {
            if (path == UpdatePath.DEVICE) s.grads().assign(0);
            else HostArrays.zero(s.grads());
        }
    }

    /**
     * Polyak averaging, {@code target = tau * online + (1 - tau) * target}, element by element; {@code tau = 1}
     * copies. The two lists pair up by position and must agree in shapes. Computed in double precision and
     * rounded once to the parameters' type (as the earlier plain-Java loop did), so a float network gets the same
     * bits on every backend.
     */
    public static void polyak(List<Parameter> target, List<Parameter> online, double tau) {
        polyak(target, online, tau, UpdatePath.forBackend());
    }

    /**
     * As {@link #polyak(List, List, double)} on the given path: ND4J ops in double precision on the device path,
     * a Java loop over bulk copies on the host path (on the CPU backend about twice as fast at SAC's sizes, since
     * the device path has to cast both arrays to double and back). The same numbers either way.
     */
    public static void polyak(List<Parameter> target, List<Parameter> online, double tau, UpdatePath path) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("tau must lie in [0, 1], got " + tau);
        if (target.size() != online.size()) {
            throw new IllegalArgumentException("Polyak averaging pairs " + target.size() + " target with "
                    + online.size() + " online parameters");
        }
        List<Segment> ts = Segment.of(target);
        List<Segment> os = Segment.of(online);
        if (!inListOrder(ts, target) || !inListOrder(os, online) || !sameLayout(ts, os)) {
            // Different layouts (a block against loose parameters, or lists not in block order): pair the
            // parameters one by one, as the lists do.
            for (int k = 0; k < target.size(); k++) {
                polyakArrays(target.get(k).value(), online.get(k).value(), tau, path);
            }
            return;
        }
        for (int k = 0; k < ts.size(); k++) polyakArrays(ts.get(k).values(), os.get(k).values(), tau, path);
    }

    /** Whether the segments' members, one after the other, are exactly {@code list} in its order. */
    private static boolean inListOrder(List<Segment> segs, List<Parameter> list) {
        int i = 0;
        for (Segment s : segs) {
            for (Parameter p : s.members()) {
                if (i >= list.size() || list.get(i++) != p) return false;
            }
        }
        return i == list.size();
    }

    private static boolean sameLayout(List<Segment> a, List<Segment> b) {
        if (a.size() != b.size()) return false;
        for (int k = 0; k < a.size(); k++) {
            List<Parameter> ma = a.get(k).members();
            List<Parameter> mb = b.get(k).members();
            if (ma.size() != mb.size()) return false;
            for (int i = 0; i < ma.size(); i++) {
                if (!java.util.Arrays.equals(ma.get(i).value().shape(), mb.get(i).value().shape())) return false;
            }
        }
        return true;
    }

    private static void polyakArrays(INDArray t, INDArray w, double tau, UpdatePath path) {
        if (!java.util.Arrays.equals(t.shape(), w.shape())) {
            throw new IllegalArgumentException("Polyak averaging of shapes " + java.util.Arrays.toString(t.shape())
                    + " and " + java.util.Arrays.toString(w.shape()));
        }
        if (tau == 1.0) {
            t.assign(w);
            return;
        }
        if (path == UpdatePath.HOST) {
            double[] wh = HostArrays.toDoubles(w);
            double[] th = HostArrays.toDoubles(t);
            for (int i = 0; i < th.length; i++) th[i] = tau * wh[i] + (1 - tau) * th[i];
            HostArrays.write(t, th);
            return;
        }
        if (t.dataType() == DataType.DOUBLE && w.dataType() == DataType.DOUBLE) {
            INDArray tmp = w.mul(tau);
            t.muli(1 - tau).addi(tmp);
            return;
        }
        INDArray td = t.castTo(DataType.DOUBLE);
        INDArray wd = w.castTo(DataType.DOUBLE);
        td.muli(1 - tau);
        wd.muli(tau);
        td.addi(wd);
        t.assign(td);
    }

    /** Copies the values of {@code from} into {@code to}, pairing by position. */
    public static void copyValues(List<Parameter> to, List<Parameter> from) {
        polyak(to, from, 1.0, UpdatePath.DEVICE);
    }

    /** The total number of elements. */
    public static long count(List<Parameter> params) {
        long n = 0;
        for (Parameter p : params) n += p.size();
        return n;
    }

    /**
     * {@code name -> value} of each parameter, in order: the {@link NamedTensors#tensors()} of a module whose
     * state is exactly these parameters.
     *
     * @throws IllegalStateException when two parameters share a name
     */
    public static Map<String, INDArray> tensors(List<Parameter> params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            if (out.put(p.name(), p.value()) != null) {
                throw new IllegalStateException("two parameters are named '" + p.name() + "'");
            }
        }
        return out;
    }
}
