package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedJarsTest {
    /**
     * A driver started from a build tree packs its class folders into jars to ship; they live in a temporary folder
     * that must be gone when the driver's JVM ends (each sweep on a cluster would otherwise leave one behind).
     */
    @Test
    void packedClassFoldersAreRemovedWhenTheDriverExits(@TempDir Path tmp) throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("module/target/classes/io/acme"));
        Files.writeString(classes.resolve("A.class"), "not really a class");
        Path pack;
        try (ChildProcess driver = ChildProcess.java("driver", tmp.resolve("driver.txt"), List.of("-Xmx256m"),
                PackThenExit.class.getName(), List.of(tmp.resolve("module/target/classes").toString()))) {
            String line = driver.awaitLine("packed ");
            assertThat(driver.awaitExit()).as(driver.console()).isZero();
            pack = Path.of(line.substring("packed ".length(), line.indexOf(" into ")));
            assertThat(line).contains("classes-0-module.jar");
        }
        assertThat(pack).as("the pack folder after the driver exited").doesNotExist();
    }

    /** The child: packs the class folder ARGS[0] as {@link SparkTrialRunner} does, says where, and exits. */
    public static final class PackThenExit {
        public static void main(String[] args) throws Exception {
            Path pack = ShippedJars.newPackDir();
            ShippedJars shipped = ShippedJars.collect(List.of(Path.of(args[0])), null, List.of(), pack);
            try (var files = Files.list(pack)) {
                System.out.println("packed " + pack + " into " + files.map(f -> f.getFileName().toString()).sorted()
                        .toList() + " of " + shipped.jars().size() + " jars");
            }
        }
    }
}
