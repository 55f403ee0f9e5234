package io.rlwb.engine.spi;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.VecEnv;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.nn.OptimizerFactory;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PpoLoss;
import io.rlwb.engine.rl.Replicable;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.rl.vector.VectorAdvantageBatch;
import io.rlwb.engine.rl.vector.VectorCritic;

/**
 * The port types and capabilities of the core. Plugins may declare their own types with new ids, and derive
 * these with {@link PortType#with} to offer or need capabilities.
 */
public final class PortTypes {
    private PortTypes() {}

    /** A policy whose {@link Policy.Evaluation#backward} moves its parameters: policy-gradient losses need it. */
    public static final Capability TRAINABLE = Capability.of("trainable",
            "its log-probabilities carry gradients to its parameters");
    /** A component that makes fresh copies of its architecture: population trainers need it. */
    public static final Capability REPLICABLE = Capability.implementing("replicable", Replicable.class,
            "it can make fresh copies of itself");

    public static final PortType<EnvFactory> ENV = PortType.component("env", EnvFactory.class,
            "An environment definition: makes environment instances, knows its spaces");
    public static final PortType<VecEnv> VEC_ENV = PortType.component("vec-env", VecEnv.class,
            "A batch of environment instances stepped together");
    public static final PortType<Policy> POLICY = PortType.component("policy", Policy.class,
            "A stochastic policy");
    public static final PortType<Critic> CRITIC = PortType.component("critic", Critic.class,
            "A state-value function with trainable parameters");
    public static final PortType<PpoLoss> LOSS = PortType.component("loss", PpoLoss.class,
            "PPO's clipped objective over a policy and a critic");
    public static final PortType<OptimizerFactory> OPTIMIZER = PortType.component("optimizer", OptimizerFactory.class,
            "An optimiser that steps parameters along their gradients");
    public static final PortType<TrajectoryBatch> TRAJECTORIES = PortType.data("trajectories", TrajectoryBatch.class,
            "A batch of collected steps: observations, actions, log-probabilities, rewards, ends");
    public static final PortType<AdvantageBatch> ADVANTAGES = PortType.data("advantages", AdvantageBatch.class,
            "Trajectories with advantages, returns and value estimates attached");
    public static final PortType<VectorCritic> VECTOR_CRITIC = PortType.component("vector-critic", VectorCritic.class,
            "A state-value function with one value per reward objective");
    public static final PortType<VectorAdvantageBatch> VECTOR_ADVANTAGES = PortType.data("vector-advantages",
            VectorAdvantageBatch.class, "Trajectories with per-objective advantages, returns and values");
    public static final PortType<WeightedCombiner> COMBINER = PortType.component("combiner", WeightedCombiner.class,
            "A scalarising utility of reward vectors under preference weights");
    public static final PortType<ParetoMonitor> PARETO = PortType.component("pareto", ParetoMonitor.class,
            "A Pareto monitor: evaluates policies into its archive of a multi-objective run, with front metrics");
}
