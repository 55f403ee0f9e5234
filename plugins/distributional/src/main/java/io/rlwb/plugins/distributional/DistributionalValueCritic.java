package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.UpdatePath;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.engine.rl.CriticFit;
import io.rlwb.engine.rl.SelfProbingCritic;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A state-value critic whose network outputs a representation of the return distribution (bin logits,
 * quantiles) rather than one number. It plugs into the core's {@code critic} port: {@link #values} gives the
 * distribution's mean to GAE, and {@link #fitValues} fits the distribution to the returns with the
 * subclass's own loss. PPO's value clipping has no counterpart for a distribution loss, so {@code clip} and
 * {@code oldValues} are not used (documented on the node).
 *
 * <p>On the device path ({@link UpdatePath#forBackend()}, chosen at construction; ADR 0031, ADR 0035) the loss and
 * its gradient run as ND4J ops ({@link DistributionalLossOps}) and the values as an ND4J expectation; the one host
 * read of a fit is the loss value, for logging. The host path (the CPU default) computes them in Java.
 */
abstract class DistributionalValueCritic implements SelfProbingCritic {
    private final EnvSpec spec;
    protected final Mlp mlp;
    private final ProbeRecorder probes;
    private UpdatePath path = UpdatePath.forBackend();

    DistributionalValueCritic(EnvSpec spec, int[] hidden, Activation act, int outputs, long seed, DataType dtype,
            ProbeRecorder probes) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.mlp = new Mlp(spec.obsDim(), hidden, outputs, act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed, dtype);
        this.probes = probes;
    }

    /** Expected value of the row of network outputs starting at {@code off}. */
    abstract double valueOf(double[] out, int off);

    /** Loss over a batch of output rows toward scalar targets; writes {@code coef * dLoss/dOut}. */
    abstract double loss(double[] out, double[] targets, double coef, double[] dOut);

    /** The device form of {@link #loss}: a rank-0 tensor over the outputs {@code out} ({@code [B, outputs]}). */
    abstract Tensor lossOnDevice(Tensor out, INDArray returns);

    /** The device form of {@link #valueOf} for every row of {@code out}: {@code [B]}. */
    abstract INDArray valuesOnDevice(INDArray out);

    /** Which path fits and evaluates this critic (tests; the default is {@link UpdatePath#forBackend()}). */
    DistributionalValueCritic onPath(UpdatePath p) {
        this.path = Objects.requireNonNull(p, "path");
        return this;
    }

    /** The telemetry record of one probe state, from its output row. */
    abstract ValueDistributionSnapshot.Probe probe(String label, double[] obs, double[] out, int off);

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public List<Parameter> parameters() {
        return mlp.parameters();
    }

    public Mlp network() {
        return mlp;
    }

    @Override
    public INDArray values(INDArray obs) {
        if (path == UpdatePath.DEVICE) return valuesOnDevice(mlp.predict(obs));
        double[] out = HostArrays.toDoubles(mlp.predict(obs));
        int b = (int) obs.rows();
        int k = mlp.outputSize();
        double[] v = new double[b];
        for (int i = 0; i < b; i++) v[i] = valueOf(out, i * k);
        return Nd4j.create(v, new long[] {b}, mlp.dataType());
    }

    @Override
    public double fitValues(INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef) {
        int b = (int) obs.rows();
        if (path == UpdatePath.DEVICE) return fitOnDevice(obs, returns, coef);
        double[] y = HostArrays.toDoubles(returns);
        if (y.length != b) {
            throw new IllegalArgumentException("returns must have " + b + " values, got " + y.length);
        }
        if (probes != null) probes.observe(obs, this::probeAll);
        return CriticFit.fit(mlp, obs, coef, (out, dOut) -> loss(out, y, coef, dOut));
    }

    private double fitOnDevice(INDArray obs, INDArray returns, double coef) {
        long b = obs.rows();
        if (returns.length() != b) {
            throw new IllegalArgumentException("returns must have " + b + " values, got " + returns.length());
        }
        if (probes != null) probes.observe(obs, this::probeAll);
        return CriticFit.fitOnDevice(mlp, obs, coef, out -> lossOnDevice(out, returns));
    }

    private List<ValueDistributionSnapshot.Probe> probeAll(double[][] states) {
        int od = spec.obsDim();
        double[] flat = new double[states.length * od];
        for (int i = 0; i < states.length; i++) System.arraycopy(states[i], 0, flat, i * od, od);
        double[] out = HostArrays.toDoubles(mlp.predict(Nd4j.create(flat, new long[] {states.length, od}, mlp.dataType())));
        int k = mlp.outputSize();
        java.util.ArrayList<ValueDistributionSnapshot.Probe> l = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) l.add(probe("s" + i, states[i], out, i * k));
        return l;
    }
}
