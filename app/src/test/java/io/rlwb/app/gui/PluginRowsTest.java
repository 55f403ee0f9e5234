package io.rlwb.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.testkit.PluginJars;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Plugins dialog's rows: every plugin with version, node types and, for a refused one, the reason. */
class PluginRowsTest {
    @Test
    void loadedAndRefusedPluginsAreListedWithTheirTypesAndReasons(@TempDir Path dir) {
        PluginJars.providerJar(dir, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");
        PluginJars.jar(dir, "old.jar", Map.of("old.OldNodes",
                PluginJars.providerSource("old.OldNodes", "old", 1, "old/thing")), List.of("old.OldNodes"), null);

        List<PluginRows> rows = PluginRows.of(NodeRegistry.load(dir));

        assertThat(rows).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("core");
            assertThat(r.nodeTypes()).contains("core/trainer.ppo");
            assertThat(r.refused()).isFalse();
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("acme");
            assertThat(r.version()).isEqualTo("1.2.3");
            assertThat(r.nodeTypes()).containsExactly("acme/widget");
            assertThat(r.status()).isEqualTo("loaded");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("old.jar");
            assertThat(r.refused()).isTrue();
            assertThat(r.nodeTypes()).isEmpty();
            assertThat(r.status()).contains("Workbench-Spi-Version");
        });
    }
}
