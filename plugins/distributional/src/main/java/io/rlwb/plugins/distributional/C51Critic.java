package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * C51's categorical action-value critic: an MLP from observations to {@code actions x atoms} logits (a softmax
 * per action), with a target copy refreshed by {@link #syncTarget}. Q(s, a) is the mean of action a's
 * distribution. Not thread-safe.
 */
public final class C51Critic implements NamedTensors, io.rlwb.engine.spi.Stateful {
    private final EnvSpec spec;
    private final C51 c51;
    private final Mlp online;
    private final Mlp target;
    private final int actions;
    private final ProbeRecorder probes;

    public C51Critic(EnvSpec spec, int[] hidden, Activation act, C51 c51, long seed, DataType dtype, ProbeRecorder probes) {
        if (!spec.actions().discrete()) {
            throw new IllegalArgumentException("C51 needs a discrete action space, got " + spec.actions());
        }
        this.spec = spec;
        this.c51 = c51;
        this.actions = spec.actions().n();
        this.probes = probes;
        int out = actions * c51.atoms();
        online = new Mlp(spec.obsDim(), hidden, out, act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed, dtype);
        target = new Mlp(spec.obsDim(), hidden, out, act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed, dtype);
        syncTarget();
    }

    public EnvSpec spec() { return spec; }

    public C51 c51() { return c51; }

    public int actions() { return actions; }

    public List<Parameter> parameters() { return online.parameters(); }

    /** {@code online.<param>} and {@code target.<param>}: views of the live weights. */
    @Override
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> out = new LinkedHashMap<>(NamedTensors.prefixed("online", online));
        out.putAll(NamedTensors.prefixed("target", target));
        return out;
    }

    /** Copies the online weights into the target network. */
    public void syncTarget() {
        Parameters.copyValues(target.parameters(), online.parameters());
    }

    /** Online logits [B * actions * atoms], kept for one {@link #backward}. */
    public double[] forward(INDArray obs) { return HostArrays.toDoubles(online.forward(obs)); }

    public double[] predict(INDArray obs) { return HostArrays.toDoubles(online.predict(obs)); }

    public double[] predictTarget(INDArray obs) { return HostArrays.toDoubles(target.predict(obs)); }

    public void backward(double[] dLogits, int b) {
        online.backward(Nd4j.create(dLogits, new long[] {b, (long) actions * c51.atoms()}, online.dataType()), false);
    }

    /** Online logits {@code [B, actions * atoms]} as an array, kept for one {@link #backwardOnDevice} (device path). */
    public INDArray forwardOnDevice(INDArray obs) { return online.forward(obs); }

    /** Target-network logits {@code [B, actions * atoms]} as an array (device path). */
    public INDArray predictTargetOnDevice(INDArray obs) { return target.predict(obs); }

    /** Backpropagates {@code dLogits} ({@code [B, actions * atoms]}) into the online gradients (device path). */
    public void backwardOnDevice(INDArray dLogits) { online.backward(dLogits, false); }

    /** Q(s, a) of every action of row {@code row} from logits. */
    public double[] q(double[] logits, int row) {
        double[] q = new double[actions];
        int n = c51.atoms();
        for (int a = 0; a < actions; a++) q[a] = c51.mean(logits, (row * actions + a) * n);
        return q;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** Publishes the distribution of each probe state's greedy action when due; once per update. */
    void observe(INDArray obs) {
        if (probes == null) return;
        probes.observe(obs, states -> {
            int od = spec.obsDim();
            double[] flat = new double[states.length * od];
            for (int i = 0; i < states.length; i++) System.arraycopy(states[i], 0, flat, i * od, od);
            double[] lg = predict(Nd4j.create(flat, new long[] {states.length, od}, online.dataType()));
            List<ValueDistributionSnapshot.Probe> l = new ArrayList<>();
            int n = c51.atoms();
            for (int i = 0; i < states.length; i++) {
                int a = argmax(q(lg, i));
                double[] p = new double[n];
                Categorical.softmax(lg, (i * actions + a) * n, n, p, 0);
                l.add(ValueDistributionSnapshot.Probe.categorical("s" + i + "/a" + a, states[i], c51.edges(), p, null));
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
