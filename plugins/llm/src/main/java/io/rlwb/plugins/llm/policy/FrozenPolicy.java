package io.rlwb.plugins.llm.policy;

import io.rlwb.engine.nn.NamedTensors;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.plugins.llm.text.SequenceBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reference model: a deep copy of a policy's weights taken once and never trained (nothing else holds its
 * arrays). It answers only inference questions, on inference tapes, so no gradient can reach it. Its weights are
 * {@link NamedTensors} for checkpoints only: a resumed run loads the reference it had, which the trained policy can no
 * longer give (ADR 0025).
 */
public final class FrozenPolicy implements NamedTensors {
    private final TransformerPolicy policy;

    FrozenPolicy(TransformerPolicy privateCopy) {
        this.policy = privateCopy;
    }

    /** Per-token log-probabilities {@code [B, T]} of the completion tokens (0 elsewhere); an ND4J array. */
    public INDArray tokenLogProbs(SequenceBatch batch) {
        return policy.tokenLogProbs(Tape.inference(), batch).value();
    }

    /** Logits {@code [B, T, V]}. */
    public INDArray logits(INDArray ids) {
        return policy.logits(Tape.inference(), ids).value();
    }

    public PolicyConfig config() {
        return policy.config();
    }

    /** A generator over the frozen weights (sampling from the reference model). */
    public Generator generator(KvCacheFactory caches) {
        return new Generator(policy, caches);
    }

    /** The frozen weights by the policy's parameter names (views of the live arrays). */
    @Override
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : policy.namedParameters().entrySet()) out.put(e.getKey(), e.getValue().value());
        return out;
    }
}
