package io.rlwb.engine.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars at test time: compiles provider sources against the engine's SPI and packs them with a
 * {@code META-INF/services} entry. The classes exist only in the jar, so loading it exercises the plugin
 * folder the way a real plugin does (its own class loader), not a class already on the test classpath.
 */
public final class PluginJars {
    private static final String SERVICE = "META-INF/services/" + NodeProvider.class.getName();

    private PluginJars() {}

    /**
     * The source of a provider named {@code pluginName} declaring {@code spiVersion} and one node type
     * {@code typeId} (a monitor with an optional policy input and an int parameter {@code size}).
     */
    public static String providerSource(String className, String pluginName, int spiVersion, String typeId) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import io.rlwb.engine.spi.*;
                import java.util.List;

                public final class %s implements NodeProvider {
                    @Override public String name() { return "%s"; }
                    @Override public String version() { return "1.2.3"; }
                    @Override public int spiVersion() { return %d; }
                    @Override public List<NodeType> nodeTypes() {
                        return List.of(NodeType.builder("%s", 1)
                                .category("Monitor").displayName("Plugin node %s")
                                .input(PortSpec.optionalIn("policy", PortTypes.POLICY, "Watched policy"))
                                .param(ParamSpec.ofInt("size", 3, 1, 9, "", "A size"))
                                .factory(ctx -> new NodeInstance() {})
                                .build());
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), pluginName, spiVersion,
                typeId, typeId);
    }

    /** A jar holding one provider made by {@link #providerSource}, listed as the jar's service. */
    public static Path providerJar(Path dir, String jarName, String className, String pluginName, int spiVersion,
                                   String typeId) {
        return jar(dir, jarName, Map.of(className, providerSource(className, pluginName, spiVersion, typeId)),
                List.of(className));
    }

    /**
     * Compiles {@code sources} (class name to source text) and writes {@code dir/jarName} holding the classes
     * and a service file listing {@code services} (none: no service file).
     */
    public static Path jar(Path dir, String jarName, Map<String, String> sources, List<String> services) {
        return jar(dir, jarName, sources, services, Integer.toString(NodeProvider.SPI_VERSION));
    }

    /**
     * As {@link #jar(Path, String, Map, List)}, with {@code spiVersion} as the manifest's declared node SPI
     * (null: not declared).
     */
    public static Path jar(Path dir, String jarName, Map<String, String> sources, List<String> services,
                           String spiVersion) {
        try {
            Path classes = Files.createTempDirectory(dir, "classes");
            compile(sources, classes);
            Path jar = dir.resolve(jarName);
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (spiVersion != null) {
                mf.getMainAttributes().put(new Attributes.Name(NodeRegistry.SPI_VERSION_ATTRIBUTE), spiVersion);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
                if (!services.isEmpty()) {
                    out.putNextEntry(new JarEntry(SERVICE));
                    out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar with only a service file (for services naming classes that are elsewhere or nowhere). */
    public static Path serviceOnlyJar(Path dir, String jarName, List<String> services) {
        try {
            Path jar = dir.resolve(jarName);
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            mf.getMainAttributes().put(new Attributes.Name(NodeRegistry.SPI_VERSION_ATTRIBUTE),
                    Integer.toString(NodeProvider.SPI_VERSION));
            try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
                out.putNextEntry(new JarEntry(SERVICE));
                out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(Map<String, String> sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("tests need a JDK: no system Java compiler");
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                Path.of(name.replace('.', '/') + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        String cp = Stream.of(NodeProvider.class, JsonNode.class, com.fasterxml.jackson.core.JsonParser.class)
                .map(PluginJars::location).distinct().collect(Collectors.joining(java.io.File.pathSeparator));
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diags, List.of("-d", out.toString(), "-classpath", cp,
                    "--release", "17", "-proc:none"), null, units).call();
            if (!ok) throw new IllegalStateException("plugin source does not compile: " + diags.getDiagnostics());
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
