package io.rlwb.plugins.spark;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need to run trials ({@code spark.jars}): the application's class path (the engine,
 * ND4J with its native platform jars, Jackson, ...), this plugin's jar and the node plugins of the registry, less
 * what every Spark installation already has (the jar names in {@code SPARK_HOME/jars}) and the desktop and test jars
 * that no trial uses (JavaFX, ControlsFX, Ikonli, JUnit, ...). A class folder (an IDE's or Maven's
 * {@code target/classes}) is packed into a jar first. Executors fetch each jar once per application from the driver
 * and put them on their task class path; ND4J's natives are extracted from its platform jars by JavaCPP on the
 * executor's first trial (into {@code ~/.javacpp/cache}).
 */
final class ShippedJars {
    /** File name starts of jars never shipped: the desktop UI and test libraries. */
    static final List<String> NOT_SHIPPED = List.of("javafx-", "controlsfx-", "ikonli-", "openjfx-", "testfx-",
            "junit-", "opentest4j-", "apiguardian-", "assertj-", "jqwik", "archunit", "surefire", "byte-buddy",
            "spark-", "scala-");

    private final List<Path> jars;

    private ShippedJars(List<Path> jars) {
        this.jars = jars;
    }

    List<Path> jars() {
        return jars;
    }

    long bytes() {
        long n = 0;
        for (Path p : jars) {
            try {
                n += Files.size(p);
            } catch (IOException e) {
                // counted as 0: Spark reports a jar it cannot read
            }
        }
        return n;
    }

    String sparkJars() {
        return String.join(",", jars.stream().map(p -> p.toAbsolutePath().toUri().toString()).toList());
    }

    /**
     * @param classPath the driver's class path entries
     * @param sparkJarDirs folders whose jar names the executors have already (a Spark installation's jars/)
     * @param packDir where class folders are packed into jars
     */
    static ShippedJars collect(List<Path> classPath, NodeRegistry registry, List<Path> sparkJarDirs, Path packDir) {
        Set<String> have = new HashSet<>();
        for (Path d : sparkJarDirs) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(p -> have.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + d, e);
            }
        }
        Set<Path> wanted = new LinkedHashSet<>();
        for (Path p : classPath) wanted.add(p.toAbsolutePath().normalize());
        wanted.add(ownLocation().toAbsolutePath().normalize());
        if (registry != null) {
            for (PluginInfo p : registry.plugins()) {
                if (p.loaded() && p.source() != null && p.source().endsWith(".jar")) wanted.add(Path.of(p.source()).toAbsolutePath().normalize());
            }
        }
        Map<String, Path> byName = new LinkedHashMap<>();
        int packed = 0;
        for (Path p : wanted) {
            if (p == null) continue;
            Path jar = p;
            if (Files.isDirectory(p)) {
                jar = pack(p, packDir.resolve("classes-" + (packed++) + "-" + p.getParent().getParent().getFileName() + ".jar"));
            } else if (!Files.isRegularFile(p) || !p.getFileName().toString().endsWith(".jar")) {
                continue;
            }
            String name = jar.getFileName().toString();
            if (have.contains(name) || NOT_SHIPPED.stream().anyMatch(name::startsWith)) continue;
            byName.putIfAbsent(name, jar);
        }
        return new ShippedJars(List.copyOf(byName.values()));
    }

    /**
     * A new temporary folder for {@link #collect}'s packed class folders. It and the jars packed into it go when the
     * JVM exits (Spark serves them to executors until then).
     */
    static Path newPackDir() throws IOException {
        Path pack = Files.createTempDirectory("rlwb-spark-jars-");
        pack.toFile().deleteOnExit();
        return pack;
    }

    /** The driver's class path ({@code java.class.path}). */
    static List<Path> driverClassPath() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) out.add(Path.of(e));
        }
        return out;
    }

    /** This plugin's jar (or class folder). */
    static Path ownLocation() {
        try {
            return Path.of(ShippedJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Packs the class folder {@code dir} into {@code jar}, which goes when the JVM exits: the pack folder is a
     * temporary one, and {@code deleteOnExit} removes a folder only once it is empty (later registrations go first).
     */
    private static Path pack(Path dir, Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            jar.toFile().deleteOnExit();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack class folder " + dir + " into " + jar, e);
        }
    }
}
