package io.rlwb.engine.rl.vector;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A vector-valued state-value function: one value per reward objective, {@code V(s) in R^k}. What flows on a
 * {@code vector-critic} port. Like {@link io.rlwb.engine.rl.Critic} it owns its loss.
 */
public interface VectorCritic extends NamedTensors {
    EnvSpec spec();

    /** Number of value heads, equal to the environment's number of objectives. */
    default int numObjectives() {
        return spec().numObjectives();
    }

    List<Parameter> parameters();

    /** The parameters by name (checkpoints); a critic with more state (target copies) adds it. */
    @Override
    default Map<String, INDArray> tensors() {
        return Parameters.tensors(parameters());
    }

    /** V(s) for a batch, row-major [B * k], without recording anything for backpropagation. */
    float[] values(INDArray obs);

    /**
     * Computes the value loss toward {@code returns} ([B * k], row-major) and accumulates {@code coef} times its
     * gradient into the parameters.
     *
     * @return the loss value (before {@code coef})
     */
    double fitValues(INDArray obs, float[] returns, double coef);

    /** A fresh critic of the same architecture with its own initial weights (population trainers use it). */
    VectorCritic replicate(long seed);
}
