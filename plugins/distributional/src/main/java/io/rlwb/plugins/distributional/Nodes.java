package io.rlwb.plugins.distributional;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by this plugin's node declarations. */
final class Nodes {
    private Nodes() {}

    static ParamSpec hidden(int a, int b) {
        return ParamSpec.ofIntList("hidden", List.of(a, b), 1, 4096, "units", "Hidden layer sizes");
    }

    static ParamSpec activationParam(String def) {
        return ParamSpec.ofChoice("activation", def, List.of("tanh", "relu"), "Hidden-layer activation");
    }

    static Activation activation(String name) {
        return "relu".equals(name) ? Activation.RELU : Activation.TANH;
    }

    static ParamSpec probes() {
        return ParamSpec.ofInt("probes", 4, 0, 64, "states",
                "Probe states whose predicted distribution is published as telemetry (0: none)");
    }

    static ParamSpec snapshotEvery() {
        return ParamSpec.ofInt("snapshot_every", 256, 1, Integer.MAX_VALUE, "updates",
                "Critic updates between two value-distribution snapshots");
    }

    /** True when two environment shapes can meet: same observation size, action space and objectives. */
    static boolean compatible(EnvSpec a, EnvSpec b) {
        return a.obsDim() == b.obsDim() && a.actions().equals(b.actions()) && a.objectives().equals(b.objectives());
    }

    /** Reports a shape mismatch on {@code port} against {@code expected}; returns the shape there. */
    static EnvSpec expectSame(InferContext ctx, String port, EnvSpec expected, String expectedFrom) {
        EnvSpec got = ctx.inputShape(port, EnvSpec.class);
        if (got != null && expected != null && !compatible(got, expected)) {
            ctx.error(port, "shape mismatch: " + port + " carries " + got.describe() + " but " + expectedFrom
                    + " is " + expected.describe());
        }
        return got;
    }

    static EnvSpec requireDiscrete(InferContext ctx, String port) {
        EnvSpec s = ctx.inputShape(port, EnvSpec.class);
        if (s != null && !s.actions().discrete()) {
            ctx.error(port, "needs a discrete action space; " + s.describe() + " has " + s.actions());
            return null;
        }
        return s;
    }

    static EnvSpec requireBox(InferContext ctx, String port) {
        EnvSpec s = ctx.inputShape(port, EnvSpec.class);
        if (s != null && s.actions().discrete()) {
            ctx.error(port, "needs a continuous (box) action space; " + s.describe() + " has " + s.actions());
            return null;
        }
        return s;
    }

    /** An instance with one component output, checkpointing the given parameters. */
    static NodeInstance component(String port, Object value, List<Parameter> params) {
        return new NodeInstance() {
            @Override public Object component(String p) {
                if (!p.equals(port)) throw new IllegalArgumentException("no component output '" + p + "'");
                return value;
            }

            @Override public Map<String, float[]> checkpoint() {
                Map<String, float[]> m = new LinkedHashMap<>();
                for (Parameter pa : params) {
                    String key = pa.name();
                    for (int k = 2; m.containsKey(key); k++) key = pa.name() + "#" + k; // twin networks share names
                    m.put(key, pa.value().dup().data().asFloat());
                }
                return m;
            }
        };
    }
}
