package io.rlwb.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.testkit.PluginJars;
import io.rlwb.engine.testkit.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one registry: ServiceLoader over the classpath and a plugin folder, refusals reported, never fatal. */
class NodeRegistryTest {
    private static final List<String> CORE_TYPES = List.of("core/env.cartpole", "core/env.vector", "core/policy.mlp",
            "core/critic.mlp", "core/optim.adam", "core/rollout.collector", "core/estimator.gae", "core/loss.ppo",
            "core/trainer.ppo", "core/monitor.eval", "core/critic.mlp.vector", "core/reward.linear",
            "core/reward.chebyshev", "core/reward.dynamic", "core/reward.lagrangian", "core/monitor.pareto");

    /** A provider with one node type, for the cases below. */
    private static NodeProvider provider(String name, int spi, String... typeIds) {
        return new NodeProvider() {
            @Override public String name() { return name; }

            @Override public String version() { return "9.9"; }

            @Override public int spiVersion() { return spi; }

            @Override public List<NodeType> nodeTypes() {
                return java.util.Arrays.stream(typeIds).map(NodeRegistryTest::type).toList();
            }
        };
    }

    private static NodeType type(String id) {
        return NodeType.builder(id, 1).category("Data").displayName(id)
                .output(PortSpec.out("out", PortTypes.TRAJECTORIES, ""))
                .factory(ctx -> new NodeInstance() {}).build();
    }

    private static PluginInfo plugin(NodeRegistry r, String name) {
        return r.plugins().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin named " + name + " in " + r.plugins()));
    }

    @Test
    void coreNodeTypesAreFoundOnTheClasspathThroughServiceLoader() {
        NodeRegistry r = NodeRegistry.load(null);

        assertThat(r.all()).extracting(NodeType::id).containsAll(CORE_TYPES);
        PluginInfo core = plugin(r, "core");
        assertThat(core.loaded()).isTrue();
        assertThat(core.source()).isEqualTo("classpath");
        assertThat(core.version()).isNotBlank();
        assertThat(r.providerOf("core/trainer.ppo")).contains(core);
        assertThat(r.plugins()).allSatisfy(p -> assertThat(p.error()).isNull());
    }

    @Test
    void aPluginFolderThatDoesNotExistLeavesJustTheClasspath(@TempDir Path dir) {
        NodeRegistry r = NodeRegistry.load(dir.resolve("nowhere"));
        assertThat(r.plugins()).extracting(PluginInfo::name).containsExactly("core");
        assertThat(r.all()).extracting(NodeType::id).containsExactlyInAnyOrderElementsOf(CORE_TYPES);
    }

    @Test
    void anAliasFindsTheTypeUnderItsCurrentId() {
        NodeRegistry r = NodeRegistry.of(new CoreNodes(), new TestNodes());

        assertThat(r.find(TestNodes.RELAY_ALIAS)).get().extracting(NodeType::id).isEqualTo(TestNodes.RELAY);
        assertThat(r.find(TestNodes.RELAY)).get().extracting(NodeType::id).isEqualTo(TestNodes.RELAY);
        assertThat(r.providerOf(TestNodes.RELAY_ALIAS)).get().extracting(PluginInfo::name).isEqualTo("test-nodes");
        assertThat(r.find("test/nothing")).isEmpty();
        // An alias is a way to find a type, not a type of its own.
        assertThat(r.all()).extracting(NodeType::id).doesNotContain(TestNodes.RELAY_ALIAS);
    }

    @Test
    void aProviderBuiltForANewerSpiIsRefusedByNameWhileTheOthersLoad() {
        NodeRegistry r = NodeRegistry.of(new CoreNodes(), provider("future", NodeProvider.SPI_VERSION + 1,
                "future/thing"), new TestNodes());

        PluginInfo future = plugin(r, "future");
        assertThat(future.loaded()).isFalse();
        assertThat(future.version()).isEqualTo("9.9");
        assertThat(future.error()).contains("SPI " + (NodeProvider.SPI_VERSION + 1))
                .contains("speaks " + NodeProvider.SPI_VERSION);
        assertThat(r.find("future/thing")).isEmpty();
        assertThat(r.find("core/trainer.ppo")).isPresent();
        assertThat(r.find(TestNodes.BOX3)).isPresent();
        assertThat(plugin(r, "test-nodes").loaded()).isTrue();
    }

