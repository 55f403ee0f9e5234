package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two action-value networks Q_m(s, a) (input: observation and action concatenated) with a Polyak-averaged
 * target copy of each. With {@code gaussian} each network has two outputs, the mean Q and a raw value whose
 * softplus (plus 1e-4) is the standard deviation of DSAC-T's Gaussian return distribution N(Q, sigma^2); without,
 * one output, SAC's scalar Q. Loss computation belongs to the trainers; this class gives forward and backward
 * passes per member. Not thread-safe.
 */
public final class TwinQCritic implements NamedTensors, io.rlwb.engine.spi.Stateful {
    /** Floor added to softplus so sigma never reaches zero. */
    public static final double SIGMA_FLOOR = 1e-4;

    private final EnvSpec spec;
    private final boolean gaussian;
    private final Mlp[] online = new Mlp[2];
    private final Mlp[] target = new Mlp[2];
    private final List<Parameter> params = new ArrayList<>();
    private final ProbeRecorder probes;
    private final int in;

    public TwinQCritic(EnvSpec spec, int[] hidden, Activation act, boolean gaussian, long seed, DataType dtype,
            ProbeRecorder probes) {
        this.spec = spec;
        this.gaussian = gaussian;
        this.probes = probes;
        this.in = spec.obsDim() + TrajectoryBatch.actionValues(spec);
        for (int m = 0; m < 2; m++) {
            online[m] = new Mlp(in, hidden, outputs(), act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed + 7919L * m, dtype);
            target[m] = new Mlp(in, hidden, outputs(), act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed + 7919L * m, dtype);
            params.addAll(online[m].parameters());
        }
        updateTargets(1.0);
    }

    public EnvSpec spec() { return spec; }

    public boolean gaussian() { return gaussian; }

    /** Outputs per network: 1 (Q) or 2 (mean, raw sigma). */
    public int outputs() { return gaussian ? 2 : 1; }

    /** Parameters of both online networks (member 1 first). */
    public List<Parameter> parameters() { return params; }

