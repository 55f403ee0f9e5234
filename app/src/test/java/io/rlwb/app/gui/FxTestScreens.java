package io.rlwb.app.gui;

import io.rlwb.app.gui.palette.FxTestSupport;
import java.nio.file.Path;
import javafx.scene.Node;

/** Saves a window's screenshot from tests of this package (into {@link FxTestSupport#screenshotDir()}). */
final class FxTestScreens {
    private FxTestScreens() {}

    static Path save(Node inScene, String name) throws Exception {
        return FxTestSupport.screenshot(inScene.getScene(), name);
    }
}
