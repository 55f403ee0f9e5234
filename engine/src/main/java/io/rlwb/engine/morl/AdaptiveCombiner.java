package io.rlwb.engine.morl;

import java.util.List;
import java.util.Map;

/**
 * A {@link WeightedCombiner} whose weights move during training, for trainers that combine a vector reward
 * themselves (GRPO's reward heads) rather than through a trajectory batch: the linear scalarisation
 * {@code u_w(v) = w . v} under the <em>current</em> weights {@link #weights(int)}, which {@link #update} moves after
 * every batch from the batch's per-objective mean rewards. Dynamic weighting ({@link DynamicWeighting}) and
 * Lagrangian constraints ({@link LagrangianConstraints}: weight 1 on the main objective, {@code lambda_i} on each
 * constrained one, 0 elsewhere) are both of this form.
 *
 * <p>Protocol: the trainer calls {@link #bind} once with its objectives' names (which checks the combiner's
 * parameters against them), then per batch {@link #combine} with {@link #weights(int)} for every sample, then
 * {@link #update} once, then logs {@link #metrics()}. Its weights are state: the node that hands it out saves and
 * restores them with the run's checkpoints ({@link io.rlwb.engine.spi.Stateful}), after the trainer has bound it.
 */
public interface AdaptiveCombiner extends WeightedCombiner, io.rlwb.engine.spi.Stateful {
    /**
     * The inference shape a combiner node puts on its {@code combiner} output when no trajectory batch names its
     * objectives: a consumer that knows them (a trainer's reward heads) asks it whether the node's parameters fit,
     * so a mismatch is a validation error rather than a failure at build time.
     */
    @FunctionalInterface
    interface Check {
        /** The problem, naming the combiner's node and parameter, with these objectives; null when they fit. */
        String problem(List<String> objectives);
    }

    /**
     * Names the objectives, in the order of the vectors this combiner will see.
     *
     * @throws IllegalArgumentException naming the node and parameter when a parameter does not fit the objectives
     */
    void bind(List<String> objectives);

    /** Moves the weights after one batch, from its per-objective mean rewards (in {@link #bind} order). */
    void update(double[] batchMeans);

    /**
     * The state after the last update, for the trainer to log: {@code weight_<objective>} for dynamic weighting,
     * {@code lambda_<objective>} per constrained objective for Lagrangian constraints.
     */
    Map<String, Double> metrics();

    @Override
    default double combine(double[] values, double[] weights) {
        return FrontMetrics.dot(values, weights);
    }

    @Override
    default void gradient(double[] values, double[] weights, double[] out) {
        System.arraycopy(weights, 0, out, 0, weights.length);
    }
}
