package io.rlwb.engine.nn;

/**
 * {@code tanh} over a float array in plain Java, in a form the JIT vectorises: a rational function of {@code z^2}
 * (multiplies, adds, one division, a clamp), no {@link Math#exp} and no branch. The CPU backend's host path of
 * {@link Mlp} uses it for hidden activations (ADR 0030): at PPO's sizes the four ND4J ops of
 * {@link Activation#TANH}'s sigmoid form cost more in call overhead than the arithmetic, and a scalar
 * {@code Math.exp} per element measured slower than those ops (ADR 0029).
 *
 * <p>The function is the 13th convergent of Lambert's continued fraction
 * {@code tanh z = z / (1 + z^2 / (3 + z^2 / (5 + ...)))}: {@code z P(z^2) / Q(z^2)} with the polynomials of the
 * continued fraction's recurrence, computed here in double from their definition (no tabulated constants) and
 * rounded to float. The input is clamped to {@code [-9, 9]} first (beyond, float {@code tanh} is {@code +-1}) and the
 * result to {@code [-1, 1]}. Measured against {@code Math.tanh} on a float grid of [-12, 12]: at most 3.6e-7
 * absolute error, a few ulps (the test {@code HostTanhTest} bounds it); NaN stays NaN.
 */
final class HostTanh {
    /** Convergent order: the lowest whose float evaluation stays within 4e-7 of tanh on [-9, 9]. */
    static final int ORDER = 13;
    /** Beyond this, float tanh rounds to +-1 (1 - tanh(9) is about 3e-8, under half an ulp of 1). */
    static final float CLAMP = 9f;

    private static final float[] P;
    private static final float[] Q;

    static {
        // Convergents A_k / B_k of b0 + a1/(b1 + a2/(b2 + ...)) with a1 = z, a_k = z^2 (k >= 2), b_k = 2k - 1:
        // A_k = b_k A_{k-1} + a_k A_{k-2}, B_k likewise; A_0 = 0, B_0 = 1, A_1 = z, B_1 = 1. With y = z^2,
        // A_k = z P_k(y) and B_k = Q_k(y); coefficients indexed by the power of y.
        double[] p0 = {0}, q0 = {1}, p1 = {1}, q1 = {1};
        for (int k = 2; k <= ORDER; k++) {
            int b = 2 * k - 1;
            double[] p2 = plusShifted(scaled(p1, b), p0);
            double[] q2 = plusShifted(scaled(q1, b), q0);
            p0 = p1;
            q0 = q1;
            p1 = p2;
            q1 = q2;
        }
        double norm = q1[0]; // scale so that Q(0) = 1: keeps the float coefficients in range
        P = toFloats(p1, norm);
        Q = toFloats(q1, norm);
    }

    private HostTanh() {}

    /** {@code a + y * c} as polynomials in y. */
    private static double[] plusShifted(double[] a, double[] c) {
        double[] r = new double[Math.max(a.length, c.length + 1)];
        for (int i = 0; i < a.length; i++) r[i] += a[i];
        for (int i = 0; i < c.length; i++) r[i + 1] += c[i];
        return r;
    }

    private static double[] scaled(double[] a, double s) {
        double[] r = a.clone();
        for (int i = 0; i < r.length; i++) r[i] *= s;
        return r;
    }

    private static float[] toFloats(double[] a, double norm) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) r[i] = (float) (a[i] / norm);
        return r;
    }

    /** Replaces {@code z[from .. to)} by its tanh, in place. */
    static void applyInPlace(float[] z, int from, int to) {
        // Fixed degrees (ORDER 13: P of degree 6, Q of degree 6), written out so that the loop has no inner loop
        // and the JIT keeps the coefficients in registers.
        float p0 = P[0], p1 = P[1], p2 = P[2], p3 = P[3], p4 = P[4], p5 = P[5], p6 = P[6];
        float q0 = Q[0], q1 = Q[1], q2 = Q[2], q3 = Q[3], q4 = Q[4], q5 = Q[5], q6 = Q[6];
        for (int i = from; i < to; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, z[i]));
            float y = x * x;
            float num = ((((((p6 * y + p5) * y + p4) * y + p3) * y + p2) * y + p1) * y + p0) * x;
            float den = (((((q6 * y + q5) * y + q4) * y + q3) * y + q2) * y + q1) * y + q0;
            z[i] = Math.max(-1f, Math.min(1f, num / den));
        }
    }

    /** Degrees of the numerator and denominator polynomials in {@code z^2} (for the test). */
    static int[] degrees() {
        return new int[] {P.length - 1, Q.length - 1};
    }
}