    @Test
    void aDuplicateTypeIdIsReportedAndTheFirstProviderKeepsIt() {
        NodeRegistry r = NodeRegistry.of(new CoreNodes(), provider("copycat", NodeProvider.SPI_VERSION,
                "core/env.cartpole", "copycat/own"));

        assertThat(r.plugins()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("copycat");
            assertThat(p.loaded()).isFalse();
            assertThat(p.error()).contains("core/env.cartpole").contains("already provided by core");
        });
        assertThat(r.providerOf("core/env.cartpole")).get().extracting(PluginInfo::name).isEqualTo("core");
        assertThat(r.find("core/env.cartpole").orElseThrow().displayName()).isEqualTo("CartPole-v1");
        // Its other types still load.
        assertThat(r.providerOf("copycat/own")).get().extracting(PluginInfo::name).isEqualTo("copycat");
    }

    @Test
    void aProviderThatFailsToDeclareItsTypesIsReportedAndTheOthersLoad() {
        NodeProvider broken = new NodeProvider() {
            @Override public String name() { return "broken"; }

            @Override public String version() { return "0"; }

            @Override public List<NodeType> nodeTypes() { throw new IllegalStateException("boom in declaration"); }
        };
        NodeRegistry r = NodeRegistry.of(broken, new CoreNodes());

        assertThat(plugin(r, "broken").error()).contains("failed to declare").contains("boom in declaration");
        assertThat(r.all()).extracting(NodeType::id).containsAll(CORE_TYPES);
    }

    @Test
    void aPluginJarInThePluginFolderAddsItsNodeTypesFromItsOwnClassLoader(@TempDir Path dir) {
        Path jar = PluginJars.providerJar(dir, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION,
                "acme/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        NodeType widget = r.find("acme/widget").orElseThrow();
        assertThat(widget.param("size")).isPresent();
        PluginInfo acme = r.providerOf("acme/widget").orElseThrow();
        assertThat(acme.name()).isEqualTo("acme");
        assertThat(acme.version()).isEqualTo("1.2.3");
        assertThat(acme.loaded()).isTrue();
        assertThat(acme.source()).isEqualTo(jar.toString());
        assertThat(r.all()).extracting(NodeType::id).containsAll(CORE_TYPES);
        // The classpath provider, which the jar's class loader sees again through its parent, is not doubled.
        assertThat(r.plugins()).extracting(PluginInfo::name).containsExactly("core", "acme");
    }

    @Test
    void aJarBuiltForANewerSpiIsRefusedByNameWhileTheOtherJarsLoad(@TempDir Path dir) {
        PluginJars.providerJar(dir, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");
        PluginJars.providerJar(dir, "future.jar", "future.FutureNodes", "future", NodeProvider.SPI_VERSION + 1,
                "future/gadget");

        NodeRegistry r = NodeRegistry.load(dir);

        PluginInfo future = plugin(r, "future");
        assertThat(future.loaded()).isFalse();
        assertThat(future.source()).endsWith("future.jar");
        assertThat(future.error()).contains("SPI " + (NodeProvider.SPI_VERSION + 1));
        assertThat(r.find("future/gadget")).isEmpty();
        assertThat(r.find("acme/widget")).isPresent();
        assertThat(r.find("core/trainer.ppo")).isPresent();
    }

    @Test
    void aBrokenJarIsReportedByNameWithoutStoppingTheRest(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x.jar"), new byte[] {0x13, 0x37, 'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p', 0, -1});
        PluginJars.providerJar(dir, "y-acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(r.plugins()).filteredOn(p -> !p.loaded()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("x.jar");
            assertThat(p.source()).endsWith("x.jar");
            // Said as it is: a corrupt file, not "a jar without a provider".
            assertThat(p.error()).contains("not a readable jar");
        });
        assertThat(r.find("acme/widget")).isPresent();
        assertThat(r.all()).extracting(NodeType::id).containsAll(CORE_TYPES);
    }

    @Test
    void aJarWhoseServiceNamesAMissingClassIsReportedWithoutStoppingTheRest(@TempDir Path dir) {
        PluginJars.serviceOnlyJar(dir, "ghost.jar", List.of("ghost.GhostNodes"));
        PluginJars.providerJar(dir, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(r.plugins()).filteredOn(p -> !p.loaded()).singleElement().satisfies(p -> {
            assertThat(p.source()).endsWith("ghost.jar");
            assertThat(p.error()).contains("ghost.GhostNodes");
        });
        assertThat(r.find("acme/widget")).isPresent();
    }

    @Test
    void aJarWhoseProviderThrowsWhenConstructedIsReportedByClassName(@TempDir Path dir) {
        String src = """
                package bad;
                public final class BadNodes implements io.rlwb.engine.spi.NodeProvider {
                    public BadNodes() { throw new IllegalStateException("no licence file"); }
                    @Override public String name() { return "bad"; }
                    @Override public String version() { return "1"; }
                    @Override public java.util.List<io.rlwb.engine.spi.NodeType> nodeTypes() { return java.util.List.of(); }
                }
                """;
        PluginJars.jar(dir, "bad.jar", Map.of("bad.BadNodes", src), List.of("bad.BadNodes"));
        PluginJars.providerJar(dir, "acme.jar", "acme.AcmeNodes", "acme", NodeProvider.SPI_VERSION, "acme/widget");

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(r.plugins()).filteredOn(p -> !p.loaded()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("bad.BadNodes");
            assertThat(p.source()).endsWith("bad.jar");
            assertThat(p.error()).contains("no licence file");
        });
        assertThat(r.find("acme/widget")).isPresent();
    }

    @Test
    void aJarWithoutAProviderServiceIsReported(@TempDir Path dir) {
        PluginJars.jar(dir, "lib.jar", Map.of("lib.Util", "package lib; public final class Util {}"), List.of());

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(plugin(r, "lib.jar").error()).contains("no io.rlwb.engine.spi.NodeProvider service");
        assertThat(r.find("core/env.cartpole")).isPresent();
    }

    @Test
    void aPluginJarThatIsAlsoOnTheClasspathIsNeitherDoubledNorReportedAsEmpty(@TempDir Path dir) {
        // As when a plugin module is on the classpath (from the IDE) and its jar is also in the plugin folder.
        PluginJars.serviceOnlyJar(dir, "core-again.jar", List.of(CoreNodes.class.getName()));

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(r.plugins()).extracting(PluginInfo::name).containsExactly("core");
        assertThat(r.plugins()).allSatisfy(p -> assertThat(p.loaded()).isTrue());
    }

    @Test
    void filesThatAreNotJarsInThePluginFolderAreIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("README.txt"), "drop plugin jars here");
        Files.createDirectory(dir.resolve("old"));

        NodeRegistry r = NodeRegistry.load(dir);

        assertThat(r.plugins()).extracting(PluginInfo::name).containsExactly("core");
    }
}
