package io.rlwb.plugins.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.GradClip;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoLoss;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.rl.vector.VectorAdvantageBatch;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.rl.vector.VectorGae;
import io.rlwb.engine.spi.RunServices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One policy of the C-MORL population with its own pipeline: vector env, rollout collector, vector critic with
 * per-objective GAE, and a PPO update whose scalar advantage is {@code sum_j c_j A_j}; the coefficients {@code c}
 * come from a rule the trainer sets (the combiner's gradient at the member's returns in stage 1, the log barrier's
 * gradient in stage 2). The policy-gradient part is the engine's {@link PpoLoss} (its critic term disabled); the
 * vector critic fits its own loss. Used by one worker thread at a time.
 */
final class Member {
    /** PPO settings shared by every member. */
    record Settings(int numEnvs, int numSteps, double gamma, double lambda, int epochs, int minibatches, double clip,
                    double entCoef, double vfCoef, double maxGradNorm) {}

    final String id;
    final double[] weights;
    final Policy policy;
    final VectorCritic critic;
    private final Optimizer optimizer;
    private final PpoLoss surrogate;
    private final List<Parameter> all;
    private final RolloutCollector collector;
    private final VectorGae gae;
    private final Settings s;
    private final SplittableRandom rng;
    final ReturnTracker returns;
    /** The Pareto monitor's evaluation discount: below 1, J is tracked discounted from the batches. */
    private final double evalGamma;
    /** The advantage coefficients for the member's current returns estimate. */
    Function<double[], double[]> coefficients;
    long steps;
    double busySeconds;

    Member(String id, double[] weights, Policy policy, VectorCritic critic, OptimizerFactory opt, EnvFactory env,
           Settings s, long seed, double[] initialReturns, double evalGamma) {
        this.id = id;
        this.weights = weights;
        this.policy = policy;
        this.critic = critic;
        this.s = s;
        this.surrogate = new PpoLoss(policy, NO_CRITIC, s.clip(), 0.0, s.entCoef(), false, true);
        this.all = new ArrayList<>(policy.parameters());
        all.addAll(critic.parameters());
        this.optimizer = opt.create(all);
        this.collector = new RolloutCollector(new SyncVecEnv(env, s.numEnvs()), policy, s.numSteps(), seed);
        this.gae = new VectorGae(critic, s.gamma(), s.lambda());
        this.rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.returns = new ReturnTracker(env.spec().numObjectives(), 20, initialReturns);
        this.evalGamma = evalGamma;
    }

    /**
     * One PPO iteration: collect, estimate per objective, combine, update.
     *
     * @param stageProgress how far this member is through its stage's step target, 0 to 1: an annealing optimiser
     *     decays its learning rate over it, as a PPO run does over its budget
     */
    void iterate(LocalRun local, double stageProgress) {
        long t0 = System.nanoTime();
        TrajectoryBatch b = collector.collect(local);
        if (evalGamma < 1.0) returns.observe(b, evalGamma);
        VectorAdvantageBatch va = gae.estimate(b);
        float[] adv = va.combine(coefficients.apply(returns.mean()));
        update(va, adv, Math.max(0, Math.min(1, stageProgress)));
        steps += (long) b.rows();
        busySeconds += (System.nanoTime() - t0) / 1e9;
    }

    private void update(VectorAdvantageBatch va, float[] adv, double progress) {
        TrajectoryBatch tb = va.trajectories();
        int rows = tb.rows(), od = tb.spec.obsDim(), ad = TrajectoryBatch.actionValues(tb.spec), k = va.numObjectives();
        int mb = Math.max(1, rows / s.minibatches());
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) idx[i] = i;
        float[] obs = new float[mb * od], act = new float[mb * ad], oldLogp = new float[mb], a = new float[mb];
        float[] ret = new float[mb * k];
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = rows - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            for (int start = 0; start + mb <= rows; start += mb) {
                for (int q = 0; q < mb; q++) {
                    int r = idx[start + q];
                    System.arraycopy(tb.obs, r * od, obs, q * od, od);
                    System.arraycopy(tb.actions, r * ad, act, q * ad, ad);
                    System.arraycopy(va.returns(), r * k, ret, q * k, k);
                    oldLogp[q] = tb.logProb[r];
                    a[q] = adv[r];
                }
                Parameters.zeroGrad(all);
                INDArray o = Nd4j.create(obs, new long[] {mb, od}, 'c');
                PpoLoss.Stats st = surrogate.step(o, Nd4j.create(act, new long[] {mb, ad}, 'c'), oldLogp, a,
                        Nd4j.zeros(DataType.FLOAT, mb), Nd4j.zeros(DataType.FLOAT, mb));
                double v = critic.fitValues(o, ret, s.vfCoef());
                if (!Double.isFinite(st.loss()) || !Double.isFinite(v)) {
                    throw new IllegalStateException("member " + id + ": loss is not finite (policy " + st.policyLoss()
                            + ", value " + v + "); try a lower learning rate");
                }
                GradClip.clipGradNorm(all, s.maxGradNorm());
                optimizer.step(progress);
            }
        }
    }

    /** The learning rate of this member's last optimiser step. */
    double learningRate() {
        return optimizer.currentLearningRate();
    }

    /** Copies another member's parameters into this one (an extension starts from its parent). */
    void copyFrom(Member parent) {
        copy(parent.policy.parameters(), policy.parameters());
        copy(parent.critic.parameters(), critic.parameters());
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        Parameters.copyValues(to, from);
    }

    /** A critic with no parameters and no loss: the PPO surrogate's value term is the vector critic's job here. */
    private static final Critic NO_CRITIC = new Critic() {
        @Override public EnvSpec spec() { return null; }

        @Override public List<Parameter> parameters() { return List.of(); }

        @Override public INDArray values(INDArray obs) { return Nd4j.zeros(DataType.FLOAT, obs.rows()); }

        @Override public double fitValues(INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef) {
            return 0.0;
        }
    };

}
