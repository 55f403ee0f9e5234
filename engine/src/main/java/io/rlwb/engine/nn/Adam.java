package io.rlwb.engine.nn;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with PyTorch's semantics ({@code torch.optim.Adam}, no weight decay, no AMSGrad), optionally with the
 * learning rate annealed linearly to zero over training as CleanRL's PPO does ({@code lr * (1 - progress)}).
 *
 * <p>Per parameter element, at step {@code t}: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr_t / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}: epsilon is added after the square
 * root of the bias-corrected second moment. (libnd4j's {@code adam_updater} adds it before the bias
 * correction, which is a different optimiser for CleanRL's eps = 1e-5.)
 *
 * <p>The update runs in plain Java over bulk copies of each parameter and gradient rather than as ND4J ops:
 * the elementwise formula would take about nine ND4J ops per parameter, each costing more call overhead than
 * the copies do for these small networks. The moments are kept in double precision whatever the parameter's
 * data type.
 *
 * <p>{@link #step} does not clear the gradients; the trainer does ({@link Parameter#zeroGrad()}).
 */
public final class Adam implements Optimizer {
    /** PyTorch's default. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** What CleanRL passes (PyTorch's own default is 1e-8). */
    public static final double DEFAULT_EPS = 1e-5;

    private final List<Parameter> params;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean anneal;
    private final double[][] m;
    private final double[][] v;
    /** Reused host copies of each parameter and its gradient. */
    private final double[][] wBuf;
    private final double[][] gBuf;
    private long t;
    private double currentLr;

    /** Adam with the default betas and CleanRL's eps. */
    public Adam(List<Parameter> params, double lr, boolean anneal) {
        this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, anneal);
    }

    /**
     * @param lr the initial learning rate
     * @param anneal when true, step {@code t} uses {@code lr * (1 - progress)}
     */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, boolean anneal) {
        this.params = List.copyOf(Objects.requireNonNull(params, "params"));
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be >= 0, got " + eps);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.anneal = anneal;
        this.currentLr = lr;
        m = new double[this.params.size()][];
        v = new double[this.params.size()][];
        wBuf = new double[this.params.size()][];
        gBuf = new double[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            int n = Math.toIntExact(this.params.get(i).size());
            m[i] = new double[n];
            v[i] = new double[n];
            wBuf[i] = new double[n];
            gBuf[i] = new double[n];
        }
    }

    @Override
    public void step(double progress) {
        if (Double.isNaN(progress)) {
            throw new IllegalArgumentException("progress is NaN");
        }
        // Clamped so a trainer that overshoots its budget by one update does not get a negative rate.
        double frac = 1.0 - Math.min(1.0, Math.max(0.0, progress));
        currentLr = anneal ? lr * frac : lr;
        t++;
        double bc1 = 1.0 - Math.pow(beta1, t);
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, t));
        double stepSize = currentLr / bc1;
        double a1 = 1.0 - beta1;
        double a2 = 1.0 - beta2;
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            double[] w = wBuf[k];
            double[] g = gBuf[k];
            HostArrays.read(p.value(), w);
            HostArrays.read(p.grad(), g);
            double[] mk = m[k];
            double[] vk = v[k];
            for (int i = 0; i < w.length; i++) {
                double gi = g[i];
                mk[i] = beta1 * mk[i] + a1 * gi;
                vk[i] = beta2 * vk[i] + a2 * gi * gi;
                w[i] -= stepSize * mk[i] / (Math.sqrt(vk[i]) / bc2Sqrt + eps);
            }
            HostArrays.write(p.value(), w);
        }
    }

    @Override
    public double currentLearningRate() {
        return currentLr;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}
