package io.rlwb.engine.testkit;

import io.rlwb.engine.nn.UpdatePath;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs test code with an update path forced through {@link UpdatePath#PROPERTY} (so networks, zeroing, Adam,
 * guards and heads built or called inside all take it, as on a CUDA backend), and restores the property after.
 */
public final class ForcedPath {
    private ForcedPath() {}

    /** A body that may throw, as a test method does. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** {@code body}'s value, computed with {@code path} forced. */
    public static <T> T on(UpdatePath path, Supplier<T> body) {
        String before = System.getProperty(UpdatePath.PROPERTY);
        System.setProperty(UpdatePath.PROPERTY, path.name().toLowerCase(Locale.ROOT));
        try {
            return body.get();
        } finally {
            if (before == null) System.clearProperty(UpdatePath.PROPERTY);
            else System.setProperty(UpdatePath.PROPERTY, before);
        }
    }

    /** Runs {@code body} with {@code path} forced. */
    public static void run(UpdatePath path, Body body) throws Exception {
        String before = System.getProperty(UpdatePath.PROPERTY);
        System.setProperty(UpdatePath.PROPERTY, path.name().toLowerCase(Locale.ROOT));
        try {
            body.run();
        } finally {
            if (before == null) System.clearProperty(UpdatePath.PROPERTY);
            else System.setProperty(UpdatePath.PROPERTY, before);
        }
    }
}
