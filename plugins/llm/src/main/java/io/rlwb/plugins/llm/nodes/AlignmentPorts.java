package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.PortType;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;

/**
 * Port types of the alignment nodes ({@link AlignmentNodes}); their ids are stable.
 *
 * <ul>
 *   <li>{@link #REWARD_VECTOR} {@code reward-vector}: the heads of a language policy's vector reward
 *       ({@link RewardHeads}). Head nodes chain (each appends its head to the vector on its optional
 *       {@code vector} input); a trainer scores completions with every head and combines the vector with the
 *       engine combiner wired into its {@code combiner} input. Inference shape: the heads' names, a
 *       {@code List<String>}.</li>
 *   <li>{@link #ADVANTAGE_ESTIMATOR} {@code advantage-estimator}: turns group rewards into per-token advantages
 *       (GRPO's group-relative one when nothing is wired; TEMPO's from {@code llm/tempo}).</li>
 * </ul>
 */
public final class AlignmentPorts {
    private AlignmentPorts() {}

    public static final PortType<RewardHeads> REWARD_VECTOR = PortType.component("reward-vector", RewardHeads.class,
            "The heads of a vector reward for language completions (correctness, format, brevity, safety...)");
    public static final PortType<AdvantageEstimator> ADVANTAGE_ESTIMATOR = PortType.component("advantage-estimator",
            AdvantageEstimator.class, "Turns the rewards of groups of completions into per-token advantages");
}
