package io.rlwb.engine.spi;

/** The port types of the core. Plugins may declare their own with new ids. */
public final class PortTypes {
    private PortTypes() {}

    public static final PortType ENV = new PortType("env", PortKind.COMPONENT,
            "An environment definition: makes environment instances, knows its spaces");
    public static final PortType VEC_ENV = new PortType("vec-env", PortKind.COMPONENT,
            "A batch of environment instances stepped together");
    public static final PortType POLICY = new PortType("policy", PortKind.COMPONENT,
            "A stochastic policy with trainable parameters");
    public static final PortType CRITIC = new PortType("critic", PortKind.COMPONENT,
            "A state-value function with trainable parameters");
    public static final PortType LOSS = new PortType("loss", PortKind.COMPONENT,
            "A differentiable objective over a batch");
    public static final PortType OPTIMIZER = new PortType("optimizer", PortKind.COMPONENT,
            "An optimiser that steps parameters along their gradients");
    public static final PortType TRAJECTORIES = new PortType("trajectories", PortKind.DATA,
            "A batch of collected steps: observations, actions, log-probabilities, rewards, ends");
    public static final PortType ADVANTAGES = new PortType("advantages", PortKind.DATA,
            "Trajectories with advantages, returns and value estimates attached");
    public static final PortType VECTOR_CRITIC = new PortType("vector-critic", PortKind.COMPONENT,
            "A state-value function with one value per reward objective");
    public static final PortType VECTOR_ADVANTAGES = new PortType("vector-advantages", PortKind.DATA,
            "Trajectories with per-objective advantages, returns and values");
    public static final PortType COMBINER = new PortType("combiner", PortKind.COMPONENT,
            "A scalarising utility of reward vectors under preference weights");
    public static final PortType PARETO = new PortType("pareto", PortKind.COMPONENT,
            "A Pareto monitor: evaluates policies into its archive of a multi-objective run, with front metrics");
}
