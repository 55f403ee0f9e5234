package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.engine.testkit.HangGuard;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help &gt; Plugins opens a dialog listing the plugins the window's registry loaded, core first. Headless. */
@ExtendWith(ApplicationExtension.class)
class PluginsDialogWindowTest {
    static {
        FxTestSupport.init(); // headless screen size, before the toolkit starts
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        WorkbenchApp.show(stage, WorkbenchViewModel.createDefault());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void helpPluginsListsTheLoadedPluginsWithTheirNodeTypes() throws Exception {
        fx(() -> {
            MenuBar bar = (MenuBar) stage.getScene().lookup(".menu-bar");
            Menu help = bar.getMenus().stream().filter(m -> m.getText().equals("Help")).findFirst().orElseThrow();
            MenuItem plugins = help.getItems().stream().filter(i -> "menu-plugins".equals(i.getId())).findFirst()
                    .orElseThrow();
            plugins.fire();
            return null;
        });
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> dialog() != null));

        TableView<?> table = fx(() -> (TableView<?>) dialog().getScene().lookup("#pluginsTable"));
        PluginRows core = fx(() -> (PluginRows) table.getItems().get(0));
        assertThat(core.name()).isEqualTo("core");
        assertThat(core.status()).isEqualTo("loaded");
        assertThat(core.nodeTypes()).contains("core/trainer.ppo");
        assertThat(fx(() -> table.getColumns().stream().map(c -> c.getText()).toList()))
                .containsExactly("Plugin", "Version", "Node types", "Status", "Source");
    }

    private static Window dialog() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && "Plugins".equals(s.getTitle()) && s.isShowing())
                .findFirst().orElse(null);
    }
}
