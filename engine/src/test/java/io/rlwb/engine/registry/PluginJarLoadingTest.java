package io.rlwb.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.testkit.PluginJars;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars built outside this build (ADR 0015): one jar per broken kind, each built here with javax.tools,
 * each reported by name while the good jar beside it loads.
 */
class PluginJarLoadingTest {
    private static final String ACME = "acme.AcmeNodes";

    private static PluginInfo refused(NodeRegistry r, String jarName) {
        return r.plugins().stream().filter(p -> p.source().endsWith(jarName)).filter(p -> !p.loaded())
                .findFirst().orElseThrow(() -> new AssertionError(jarName + " not reported: " + r.plugins()));
    }

    private static void goodJar(Path dir) {
        PluginJars.providerJar(dir, "acme.jar", ACME, "acme", NodeProvider.SPI_VERSION, "acme/widget");
    }

    @Test
    void aJarWithoutADeclaredSpiVersionIsRefusedNamingIt(@TempDir Path dir) {
        goodJar(dir);
        PluginJars.jar(dir, "old.jar", Map.of("old.OldNodes",
                PluginJars.providerSource("old.OldNodes", "old", 1, "old/thing")), List.of("old.OldNodes"), null);

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(refused(r, "old.jar").error()).contains("declares no Workbench-Spi-Version")
                .contains("node SPI " + NodeProvider.SPI_VERSION);
        assertThat(refused(r, "old.jar").name()).isEqualTo("old.jar");
        assertThat(r.find("old/thing")).isEmpty();
        assertThat(r.find("acme/widget")).isPresent();
    }

    @Test
    void aJarDeclaringAnotherSpiVersionIsRefusedNamingIt(@TempDir Path dir) {
        goodJar(dir);
        String other = Integer.toString(NodeProvider.SPI_VERSION + 1);
        PluginJars.jar(dir, "next.jar", Map.of("next.NextNodes",
                PluginJars.providerSource("next.NextNodes", "next", 1, "next/thing")), List.of("next.NextNodes"), other);

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(refused(r, "next.jar").error()).contains("built for node SPI " + other)
                .contains("this engine speaks " + NodeProvider.SPI_VERSION);
        assertThat(r.find("next/thing")).isEmpty();
        assertThat(r.find("acme/widget")).isPresent();
    }

    @Test
    void aServiceEntryNamingAClassThatIsNoProviderIsReported(@TempDir Path dir) {
        goodJar(dir);
        PluginJars.jar(dir, "util.jar", Map.of("util.Helper", "package util; public final class Helper {}"),
                List.of("util.Helper"));

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(refused(r, "util.jar").error()).contains("util.Helper");
        assertThat(r.find("acme/widget")).isPresent();
    }

    @Test
    void twoPluginsDeclaringOneTypeIdAreReportedAndTheFirstKeepsIt(@TempDir Path dir) {
        goodJar(dir);
        PluginJars.providerJar(dir, "copy.jar", "copy.CopyNodes", "copy", NodeProvider.SPI_VERSION, "acme/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(refused(r, "copy.jar").error()).contains("acme/widget").contains("already provided by acme");
        assertThat(r.providerOf("acme/widget")).get().extracting(PluginInfo::name).isEqualTo("acme");
    }

    @Test
    void aPluginFolderAskedForByNameThatIsMissingIsReported(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere");
        assertThat(NodeRegistry.load(missing, true).plugins()).anySatisfy(p -> {
            assertThat(p.loaded()).isFalse();
            assertThat(p.error()).isEqualTo("the plugin folder does not exist");
            assertThat(p.source()).isEqualTo(missing.toString());
        });
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(NodeRegistry.load(file, true).plugins()).anySatisfy(p ->
                assertThat(p.error()).isEqualTo("the plugin folder is not a folder"));
        assertThat(NodeRegistry.load(missing, false).plugins()).allSatisfy(p -> assertThat(p.loaded()).isTrue());
    }

    @Test
    void eachJarHasItsOwnClassLoader(@TempDir Path dir) {
        goodJar(dir);
        PluginJars.providerJar(dir, "beta.jar", "beta.BetaNodes", "beta", NodeProvider.SPI_VERSION, "beta/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        ClassLoader a = r.find("acme/widget").map(NodeType::factory).orElseThrow().getClass().getClassLoader();
        ClassLoader b = r.find("beta/widget").map(NodeType::factory).orElseThrow().getClass().getClassLoader();
        assertThat(a).isNotSameAs(b).isNotSameAs(NodeRegistry.class.getClassLoader());
    }

    @Test
    void thePluginsBuildDeclaresTheSpiVersionOfThisEngine() throws Exception {
        String pom = Files.readString(Repo.root().resolve("pom.xml"));
        assertThat(pom).contains("<workbench.spi.version>" + NodeProvider.SPI_VERSION + "</workbench.spi.version>");
        assertThat(Files.readString(Repo.root().resolve("plugins/pom.xml")))
                .contains("<Workbench-Spi-Version>${workbench.spi.version}</Workbench-Spi-Version>");
    }
}
