package io.rlwb.engine.core;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.spi.InferContext;

/** Shape checks shared by the core node declarations. */
final class Shapes {
    private Shapes() {}

    /** True when two environment shapes can meet: same observation size, action space and objectives. */
    static boolean compatible(EnvSpec a, EnvSpec b) {
        return a.obsDim() == b.obsDim() && a.actions().equals(b.actions()) && a.objectives().equals(b.objectives());
    }

    /**
     * Reports a mismatch on {@code port} when the shape arriving there differs from {@code expected}.
     *
     * @return the shape on the port, or null when absent
     */
    static EnvSpec expectSame(InferContext ctx, String port, EnvSpec expected, String expectedFrom) {
        EnvSpec got = ctx.inputShape(port, EnvSpec.class);
        if (got != null && expected != null && !compatible(got, expected)) {
            ctx.error(port, "shape mismatch: " + port + " carries " + got.describe() + " but " + expectedFrom
                    + " is " + expected.describe());
        }
        return got;
    }
}
