package io.rlwb.plugins.morl;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.SyncVecEnv;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.Optimizer;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoSurrogate;
import io.rlwb.engine.rl.PpoUpdate;
import io.rlwb.engine.rl.RolloutCollector;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.rl.vector.VectorAdvantageBatch;
import io.rlwb.engine.rl.vector.VectorCritic;
import io.rlwb.engine.rl.vector.VectorGae;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One policy of the C-MORL population with its own pipeline: vector env, rollout collector, vector critic with
 * per-objective GAE, and the engine's {@link PpoUpdate} whose scalar advantage is {@code sum_j c_j A_j} and whose
 * value term fits the vector critic; the coefficients {@code c} come from a rule the trainer sets (the combiner's
 * gradient at the member's returns in stage 1, the log barrier's gradient in stage 2). Used by one worker thread at
 * a time.
 */
final class Member {
    /** PPO settings shared by every member. */
    record Settings(int numEnvs, int numSteps, double gamma, double lambda, int epochs, int minibatches, double clip,
                    double entCoef, double vfCoef, double maxGradNorm) {}

    final String id;
    final double[] weights;
    final Policy policy;
    final VectorCritic critic;
    private final PpoUpdate update;
    private final RolloutCollector collector;
    private final VectorGae gae;
    private final Settings s;
    final ReturnTracker returns;
    /** The Pareto monitor's evaluation discount: below 1, J is tracked discounted from the batches. */
    private final double evalGamma;
    /** The advantage coefficients for the member's current returns estimate. */
    Function<double[], double[]> coefficients;
    long steps;
    double busySeconds;
    private final Optimizer optimizer;

    Member(String id, double[] weights, Policy policy, VectorCritic critic, OptimizerFactory opt, EnvFactory env,
           Settings s, long seed, double[] initialReturns, double evalGamma) {
        this.id = id;
        this.weights = weights;
        this.policy = policy;
        this.critic = critic;
        this.s = s;
        List<Parameter> all = new ArrayList<>(policy.parameters());
        all.addAll(critic.parameters());
        this.optimizer = opt.create(all);
        this.update = new PpoUpdate(new PpoSurrogate(policy, s.clip(), s.entCoef(), true), s.vfCoef(), all,
                optimizer, s.epochs(), s.minibatches(), s.maxGradNorm(), 0.0,
                new SplittableRandom(seed ^ 0x5DEECE66DL), guard(id, policy.parameters(), critic.parameters()));
        this.collector = new RolloutCollector(new SyncVecEnv(env, s.numEnvs()), policy, s.numSteps(), seed);
        this.gae = new VectorGae(critic, s.gamma(), s.lambda());
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
        int k = va.numObjectives();
        float[] vectorReturns = va.returns();
        PpoUpdate.ValueTerm vectorCritic = (obs, rows) -> {
            float[] ret = new float[rows.length * k];
            for (int q = 0; q < rows.length; q++) System.arraycopy(vectorReturns, rows[q] * k, ret, q * k, k);
            return critic.fitValues(obs, ret, s.vfCoef());
        };
        update.update(va.trajectories(), adv, vectorCritic, Math.max(0, Math.min(1, stageProgress)), local::cancelled, () -> "member " + id);
        steps += (long) b.rows();
        busySeconds += (System.nanoTime() - t0) / 1e9;
    }

    /** Names this member's parameters {@code member[id].policy.l0.W}, {@code member[id].critic.l0.W}. */
    private static DivergenceGuard guard(String id, List<Parameter> policy, List<Parameter> critic) {
        Map<String, List<Parameter>> groups = new LinkedHashMap<>();
        groups.put("member[" + id + "].policy", policy);
        groups.put("member[" + id + "].critic", critic);
        return DivergenceGuard.of(groups);
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
}
