package io.rlwb.engine.runtime.backend;

import java.util.Locale;

/** What the user asked for: {@code --backend auto|cpu|cuda} or the application's setting. */
public enum BackendChoice {
    /** CUDA when this build has the CUDA backend and a device answers, otherwise the CPU. */
    AUTO,
    /** ND4J's CPU backend; always present. */
    CPU,
    /** ND4J's CUDA backend; refused with the reason when it cannot work here. */
    CUDA;

    /** The lower-case name used on the command line, in settings and in run.json. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto}, {@code cpu} or {@code cuda} (any case); a message naming the choices otherwise. */
    public static BackendChoice parse(String s) {
        if (s != null) {
            for (BackendChoice c : values()) if (c.id().equalsIgnoreCase(s.trim())) return c;
        }
        throw new IllegalArgumentException("backend '" + s + "' is not one of auto, cpu, cuda");
    }
}
