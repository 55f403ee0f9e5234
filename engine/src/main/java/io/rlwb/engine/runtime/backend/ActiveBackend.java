package io.rlwb.engine.runtime.backend;

/**
 * The selection this process started with, for the status bar and run.json; empty until a command line or the
 * application has chosen (tests that never choose run on whatever ND4J loads by itself).
 */
public final class ActiveBackend {
    private static volatile BackendSelection current;

    private ActiveBackend() {}

    /** The selection made at start, or {@code null}. */
    public static BackendSelection get() {
        return current;
    }

    /** Records the selection in force; {@link BackendPlatform#activate} calls it. */
    public static void set(BackendSelection s) {
        current = s;
    }
}
