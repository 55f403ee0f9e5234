package io.rlwb.plugins.distributional;

/**
 * The categorical projection and loss of C51 (Bellemare, Dabney and Munos 2017), as CleanRL's {@code c51.py}
 * computes them. Atoms {@code z_j = vMin + j dz}, {@code j = 0..N-1}. For a next-state distribution p over the
 * atoms: {@code Tz_j = clamp(r + gamma (1 - d) z_j, vMin, vMax)}, {@code b = (Tz_j - vMin) / dz},
 * {@code l = floor(b)}, {@code u = ceil(b)}; mass {@code p_j (u + [l == u] - b)} goes to atom l and
 * {@code p_j (b - l)} to atom u. The loss is the cross-entropy {@code -sum_i m_i log p_i(s, a)}.
 */
public final class C51 {
    private final int atoms;
    private final double vMin;
    private final double vMax;
    private final double dz;
    private final double[] z;

    public C51(int atoms, double vMin, double vMax) {
        if (atoms < 2) throw new IllegalArgumentException("C51 needs at least 2 atoms, got " + atoms);
        if (!(vMax > vMin)) throw new IllegalArgumentException("v_max (" + vMax + ") must exceed v_min (" + vMin + ")");
        this.atoms = atoms;
        this.vMin = vMin;
        this.vMax = vMax;
        this.dz = (vMax - vMin) / (atoms - 1);
        this.z = new double[atoms];
        for (int j = 0; j < atoms; j++) z[j] = vMin + j * dz;
    }

    public int atoms() { return atoms; }

    public double[] support() { return z.clone(); }

    /** Projects {@code r + gamma (1 - d) Z} with Z ~ {@code p} onto the support; returns the target m. */
    public double[] project(double[] p, int pOff, double r, double gamma, double done) {
        double[] m = new double[atoms];
        for (int j = 0; j < atoms; j++) {
            double tz = Math.max(vMin, Math.min(vMax, r + gamma * (1 - done) * z[j]));
            double b = (tz - vMin) / dz;
            double l = Math.floor(b);
            double u = Math.ceil(b);
            double pj = p[pOff + j];
            m[(int) l] += pj * (u + (l == u ? 1 : 0) - b);
            m[(int) u] += pj * (b - l);
        }
        return m;
    }

    /**
     * Cross-entropy {@code -sum m log softmax(logits)} of one row, adding {@code scale * (softmax - m)} into
     * {@code dLogits[off ..]} when it is not null.
     */
    public double crossEntropy(double[] logits, int off, double[] m, double scale, double[] dLogits) {
        double[] p = new double[atoms];
        double lse = Categorical.softmax(logits, off, atoms, p, 0);
        double loss = 0;
        for (int i = 0; i < atoms; i++) {
            loss -= m[i] * (logits[off + i] - lse);
            if (dLogits != null) dLogits[off + i] += scale * (p[i] - m[i]);
        }
        return loss;
    }

    /** Expected value of the softmax of {@code logits[off .. off + N)}. */
    public double mean(double[] logits, int off) {
        double[] p = new double[atoms];
        Categorical.softmax(logits, off, atoms, p, 0);
        double v = 0;
        for (int j = 0; j < atoms; j++) v += p[j] * z[j];
        return v;
    }

    /** The K + 1 edges of bins centred on the atoms (for telemetry). */
    public double[] edges() {
        double[] e = new double[atoms + 1];
        for (int j = 0; j <= atoms; j++) e[j] = vMin + (j - 0.5) * dz;
        return e;
    }
}
