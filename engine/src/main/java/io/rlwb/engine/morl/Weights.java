package io.rlwb.engine.morl;

import java.util.ArrayList;
import java.util.List;

/** Preference weight vectors: evenly spread sets on the simplex, and parsing from node parameters. */
public final class Weights {
    private Weights() {}

    /**
     * {@code n} weight vectors evenly spread over the {@code dim}-simplex, deterministic. Two objectives:
     * {@code (i / (n - 1), 1 - i / (n - 1))}. More: farthest-point sampling over a fine simplex lattice (Das and
     * Dennis) starting from the unit vectors, each new weight the lattice point farthest from those chosen (a
     * deterministic stand-in for the Riesz s-energy weights MORL-Baselines uses).
     */
    public static List<double[]> evenlySpread(int dim, int n) {
        if (dim < 1 || n < 1) throw new IllegalArgumentException("need dim >= 1 and n >= 1, got " + dim + ", " + n);
        List<double[]> out = new ArrayList<>();
        if (dim == 1) {
            out.add(new double[] {1.0});
            return out;
        }
        if (dim == 2) {
            for (int i = 0; i < n; i++) {
                double a = n == 1 ? 0.5 : i / (double) (n - 1);
                out.add(new double[] {a, 1 - a});
            }
            return out;
        }
        int h = 1;
        while (lattice(dim, h).size() < 8 * n) h++;
        List<double[]> cand = lattice(dim, h);
        double[] minDist = new double[cand.size()];
        java.util.Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        for (int d = 0; d < dim && out.size() < n; d++) {
            double[] e = new double[dim];
            e[d] = 1;
            choose(out, cand, minDist, e);
        }
        while (out.size() < n) {
            int best = 0;
            for (int i = 1; i < cand.size(); i++) if (minDist[i] > minDist[best]) best = i;
            choose(out, cand, minDist, cand.get(best));
        }
        return out;
    }

    private static void choose(List<double[]> out, List<double[]> cand, double[] minDist, double[] w) {
        out.add(w);
        for (int i = 0; i < cand.size(); i++) {
            double d = 0;
            for (int j = 0; j < w.length; j++) d += (cand.get(i)[j] - w[j]) * (cand.get(i)[j] - w[j]);
            minDist[i] = Math.min(minDist[i], d);
        }
    }

    /** All points of the simplex with coordinates in multiples of 1/h. */
    static List<double[]> lattice(int dim, int h) {
        List<double[]> out = new ArrayList<>();
        fill(new int[dim], 0, h, h, out);
        return out;
    }

    private static void fill(int[] c, int i, int left, int h, List<double[]> out) {
        if (i == c.length - 1) {
            c[i] = left;
            double[] w = new double[c.length];
            for (int j = 0; j < c.length; j++) w[j] = c[j] / (double) h;
            out.add(w);
            return;
        }
        for (int v = 0; v <= left; v++) {
            c[i] = v;
            fill(c, i + 1, left - v, h, out);
        }
    }

    /**
     * Parses a comma-separated list of {@code k} numbers ({@code "0.3, 0.7"}); blank gives {@code fallback}.
     *
     * @param where names the place for messages, e.g. {@code "node 'combiner', parameter 'weights'"}
     * @throws IllegalArgumentException naming {@code where} on a malformed list or a wrong count
     */
    public static double[] parse(String text, int k, double[] fallback, String where) {
        if (text == null || text.isBlank()) return fallback == null ? null : fallback.clone();
        String[] parts = text.split(",");
        if (parts.length != k) {
            throw new IllegalArgumentException(where + ": expected " + k + " comma-separated numbers, got "
                    + parts.length + " in \"" + text + "\"");
        }
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": \"" + parts[i].trim() + "\" is not a number");
            }
            if (!Double.isFinite(w[i])) throw new IllegalArgumentException(where + ": value " + i + " is not finite");
        }
        return w;
    }

    /** {@code k} equal weights summing to 1. */
    public static double[] uniform(int k) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        return w;
    }
}
