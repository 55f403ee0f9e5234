package io.rlwb.engine.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adam with PyTorch's semantics ({@code torch.optim.Adam}, no weight decay, no AMSGrad), optionally with the
 * learning rate annealed linearly to zero over training as CleanRL's PPO does ({@code lr * (1 - progress)}).
 *
 * <p>Per parameter element, at step {@code t}: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr_t / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}: epsilon is added after the square
 * root of the bias-corrected second moment. (libnd4j's {@code adam_updater} adds it before the bias
 * correction, which is a different optimiser for CleanRL's eps = 1e-5; its moments would also be kept in the
 * parameters' precision.)
 *
 * <p>The moments are ND4J arrays in double precision, one pair per {@link Segment} (a whole
 * {@link ParameterBlock}, or one loose parameter), so the state lives where the parameters live and
 * checkpoints see it ({@link #tensors()}). The arithmetic runs on the {@link UpdatePath} of the backend: as
 * ND4J ops on the device path (about sixteen ops per segment, no host access), or in plain Java over bulk
 * copies on the CPU backend's host path, which measured cheaper there. Both paths perform the same double
 * operations in the same order, so they give the same bits.
 *
 * <p>{@link #step} does not clear the gradients; the trainer does ({@link Parameters#zeroGrad}).
 */
public final class Adam implements Optimizer, NamedTensors {
    /** PyTorch's default. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** What CleanRL passes (PyTorch's own default is 1e-8). */
    public static final double DEFAULT_EPS = 1e-5;

    private final List<Parameter> params;
    private final List<Segment> segments;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean anneal;
    private final UpdatePath path;
    /** Device path: first and second moments per segment, double precision, shaped as the segment's values. */
    private final INDArray[] m;
    private final INDArray[] v;
    /** Host path: the same moments as Java arrays (a Java loop over arrays beats one over NIO views 1.5x). */
    private final double[][] mHost;
    private final double[][] vHost;
    /** Device path: double scratch per segment (gradient / update, denominator, parameter copy). */
    private final INDArray[] gd;
    private final INDArray[] den;
    private final INDArray[] wd;
    /** Host path: reused Java copies per segment. */
    private final double[][] wBuf;
    private final double[][] gBuf;
    private long t;
    private double currentLr;

    /** Adam with the default betas and CleanRL's eps, on the backend's {@link UpdatePath}. */
    public Adam(List<Parameter> params, double lr, boolean anneal) {
        this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, anneal);
    }

    /**
     * On the backend's {@link UpdatePath}.
     *
     * @param lr the initial learning rate
     * @param anneal when true, step {@code t} uses {@code lr * (1 - progress)}
     */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, boolean anneal) {
        this(params, lr, beta1, beta2, eps, anneal, UpdatePath.forBackend());
    }

    /** As the other constructors, on the given path (tests compare the two). */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, boolean anneal,
            UpdatePath path) {
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
        this.path = Objects.requireNonNull(path, "path");
        this.currentLr = lr;
        this.segments = Segment.of(this.params);
        int s = segments.size();
        m = new INDArray[s];
        v = new INDArray[s];
        gd = new INDArray[s];
        den = new INDArray[s];
        wd = new INDArray[s];
        wBuf = new double[s][];
        gBuf = new double[s][];
        mHost = new double[s][];
        vHost = new double[s][];
        for (int k = 0; k < s; k++) {
            long[] shape = segments.get(k).values().shape();
            if (path == UpdatePath.DEVICE) {
                m[k] = Nd4j.zeros(DataType.DOUBLE, shape);
                v[k] = Nd4j.zeros(DataType.DOUBLE, shape);
                gd[k] = Nd4j.create(DataType.DOUBLE, shape);
                den[k] = Nd4j.create(DataType.DOUBLE, shape);
                wd[k] = Nd4j.create(DataType.DOUBLE, shape);
            } else {
                int n = Math.toIntExact(segments.get(k).length());
                wBuf[k] = new double[n];
                gBuf[k] = new double[n];
                mHost[k] = new double[n];
                vHost[k] = new double[n];
            }
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
        for (int k = 0; k < segments.size(); k++) {
            if (path == UpdatePath.DEVICE) {
                stepDevice(k, stepSize, bc2Sqrt);
            } else {
                stepHost(k, stepSize, bc2Sqrt);
            }
        }
    }

    /** The update as ND4J ops, in the order and precision of {@link #stepHost}. */
    private void stepDevice(int k, double stepSize, double bc2Sqrt) {
        Segment s = segments.get(k);
        INDArray g = gd[k];
        INDArray tmp = den[k];
        g.assign(s.grads());                                           // g in double
        m[k].muli(beta1);                                              // m = b1 m
        Nd4j.exec(new ScalarMultiplication(g, null, tmp, 1.0 - beta1));       //   + (1 - b1) g
        m[k].addi(tmp);
        v[k].muli(beta2);                                              // v = b2 v
        Nd4j.exec(new ScalarMultiplication(g, null, tmp, 1.0 - beta2));       //   + ((1 - b2) g) g
        Nd4j.exec(new MulOp(tmp, g, tmp));
        v[k].addi(tmp);
        Nd4j.exec(new Sqrt(v[k], tmp));                                // den = sqrt(v) / sqrt(1 - b2^t) + eps
        tmp.divi(bc2Sqrt).addi(eps);
        Nd4j.exec(new ScalarMultiplication(m[k], null, g, stepSize));         // upd = (step m) / den
        g.divi(tmp);
        if (s.values().dataType() == DataType.DOUBLE) {
            s.values().subi(g);
        } else {
            wd[k].assign(s.values());                                  // p -= upd, in double, rounded once
            wd[k].subi(g);
            s.values().assign(wd[k]);
        }
    }

    /** The update in plain Java over bulk copies of host memory (CPU backend only). */
    private void stepHost(int k, double stepSize, double bc2Sqrt) {
        Segment s = segments.get(k);
        double[] w = wBuf[k];
        double[] g = gBuf[k];
        HostArrays.read(s.values(), w);
        HostArrays.read(s.grads(), g);
        double[] mk = mHost[k];
        double[] vk = vHost[k];
        double a1 = 1.0 - beta1;
        double a2 = 1.0 - beta2;
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            mk[i] = beta1 * mk[i] + a1 * gi;
            vk[i] = beta2 * vk[i] + a2 * gi * gi;
            w[i] -= stepSize * mk[i] / (Math.sqrt(vk[i]) / bc2Sqrt + eps);
        }
        HostArrays.write(s.values(), w);
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

    /** The path this optimiser's arithmetic runs on. */
    public UpdatePath path() {
        return path;
    }

    /**
     * The optimiser state, named as PyTorch's {@code Adam.state_dict()} numbers it: {@code step} (an int64 scalar)
     * and, for the parameter at index {@code i} of {@link #parameters()}, {@code state.<i>.exp_avg} and
     * {@code state.<i>.exp_avg_sq} (double, the parameter's shape). The moment arrays are views of the live state;
     * {@code step} is a copy.
     */
    @Override
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put("step", Nd4j.scalar(DataType.LONG, t));
        for (int i = 0; i < params.size(); i++) {
            out.put("state." + i + ".exp_avg", moment(m, mHost, params.get(i)));
            out.put("state." + i + ".exp_avg_sq", moment(v, vHost, params.get(i)));
        }
        return out;
    }

    /** Restores the step count and moments written by {@link #tensors()}. */
    @Override
    public void load(Map<String, INDArray> tensors) {
        Map<String, INDArray> live = tensors();
        INDArray step = NamedTensors.require(tensors, "step", "Adam");
        if (step.length() != 1) throw new IllegalArgumentException("Adam: 'step' must be a scalar");
        long loadedT = HostArrays.scalarLong(step);
        if (loadedT < 0) throw new IllegalArgumentException("Adam: 'step' is negative: " + loadedT);
        live.remove("step");
        Map<String, INDArray> rest = new LinkedHashMap<>(tensors);
        rest.remove("step");
        NamedTensors.copyInto(live, rest, "Adam");
        if (path == UpdatePath.HOST) {
            // The live map held copies: write them back into the Java arrays.
            for (int i = 0; i < params.size(); i++) {
                writeHostMoment(mHost, params.get(i), live.get("state." + i + ".exp_avg"));
                writeHostMoment(vHost, params.get(i), live.get("state." + i + ".exp_avg_sq"));
            }
        }
        t = loadedT;
    }

    private INDArray moment(INDArray[] state, double[][] host, Parameter p) {
        int k = segmentOf(p);
        Segment s = segments.get(k);
        long off = s.offsetOf(p);
        if (path == UpdatePath.HOST) {
            double[] part = java.util.Arrays.copyOfRange(host[k], (int) off, (int) (off + p.size()));
            return Nd4j.create(part, p.value().shape(), DataType.DOUBLE);
        }
        if (s.block() == null) return state[k];
        return state[k].get(NDArrayIndex.interval(off, off + p.size())).reshape('c', p.value().shape());
    }

    private void writeHostMoment(double[][] host, Parameter p, INDArray loaded) {
        int k = segmentOf(p);
        double[] src = HostArrays.toDoubles(loaded);
        System.arraycopy(src, 0, host[k], (int) segments.get(k).offsetOf(p), src.length);
    }

    private int segmentOf(Parameter p) {
        for (int k = 0; k < segments.size(); k++) {
            for (Parameter q : segments.get(k).members()) {
                if (q == p) return k;
            }
        }
        throw new IllegalStateException("parameter " + p.name() + " is in no segment");
    }
}
