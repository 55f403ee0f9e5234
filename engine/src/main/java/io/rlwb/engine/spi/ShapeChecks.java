package io.rlwb.engine.spi;

import io.rlwb.engine.env.EnvSpec;

/**
 * Shape checks for node types' inference functions, where the shape on a port is the {@link EnvSpec} of the
 * environment its values belong to. Each reports its problem on the port and returns what it found.
 */
public final class ShapeChecks {
    private ShapeChecks() {}

    /** True when two environment shapes can meet: same observation size, action space and objectives. */
    public static boolean compatible(EnvSpec a, EnvSpec b) {
        return a.obsDim() == b.obsDim() && a.actions().equals(b.actions()) && a.objectives().equals(b.objectives());
    }

    /**
     * Reports a mismatch on {@code port} when the shape arriving there differs from {@code expected}.
     *
     * @param expectedFrom where {@code expected} comes from, for the message ("the environment on 'env'")
     * @return the shape on the port, or null when absent
     */
    public static EnvSpec expectSame(InferContext ctx, PortSpec<?> port, EnvSpec expected, String expectedFrom) {
        EnvSpec got = ctx.inputShape(port, EnvSpec.class);
        if (got != null && expected != null && !compatible(got, expected)) {
            ctx.error(port.name(), "shape mismatch: " + port.name() + " carries " + got.describe() + " but " + expectedFrom
                    + " is " + expected.describe());
        }
        return got;
    }

    /** The shape on {@code port} when its action space is discrete; otherwise reports it and returns null. */
    public static EnvSpec requireDiscrete(InferContext ctx, PortSpec<?> port) {
        EnvSpec s = ctx.inputShape(port, EnvSpec.class);
        if (s != null && !s.actions().discrete()) {
            ctx.error(port.name(), "needs a discrete action space; " + s.describe() + " has " + s.actions());
            return null;
        }
        return s;
    }

    /** The shape on {@code port} when its action space is a box; otherwise reports it and returns null. */
    public static EnvSpec requireBox(InferContext ctx, PortSpec<?> port) {
        EnvSpec s = ctx.inputShape(port, EnvSpec.class);
        if (s != null && s.actions().discrete()) {
            ctx.error(port.name(), "needs a continuous (box) action space; " + s.describe() + " has " + s.actions());
            return null;
        }
        return s;
    }
}
