package io.rlwb.app;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Loads ND4J's native libraries before the first test class starts (registered for every class by extension
 * auto-detection, src/test/resources/junit-platform.properties), so no test starts the JavaFX toolkit while ND4J is
 * still loading: the loader-lock deadlock {@link NativeLibraries} describes.
 */
public final class NativeLibrariesFirst implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        NativeLibraries.loadBeforeUi();
    }
}
