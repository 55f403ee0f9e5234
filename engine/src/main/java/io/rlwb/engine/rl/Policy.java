package io.rlwb.engine.rl;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.Parameters;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A stochastic policy with trainable parameters: what flows on a {@code policy} port. */
public interface Policy extends NamedTensors {
    EnvSpec spec();

    List<Parameter> parameters();

    /** The parameters by name (checkpoints); a policy with more state (target copies) adds it. */
    @Override
    default Map<String, INDArray> tensors() {
        return Parameters.tensors(parameters());
    }

    /**
     * Chooses actions for a batch of observations without recording anything for backpropagation.
     *
     * @param obs [batch][obsDim]
     * @param greedy take the most likely action instead of sampling
     * @param actionsOut [batch][actionValues] receives the actions
     * @param logpOut [batch] receives log pi(a|s) of the chosen actions (may be null)
     */
    void act(float[][] obs, boolean greedy, SplittableRandom rng, float[][] actionsOut, float[] logpOut);

    /**
     * Evaluates given actions for training: log-probabilities and entropies per sample, kept for
     * {@link Evaluation#backward}.
     *
     * @param obs [B, obsDim]
     * @param actions [B, actionValues]
     */
    Evaluation evaluate(INDArray obs, INDArray actions);

    /** One forward pass of the policy over a batch, ready to be differentiated once. */
    interface Evaluation {
        /** log pi(a|s), shape [B]. */
        INDArray logProb();

        /** Entropy of pi(.|s), shape [B]. */
        INDArray entropy();

        /** Accumulates into the policy's parameter gradients: d loss / d logProb and d loss / d entropy. */
        void backward(INDArray dLogProb, INDArray dEntropy);
    }
}
