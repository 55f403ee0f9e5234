package io.rlwb.engine.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops training that diverged: every trainer checks its losses, and after each optimiser step the gradients and
 * parameters it updated, and throws a {@link DivergenceException} naming the first non-finite quantity. The runner
 * turns that into a failed run naming the node and the environment step (docs/divergence.md).
 *
 * <p>The common case costs one ND4J sum per {@link Segment} (a whole {@link ParameterBlock}, or one loose
 * parameter) and one scalar read to the host: a sum is finite exactly when no element is NaN or infinite, unless
 * finite elements overflow it. On the CPU backend's {@link UpdatePath#HOST host path}, where host memory is the
 * arrays' memory, a float segment is instead checked on its raw bits in Java ({@link HostArrays#allFiniteFloats}),
 * measured 3-5x cheaper than the ND4J reduction at PPO's and SAC's sizes (docs/benchmarks.md); CUDA always
 * takes the reduction. Only when a sum is not finite does the guard look at the parameters one by one
 * (copies to the host, on the way to a failed run) to name the culprit, or to find that the sum merely
 * overflowed and go on.
 *
 * <p>Parameter names are qualified by the label of their group: {@code of(Map.of("actor", ...))} names
 * {@code actor.l0.W}.
 */
public final class DivergenceGuard {
    private final List<Segment> segments;
    private final Map<Parameter, String> names = new IdentityHashMap<>();
    private final UpdatePath path;
    /** Host path: the raw bits of the largest float segment. */
    private int[] bits = new int[0];
    private long steps;

    private DivergenceGuard(Map<String, List<Parameter>> groups, UpdatePath path) {
        this.path = Objects.requireNonNull(path, "path");
        List<Parameter> all = new ArrayList<>();
        for (Map.Entry<String, List<Parameter>> g : groups.entrySet()) {
            for (Parameter p : g.getValue()) {
                if (names.containsKey(p)) continue; // shared between groups: the first label names it
                names.put(p, g.getKey().isEmpty() ? p.name() : g.getKey() + "." + p.name());
                all.add(p);
            }
        }
        segments = Segment.of(all);
    }

    /** A guard over {@code params}, named as they are. */
    public static DivergenceGuard of(List<Parameter> params) {
        return of("", params);
    }

    /** A guard over {@code params}, named {@code label.name} ({@code label} empty: the bare names). */
    public static DivergenceGuard of(String label, List<Parameter> params) {
        Map<String, List<Parameter>> m = new LinkedHashMap<>();
        m.put(Objects.requireNonNull(label, "label"), params);
        return new DivergenceGuard(m, UpdatePath.forBackend());
    }

    /** A guard over several labelled groups, in order ({@code "actor" -> policy parameters, ...}). */
    public static DivergenceGuard of(Map<String, List<Parameter>> groups) {
        return of(groups, UpdatePath.forBackend());
    }

    /** As {@link #of(Map)}, checking on the given path (tests compare the two). */
    static DivergenceGuard of(Map<String, List<Parameter>> groups, UpdatePath path) {
        return new DivergenceGuard(new LinkedHashMap<>(groups), path);
    }

    /**
     * Throws when {@code value} (a loss, or any scalar the trainer computed from one) is NaN or infinite.
     *
     * @param quantity what it is: {@code policy loss}, {@code qf1 loss}
     */
    public static void check(String quantity, double value) {
        if (!Double.isFinite(value)) throw new DivergenceException(quantity, value, null);
    }

    /** As {@link #check(String, double)}, naming the trainer's position ({@code update 37}) too. */
    public static void check(String quantity, double value, String detail) {
        if (!Double.isFinite(value)) throw new DivergenceException(quantity, value, detail);
    }

    /**
     * Checks the gradients before the optimiser uses them (call it before clipping, which spreads one NaN over
     * every gradient): one sum per segment.
     */
    public void gradients() {
        for (Segment s : segments) {
            if (!finiteSum(s.grads())) locate(s, true, false, "before update " + (steps + 1));
        }
    }

    /**
     * Checks the parameters after an optimiser step; counts the step. A NaN gradient makes its parameter NaN, so
     * when a parameter is not finite the guard names the gradient that caused it where there is one, else the
     * parameter. One sum per segment.
     */
    public void parameters() {
        steps++;
        for (Segment s : segments) {
            if (!finiteSum(s.values())) locate(s, true, true, "update " + steps);
        }
    }

    /** Optimiser steps checked by {@link #parameters()} so far. */
    public long steps() {
        return steps;
    }

    /** Whether every element is finite (or, on the reduction, the sum merely overflowed: see the class). */
    private boolean finiteSum(INDArray a) {
        if (path == UpdatePath.HOST && a.length() == 1) return Double.isFinite(HostArrays.scalar(a)); // log_alpha
        if (path == UpdatePath.HOST && a.dataType() == DataType.FLOAT && HostArrays.isPlain(a)) {
            if (bits.length < a.length()) bits = new int[Math.toIntExact(a.length())];
            return HostArrays.allFiniteFloats(a, bits);
        }
        return Double.isFinite(a.sumNumber().doubleValue());
    }

    /** Names the first non-finite gradient (when asked), else the first non-finite parameter, of {@code s}. */
    private void locate(Segment s, boolean grads, boolean values, String detail) {
        if (grads) {
            for (Parameter p : s.members()) {
                double bad = firstNonFinite(p.grad());
                if (!Double.isFinite(bad)) throw new DivergenceException("gradient of " + names.get(p), bad, detail);
            }
        }
        if (values) {
            for (Parameter p : s.members()) {
                double bad = firstNonFinite(p.value());
                if (!Double.isFinite(bad)) throw new DivergenceException("parameter " + names.get(p), bad, detail);
            }
        }
        // Every element is finite: the sum merely overflowed.
    }

    /** The first NaN or infinite element, or 0 when all are finite (a host copy: the failure path only). */
    private static double firstNonFinite(INDArray a) {
        for (double v : HostArrays.toDoubles(a)) {
            if (!Double.isFinite(v)) return v;
        }
        return 0;
    }
}
