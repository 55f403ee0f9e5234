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

    /**
     * A new batch with every reward, scalar and vector, scaled and clipped. The input batch is left as it is: other
     * nodes may be wired to the same output and must see what the collector produced.
     */
    static TrajectoryBatch scaled(TrajectoryBatch b, double scale, double clip) {
        return b.withRewards(scale(b.rewards, scale, clip), scale(b.rewardVectors, scale, clip));
    }

    private static float[] scale(float[] values, double scale, double clip) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) Math.max(-clip, Math.min(clip, values[i] * scale));
        }
        return out;
    }
}
