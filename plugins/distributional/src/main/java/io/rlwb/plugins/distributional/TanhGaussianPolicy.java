package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.nn.Init;
import io.rlwb.engine.nn.Mlp;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.rl.Policy;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SAC's actor: an {@link Mlp} from observations to the means and raw log-stds of a {@link SquashedGaussian}
 * over a box action space. Acting samples {@code scale tanh(mu + sigma eps) + bias}; greedy acting takes
 * {@code scale tanh(mu) + bias}. Off-policy trainers use {@link #sample} and {@link #backward} for the
 * reparameterised gradient. Not thread-safe.
 */
public final class TanhGaussianPolicy implements Policy {
    private final EnvSpec spec;
    private final Mlp mlp;
    private final SquashedGaussian dist;
    private final int d;

    public TanhGaussianPolicy(EnvSpec spec, int[] hidden, Activation act, long seed, DataType dtype) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (spec.actions().discrete()) {
            throw new IllegalArgumentException("a tanh-Gaussian policy needs a box action space, got " + spec.actions());
        }
        this.d = spec.actions().dim();
        this.mlp = new Mlp(spec.obsDim(), hidden, 2 * d, act, Init.HIDDEN_GAIN, Init.CRITIC_OUTPUT_GAIN, seed, dtype);
        this.dist = new SquashedGaussian(d, spec.actions().low(), spec.actions().high());
    }

    @Override public EnvSpec spec() { return spec; }

    @Override public List<Parameter> parameters() { return mlp.parameters(); }

    public Mlp network() { return mlp; }

    public SquashedGaussian distribution() { return dist; }

    @Override
    public void act(float[][] obs, boolean greedy, SplittableRandom rng, float[][] actionsOut, float[] logpOut) {
        int b = obs.length;
        int od = spec.obsDim();
        float[] flat = new float[b * od];
        for (int i = 0; i < b; i++) System.arraycopy(obs[i], 0, flat, i * od, od);
        double[] out;
        if (mlp.hostForward(b)) {
            // CPU backend: the forward pass in Java (Mlp.predictHost), cheaper than ND4J's ops at batch 1.
            float[] o = new float[b * 2 * d];
            mlp.predictHost(flat, b, o);
            out = new double[o.length];
            for (int i = 0; i < o.length; i++) out[i] = o[i];
        } else {
            out = HostArrays.toDoubles(mlp.predict(Nd4j.create(flat, new long[] {b, od}, 'c')));
        }
        SquashedGaussian.Sample s = dist.sample(out, greedy ? null : noise(rng, b));
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) actionsOut[i][j] = (float) s.action[i * d + j];
            if (logpOut != null) logpOut[i] = (float) s.logp[i];
        }
    }

    /** Standard normal noise for a batch of {@code b} rows. */
    public double[] noise(SplittableRandom rng, int b) {
        double[] e = new double[b * d];
        for (int i = 0; i < e.length; i++) e[i] = rng.nextGaussian();
        return e;
    }

    /**
     * A reparameterised sample for a batch; with {@code train} the forward pass is kept for one
     * {@link #backward}.
     */
    public SquashedGaussian.Sample sample(INDArray obs, SplittableRandom rng, boolean train) {
        INDArray o = train ? mlp.forward(obs) : mlp.predict(obs);
        return dist.sample(HostArrays.toDoubles(o), noise(rng, (int) obs.rows()));
    }

    /** Accumulates parameter gradients from d loss / d action and d loss / d log pi of the last train sample. */
    public void backward(SquashedGaussian.Sample s, double[] dAction, double[] dLogp) {
        double[] dOut = dist.backward(s, dAction, dLogp);
        mlp.backward(Nd4j.create(dOut, new long[] {s.logp.length, 2 * d}, mlp.dataType()), false);
    }

    /**
     * log pi of given actions (inverting the squash) and the entropy of the Gaussian before the squash (the
     * squashed distribution's entropy has no closed form; SAC itself never uses this path).
     */
    @Override
    public Evaluation evaluate(INDArray obs, INDArray actions) {
        double[] out = HostArrays.toDoubles(mlp.forward(obs));
        double[] act = HostArrays.toDoubles(actions);
        double[][] lp = dist.logProbOf(out, act);
        double[][] ent = dist.baseEntropy(out);
        int b = lp.length;
        double[] l = new double[b];
        double[] h = new double[b];
        for (int i = 0; i < b; i++) {
            l[i] = lp[i][0];
            h[i] = ent[i][0];
        }
        INDArray logProb = Nd4j.create(l, new long[] {b}, mlp.dataType());
        INDArray entropy = Nd4j.create(h, new long[] {b}, mlp.dataType());
        return new Evaluation() {
            @Override public INDArray logProb() { return logProb; }

            @Override public INDArray entropy() { return entropy; }

            @Override public void backward(INDArray dLogProb, INDArray dEntropy) {
                double[] gl = HostArrays.toDoubles(dLogProb);
                double[] ge = HostArrays.toDoubles(dEntropy);
                double[] dOut = new double[b * 2 * d];
                for (int i = 0; i < b; i++) {
                    for (int k = 0; k < 2 * d; k++) dOut[i * 2 * d + k] = gl[i] * lp[i][1 + k] + ge[i] * ent[i][1 + k];
                }
                mlp.backward(Nd4j.create(dOut, new long[] {b, 2 * d}, mlp.dataType()), false);
            }
        };
    }
}
