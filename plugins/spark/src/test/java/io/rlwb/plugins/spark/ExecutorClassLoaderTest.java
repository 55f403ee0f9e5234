package io.rlwb.plugins.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.sweep.ExecutorClassLoader;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's way to Spark: an "application" class loader without Spark (this test's class path less Spark's
 * jars and this plugin), and over it the executor's folder laid out as the build lays it out (the plugin jar and
 * jars/). The provider, Spark and a Spark context come from the executor's loader; the engine from the application.
 */
class ExecutorClassLoaderTest {
    @Test
    void sparkLoadsOnlyThroughTheExecutorFolder(@TempDir Path tmp) throws Exception {
        Path sparkJars = Path.of(System.getProperty("spark.test.home")).resolve("jars");
        Path own = ShippedJars.ownLocation();
        List<URL> app = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            // Spark and Scala go; the libraries Spark shares with the engine (commons-lang3, Jackson, ...) stay, as
            // the application has its own copies of them.
            String name = p.getFileName().toString();
            if (p.equals(own) || name.startsWith("spark-") || name.startsWith("scala-")) continue;
            app.add(p.toUri().toURL());
        }
        Path folder = tmp.resolve("spark-executor");
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("jars"), sparkJars.toAbsolutePath());
        pack(own, folder.resolve("workbench-plugin-spark.jar"));

        try (URLClassLoader application = new URLClassLoader("application", app.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
             ExecutorClassLoader executor = ExecutorClassLoader.forFolder("spark", folder, application)) {
            assertThatThrownBy(() -> application.loadClass("org.apache.spark.SparkContext"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> engineInterface = executor.loadClass("io.rlwb.engine.sweep.TrialRunner");
            assertThat(engineInterface.getClassLoader()).as("the engine is the application's").isSameAs(application);
            assertThat(executor.loadClass("org.apache.spark.SparkContext").getClassLoader()).isSameAs(executor);
            // Spark's own copies of shared libraries win inside the executor's loader (Spark's commons-lang3 3.17
            // over ND4J's 3.11 in the application).
            assertThat(application.loadClass("org.apache.commons.lang3.StringUtils").getClassLoader()).isSameAs(application);
            assertThat(executor.loadClass("org.apache.commons.lang3.StringUtils").getClassLoader()).isSameAs(executor);
            Class<?> provider = executor.loadClass("io.rlwb.plugins.spark.SparkTrialRunnerProvider");
            assertThat(provider.getClassLoader()).isSameAs(executor);
            // ServiceLoader in the executor's loader finds the provider, as TrialRunners.open does.
            Class<?> serviceType = application.loadClass("io.rlwb.engine.sweep.TrialRunnerProvider");
            List<String> names = new ArrayList<>();
            for (Object p : java.util.ServiceLoader.load(serviceType, executor)) {
                names.add((String) serviceType.getMethod("name").invoke(p));
            }
            assertThat(names).containsExactly("spark");
        }
    }

    @Test
    void aMissingFolderSaysHowToBuildIt(@TempDir Path tmp) {
        assertThatThrownBy(() -> ExecutorClassLoader.forFolder("spark", tmp.resolve("nope"), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--executor spark: no jars in " + tmp.resolve("nope"))
                .hasMessageContaining("./mvnw install -pl plugins/spark");
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
