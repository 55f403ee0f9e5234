package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.files.AppSettings;
import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.RadioMenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Run > Compute backend: shows the stored choice and stores a new one for the next start. */
@ExtendWith(ApplicationExtension.class)
class BackendMenuTest {
    @TempDir
    static Path tmp;
    private AppSettings settings;
    private Menu menu;

    @Start
    void start(Stage stage) throws Exception {
        settings = new AppSettings(tmp.resolve("settings.json"));
        settings.setBackend(BackendChoice.CPU);
        menu = MainMenus.backendMenu(settings);
        stage.setScene(new Scene(new MenuBar(menu), 300, 100));
        stage.show();
    }

    private RadioMenuItem item(String id) {
        return (RadioMenuItem) menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    @Test
    void showsTheStoredChoiceAndStoresANewOne() throws Exception {
        assertThat(WaitForAsyncUtils.asyncFx(() -> item("backend-cpu").isSelected()).get(HangGuard.SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(menu.getItems()).hasSize(3);

        // What the menu's skin does on a click.
        WaitForAsyncUtils.asyncFx(() -> item("backend-cuda").setSelected(true)).get(HangGuard.SECONDS, TimeUnit.SECONDS);

        assertThat(settings.backend()).isEqualTo(BackendChoice.CUDA);
        assertThat(WaitForAsyncUtils.asyncFx(() -> item("backend-cpu").isSelected()).get(HangGuard.SECONDS, TimeUnit.SECONDS)).isFalse();
    }
}
