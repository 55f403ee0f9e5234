package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.RunServices;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The epsilon-greedy policy of a C51 critic: with probability epsilon a uniform action, otherwise the action with
 * the largest expected Q. Epsilon falls linearly from {@code startE} to {@code endE} over the first
 * {@code fraction} of the env_steps budget (CleanRL's schedule); greedy acting (evaluation) never explores.
 * It has no parameters of its own: it is trained by training the critic.
 */
public final class EpsilonGreedyPolicy implements Policy {
    private final C51Critic critic;
    private final RunServices run;
    private final double startE;
    private final double endE;
    private final double fraction;

    public EpsilonGreedyPolicy(C51Critic critic, RunServices run, double startE, double endE, double fraction) {
        this.critic = critic;
        this.run = run;
        this.startE = startE;
        this.endE = endE;
        this.fraction = fraction;
    }

    @Override public EnvSpec spec() { return critic.spec(); }

    @Override public List<Parameter> parameters() { return List.of(); }

    /** The current exploration rate. */
    public double epsilon() {
        if (run == null) return endE;
        double duration = fraction * run.budget("env_steps", 100_000);
        double slope = (endE - startE) / Math.max(1.0, duration);
        return Math.max(endE, startE + slope * run.envSteps());
    }

    @Override
    public void act(float[][] obs, boolean greedy, SplittableRandom rng, float[][] actionsOut, float[] logpOut) {
        int b = obs.length;
        int od = critic.spec().obsDim();
        int na = critic.actions();
        float[] flat = new float[b * od];
        for (int i = 0; i < b; i++) System.arraycopy(obs[i], 0, flat, i * od, od);
        double[] lg = critic.predict(Nd4j.create(flat, new long[] {b, od}, 'c'));
        double eps = greedy ? 0 : epsilon();
        for (int i = 0; i < b; i++) {
            int best = C51Critic.argmax(critic.q(lg, i));
            int a = eps > 0 && rng.nextDouble() < eps ? rng.nextInt(na) : best;
            actionsOut[i][0] = a;
            if (logpOut != null) logpOut[i] = (float) Math.log((a == best ? 1 - eps : 0) + eps / na);
        }
    }

    /**
     * Log-probabilities of given actions under the current epsilon-greedy distribution and its entropy. Both are
     * piecewise constant in the critic's weights (the argmax), so their gradient is zero and backward adds nothing.
     */
    @Override
    public Evaluation evaluate(INDArray obs, INDArray actions) {
        int b = (int) obs.rows();
        float[] flat = obs.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int od = critic.spec().obsDim();
        double[] lg = critic.predict(Nd4j.create(flat, new long[] {b, od}, 'c'));
        double eps = epsilon();
        int na = critic.actions();
        double[] a = actions.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] lp = new double[b];
        double[] h = new double[b];
        double pBest = 1 - eps + eps / na;
        double pOther = eps / na;
        double ent = -(pBest * Math.log(pBest) + (pOther > 0 ? (na - 1) * pOther * Math.log(pOther) : 0));
        for (int i = 0; i < b; i++) {
            int best = C51Critic.argmax(critic.q(lg, i));
            lp[i] = Math.log((int) a[i] == best ? pBest : pOther);
            h[i] = ent;
        }
        INDArray logProb = Nd4j.createFromArray(lp);
        INDArray entropy = Nd4j.createFromArray(h);
        return new Evaluation() {
            @Override public INDArray logProb() { return logProb; }

            @Override public INDArray entropy() { return entropy; }

            @Override public void backward(INDArray dLogProb, INDArray dEntropy) {}
        };
    }
}
