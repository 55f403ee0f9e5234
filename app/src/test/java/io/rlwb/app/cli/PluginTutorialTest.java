package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.ChildProcess;
import io.rlwb.engine.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/plugins.md's tutorial as written: writes the files it shows, then runs its commands with bash in a
 * temporary folder laid out like a clone (its {@code engine} is this repository's, already built, so the first
 * command, the Maven build, is left out; {@code ./workbench} starts this build's command line; HOME is the temporary
 * folder, so {@code ~/.workbench/plugins} is too). The plugin jar it builds must be listed by {@code workbench nodes}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PluginTutorialTest {
    private static final Pattern FILE = Pattern.compile("<!-- file: (\\S+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern COMMANDS = Pattern.compile("<!-- tutorial commands -->\\s*```bash\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void theTutorialsCommandsBuildAPluginJarThatTheWorkbenchLists(@TempDir Path tmp) throws Exception {
        String doc = Files.readString(Repo.root().resolve("docs/plugins.md"));
        Matcher files = FILE.matcher(doc);
        int written = 0;
        while (files.find()) {
            Path f = tmp.resolve(files.group(1));
            Files.createDirectories(f.getParent());
            Files.writeString(f, files.group(2));
            written++;
        }
        assertThat(written).as("the tutorial shows the provider, its service entry and its manifest").isEqualTo(3);
        Matcher m = COMMANDS.matcher(doc);
        assertThat(m.find()).as("the tutorial's commands").isTrue();
        List<String> lines = m.group(1).lines().toList();
        assertThat(lines.get(0)).startsWith("./mvnw ");
        String commands = String.join("\n", lines.subList(1, lines.size()));

        Files.createSymbolicLink(tmp.resolve("engine"), Repo.root().resolve("engine"));
        assertThat(tmp.resolve("engine/target/classes/io/rlwb/engine/spi/NodeProvider.class")).isRegularFile();
        Path java = Path.of(System.getProperty("java.home"), "bin");
        Path workbench = tmp.resolve("workbench");
        Files.writeString(workbench, "#!/bin/sh\nexec '" + java.resolve("java") + "' -cp '"
                + System.getProperty("java.class.path") + "' io.rlwb.app.Main \"$@\"\n");
        Files.setPosixFilePermissions(workbench, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectory(tmp.resolve("home"));

        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands).directory(tmp.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", java + ":" + System.getenv("PATH"));
        String console;
        try (ChildProcess p = ChildProcess.start("the tutorial's commands", pb, tmp.resolve("console.txt"))) {
            int code = p.awaitExit();
            console = p.console();
            assertThat(code).as(console).isZero();
        }
        assertThat(console).contains("acme/reward.clip").contains("Reward clip").contains("[acme, v1]")
                .doesNotContain("not loaded");
        assertThat(home.resolve(".workbench/plugins/acme-plugin.jar")).isRegularFile();
    }
}
