package io.rlwb.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesStoreTest {
    @TempDir
    Path dir;

    @Test
    void recentFilesAreNewestFirstWithoutDuplicatesAndForgetMissingFiles() throws Exception {
        RecentFiles r = new RecentFiles(dir.resolve("settings").resolve("recent.json"));
        assertThat(r.load()).isEmpty();
        Path a = Files.writeString(dir.resolve("a.json"), "{}");
        Path b = Files.writeString(dir.resolve("b.json"), "{}");
        r.add(a);
        r.add(b);
        assertThat(r.add(a)).containsExactly(a, b);
        Files.delete(b);
        assertThat(new RecentFiles(dir.resolve("settings").resolve("recent.json")).load()).containsExactly(a);
        for (int i = 0; i < 15; i++) r.add(Files.writeString(dir.resolve("n" + i + ".json"), "{}"));
        assertThat(r.load()).hasSize(RecentFiles.LIMIT);
        Files.writeString(dir.resolve("settings").resolve("recent.json"), "garbage");
        assertThat(r.load()).isEmpty();
    }

    @Test
    void aRecoveryCopyIsOfferedToTheNextSessionAndGoneOnceDiscarded() throws Exception {
        RecoveryStore crashed = new RecoveryStore(dir, "old-session");
        GraphDocument doc = new GraphDocument("Unsaved work");
        doc.nodes().add(new GraphNode("policy", "core/policy.mlp", 1));
        crashed.save(doc, dir.resolve("mine.json"));
        assertThat(crashed.findLeftOver()).as("a session does not offer its own copy").isEmpty();

        RecoveryStore next = new RecoveryStore(dir, "new-session");
        List<RecoveryStore.Recovery> found = next.findLeftOver();
        assertThat(found).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Unsaved work");
            assertThat(r.original()).isEqualTo(dir.resolve("mine.json").toAbsolutePath());
        });
        assertThat(RecoveryStore.read(found.get(0)).node("policy")).isPresent();
        next.discard(found.get(0));
        assertThat(next.findLeftOver()).isEmpty();

        crashed.save(doc, null);
        crashed.discard();
        assertThat(next.findLeftOver()).isEmpty();
    }

    @Test
    void samplesAreListedWithTheirNames() throws Exception {
        Files.writeString(dir.resolve("b.json"), "{\"name\": \"Beta graph\"}");
        Files.writeString(dir.resolve("a.json"), "not json");
        assertThat(Samples.list(dir)).extracting(Samples.Sample::name).containsExactly("a.json", "Beta graph  (b.json)");
        assertThat(Samples.list(dir.resolve("none"))).isEmpty();
    }

    @Test
    void theSettingsFolderFollowsTheHomeProperty() {
        String old = System.getProperty(WorkbenchDirs.HOME_PROPERTY);
        try {
            System.setProperty(WorkbenchDirs.HOME_PROPERTY, dir.toString());
            assertThat(WorkbenchDirs.recentFile()).isEqualTo(dir.resolve(".workbench").resolve("recent.json"));
            assertThat(WorkbenchDirs.recoveryDir()).isEqualTo(dir.resolve(".workbench").resolve("recovery"));
            assertThat(WorkbenchDirs.pluginDir()).isEqualTo(dir.resolve(".workbench").resolve("plugins"));
        } finally {
            if (old == null) System.clearProperty(WorkbenchDirs.HOME_PROPERTY);
            else System.setProperty(WorkbenchDirs.HOME_PROPERTY, old);
        }
    }
}