    /**
     * {@code q<m>.<param>} for each online network and {@code q<m>_target.<param>} for its Polyak copy
     * ({@code q0.l0.W}, ..., {@code q1_target.l2.b}): views of the live weights.
     */
    @Override
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int m = 0; m < 2; m++) {
            out.putAll(NamedTensors.prefixed("q" + m, online[m]));
            out.putAll(NamedTensors.prefixed("q" + m + "_target", target[m]));
        }
        return out;
    }

    /** Parameters of one online network. */
    public List<Parameter> parameters(int member) { return online[member].parameters(); }

    public int inputSize() { return in; }

    /** {@code [B, obs + act]} from row-major observation and action arrays. */
    public INDArray input(float[] obs, double[] actions, int b) {
        int od = spec.obsDim();
        int ad = in - od;
        float[] x = new float[b * in];
        for (int i = 0; i < b; i++) {
            System.arraycopy(obs, i * od, x, i * in, od);
            for (int j = 0; j < ad; j++) x[i * in + od + j] = (float) actions[i * ad + j];
        }
        return Nd4j.create(x, new long[] {b, in}, 'c').castTo(online[0].dataType());
    }

    /** Online outputs of member m, kept for one {@link #backward}. Row-major [B * outputs]. */
    public double[] forward(int m, INDArray x) {
        return HostArrays.toDoubles(online[m].forward(x));
    }

    /** Online outputs of member m without keeping anything. */
    public double[] predict(int m, INDArray x) {
        return HostArrays.toDoubles(online[m].predict(x));
    }

    /** Target-network outputs of member m. */
    public double[] predictTarget(int m, INDArray x) {
        return HostArrays.toDoubles(target[m].predict(x));
    }

    /**
     * Backpropagates d loss / d outputs through member m's last forward.
     *
     * @return d loss / d action ([B * actDim]) when {@code actionGradient}, else null
     */
    public double[] backward(int m, double[] dOut, boolean actionGradient) {
        int b = dOut.length / outputs();
        INDArray g = online[m].backward(Nd4j.create(dOut, new long[] {b, outputs()}, online[m].dataType()), actionGradient);
        if (!actionGradient) return null;
        return actionPart(g, b);
    }

    /**
     * d loss / d action ([B * actDim]) through member m's last forward, leaving its parameter gradients untouched
     * ({@link Mlp#inputGradient}: no weight or bias products). For the actor's loss, whose critic gradients the
     * critic's next update would zero anyway (ADR 0030).
     */
    public double[] actionGradient(int m, double[] dOut) {
        int b = dOut.length / outputs();
        return actionPart(online[m].inputGradient(Nd4j.create(dOut, new long[] {b, outputs()}, online[m].dataType())), b);
    }

    /** The action columns of an input gradient {@code g} [B, obsDim + actDim], row-major. */
    private double[] actionPart(INDArray g, int b) {
        double[] dx = HostArrays.toDoubles(g);
        int od = spec.obsDim();
        int ad = in - od;
        double[] da = new double[b * ad];
        for (int i = 0; i < b; i++) System.arraycopy(dx, i * in + od, da, i * ad, ad);
        return da;
    }

    /** {@code [B, obs + act]} from arrays already in ND4J (the device path, ADR 0031): one concatenation op. */
    public INDArray input(INDArray obs, INDArray actions) {
        return Nd4j.hstack(obs.castTo(online[0].dataType()), actions.castTo(online[0].dataType()));
    }

    /** Online outputs of member m, {@code [B, outputs]}, kept for one {@link #backwardOnDevice} (device path). */
    public INDArray forwardOnDevice(int m, INDArray x) {
        return online[m].forward(x);
    }

    /** Target-network outputs of member m, {@code [B, outputs]}, a new array (device path). */
    public INDArray predictTargetOnDevice(int m, INDArray x) {
        return target[m].predict(x);
    }

    /**
     * As {@link #backward} with arrays (device path): backpropagates {@code dOut} ({@code [B, outputs]}) through
     * member m's last forward.
     *
     * @return d loss / d action {@code [B, actDim]} (a new array) when {@code actionGradient}, else null
     */
    public INDArray backwardOnDevice(int m, INDArray dOut, boolean actionGradient) {
        INDArray g = online[m].backward(dOut, actionGradient);
        if (!actionGradient) return null;
        return g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(spec.obsDim(), in)).dup();
    }

    /**
     * As {@link #actionGradient} with arrays (device path): d loss / d action {@code [B, actDim]} (a new array)
     * through member m's last forward, leaving its parameter gradients untouched.
     */
    public INDArray actionGradientOnDevice(int m, INDArray dOut) {
        return online[m].inputGradient(dOut).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(spec.obsDim(), in)).dup();
    }

    /**
     * target = tau * online + (1 - tau) * target, for every parameter (tau = 1 copies): ND4J ops over each
     * network's parameter block, in double precision rounded once (as the plain-Java loop before it).
     */
    public void updateTargets(double tau) {
        for (int m = 0; m < 2; m++) Parameters.polyak(target[m].parameters(), online[m].parameters(), tau);
    }

    /** sigma = softplus(raw) + floor. */
    public static double sigma(double raw) {
        return (raw > 30 ? raw : Math.log1p(Math.exp(raw))) + SIGMA_FLOOR;
    }

    /** d sigma / d raw = logistic(raw). */
    public static double dSigma(double raw) {
        return 1 / (1 + Math.exp(-raw));
    }

    /** Publishes member 1's prediction at the probe (s, a) rows when due; called once per critic update. */
    void observe(INDArray x) {
        if (probes == null) return;
        probes.observe(x, states -> {
            double[] flat = new double[states.length * in];
            for (int i = 0; i < states.length; i++) System.arraycopy(states[i], 0, flat, i * in, in);
            double[] out = predict(0, Nd4j.create(flat, new long[] {states.length, in}, online[0].dataType()));
            List<ValueDistributionSnapshot.Probe> l = new ArrayList<>();
            for (int i = 0; i < states.length; i++) {
                l.add(gaussian
                        ? ValueDistributionSnapshot.Probe.gaussian("s" + i, states[i], out[2 * i], sigma(out[2 * i + 1]), null)
                        : ValueDistributionSnapshot.Probe.scalar("s" + i, states[i], out[i], null));
            }
            return l;
        });
    }

    /** State (ADR 0020): online and target networks ({@link #tensors()}). */
    @Override
    public void saveState(io.rlwb.engine.spi.StateWriter out) {
        out.tensors("net", this);
    }

    @Override
    public void restoreState(io.rlwb.engine.spi.StateReader in) {
        in.load("net", this);
    }
}
