package io.rlwb.plugins.example;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.function.Supplier;

/**
 * A data node between a collector and an estimator: multiplies every reward by {@code scale} and clips it to
 * [-clip, clip]. Small on purpose: it is the worked example of docs/plugins.md.
 */
public final class RewardScaleNode {
    private RewardScaleNode() {}

    /** Each port is declared once and used by the declaration, the inference and the factory. */
    static final PortSpec<TrajectoryBatch> IN = PortSpec.in("batch", PortTypes.TRAJECTORIES, "Collected steps");
    static final PortSpec<TrajectoryBatch> OUT = PortSpec.out("batch", PortTypes.TRAJECTORIES,
            "The same steps, rewards scaled");

    public static final NodeType TYPE = NodeType.builder("example/reward.scale", 1)
            .category("Data").displayName("Reward scale")
            .description("Multiplies rewards by a constant and clips them, before advantages are estimated.")
            .input(IN)
            .output(OUT)
            .param(ParamSpec.ofFloat("scale", 0.1, -1e6, 1e6, "", "Factor applied to every reward"))
            .param(ParamSpec.ofFloat("clip", 10.0, 0.0, 1e9, "", "Scaled rewards are clipped to [-clip, clip]"))
            .infer(ctx -> {
                EnvSpec s = ctx.inputShape(IN, EnvSpec.class);
                if (s != null) ctx.outputShape(OUT, s);
            })
            .factory(ctx -> {
                Supplier<TrajectoryBatch> in = ctx.data(IN);
                double scale = ctx.doubleParam("scale");
                double clip = ctx.doubleParam("clip");
                return NodeInstance.ofData(OUT, () -> scaled(in.get(), scale, clip));
            })
            .build();

    /** Scales in place: the collector makes a fresh batch every iteration and nothing else holds it. */
    static TrajectoryBatch scaled(TrajectoryBatch b, double scale, double clip) {
        for (int i = 0; i < b.rewards.length; i++) {
            b.rewards[i] = (float) Math.max(-clip, Math.min(clip, b.rewards[i] * scale));
        }
        return b;
    }
}
