package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A state-value function with trainable parameters: what flows on a {@code critic} port. The critic owns its
 * loss, so a distributional critic (HL-Gauss, C51) plugs into the same port and the same trainer.
 */
public interface Critic extends NamedTensors {
    EnvSpec spec();

    List<Parameter> parameters();

    /** The parameters by name (checkpoints); a critic with more state (target copies) adds it. */
    @Override
    default Map<String, INDArray> tensors() {
        return Parameters.tensors(parameters());
    }

    /** V(s) for a batch, shape [B], without recording anything for backpropagation. */
    INDArray values(INDArray obs);

    /**
     * Computes the value loss toward {@code returns} and accumulates {@code coef} times its gradient into the
     * parameters.
     *
     * @param obs [B, obsDim]
     * @param returns regression targets [B]
     * @param oldValues the values at collection time [B], for clipping
     * @param clip when positive, PPO's clipped value loss with this range; zero for the plain loss
     * @param coef weight of this loss in the total objective
     * @return the loss value (before {@code coef})
     */
    double fitValues(INDArray obs, INDArray returns, INDArray oldValues, double clip, double coef);
}
