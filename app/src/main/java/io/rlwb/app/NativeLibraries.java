package io.rlwb.app;

import io.rlwb.engine.runtime.Backend;

/**
 * Loads ND4J's native libraries before JavaFX starts (ADR 0009). JavaCPP resolves symbols with {@code dlsym} from
 * inside a {@code dl_iterate_phdr} callback; if JavaFX {@code dlopen}s one of its own libraries (the Pango font
 * library, at the first text layout) on another thread at that moment, the two threads take glibc's two loader
 * locks in opposite orders and the process hangs for good, before the window shows. Loading ND4J first, on the
 * thread that then starts JavaFX, leaves nothing to overlap.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    private static volatile boolean loaded;

    /** Whether {@link #loadBeforeUi} has run. */
    static boolean loaded() {
        return loaded;
    }

    /** Initialises the ND4J backend once; a failure is left for the backend label to report in the window. */
    public static void loadBeforeUi() {
        if (loaded) return;
        try {
            Backend.label();
        } catch (Throwable e) {
            // The status bar shows "backend unavailable: ..." when the background label lookup fails again.
        }
        loaded = true;
    }
}
