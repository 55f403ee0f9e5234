package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.Activation;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.ParamSpec;
import java.util.List;

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

    /** Reports a value support whose upper end {@code v_max} does not exceed its lower end {@code v_min}. */
    static void checkSupport(InferContext ctx) {
        if (!(ctx.doubleParam("v_max") > ctx.doubleParam("v_min"))) {
            ctx.error(null, "v_max (" + ctx.doubleParam("v_max") + ") must exceed v_min ("
                    + ctx.doubleParam("v_min") + ")");
        }
    }
}
