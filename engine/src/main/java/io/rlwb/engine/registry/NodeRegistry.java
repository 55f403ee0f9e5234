package io.rlwb.engine.registry;

import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The one place that looks up {@link NodeProvider}s: on the classpath and in the jars of a plugin folder, each jar
 * with its own class loader (ADR 0015). A jar declares the node SPI it was built for in its manifest
 * ({@value #SPI_VERSION_ATTRIBUTE}); a jar without it or built for another SPI, a provider that fails to load, a
 * service entry naming a class that is no provider, and a node type id declared twice are recorded with the reason
 * and skipped; the rest of the program runs. Node types are found by id or by an alias.
 */
public final class NodeRegistry {
    /** Manifest attribute of a plugin jar: the {@link NodeProvider#SPI_VERSION} it was compiled against. */
    public static final String SPI_VERSION_ATTRIBUTE = "Workbench-Spi-Version";
    private static final String SERVICE_FILE = "META-INF/services/" + NodeProvider.class.getName();
    private final Map<String, NodeType> types = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final Map<String, PluginInfo> providerOfType = new LinkedHashMap<>();
    private final List<PluginInfo> plugins = new ArrayList<>();

    /** Providers on the classpath and, when {@code pluginDir} exists, in its jars. */
    public static NodeRegistry load(Path pluginDir) {
        return load(pluginDir, false);
    }

    /**
     * Providers on the classpath and in the jars of {@code pluginDir}.
     *
     * @param required the folder was asked for by name ({@code --plugins DIR}): when it is missing or not a folder,
     *     that is reported as a plugin entry with the reason (the default folder may well not exist)
     */
    public static NodeRegistry load(Path pluginDir, boolean required) {
        NodeRegistry r = new NodeRegistry();
        r.loadFrom(ServiceLoader.load(NodeProvider.class, NodeRegistry.class.getClassLoader()), "classpath");
        if (required && pluginDir != null && !Files.isDirectory(pluginDir)) {
            r.plugins.add(new PluginInfo(pluginDir.toString(), "?", pluginDir.toString(), Files.exists(pluginDir)
                    ? "the plugin folder is not a folder" : "the plugin folder does not exist"));
        }
        if (pluginDir != null && Files.isDirectory(pluginDir)) {
            List<Path> jars;
            try (Stream<Path> s = Files.list(pluginDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                r.plugins.add(new PluginInfo(pluginDir.toString(), "?", pluginDir.toString(),
                        "cannot list plugin folder: " + e.getMessage()));
                jars = List.of();
            }
            for (Path jar : jars) {
                r.loadJar(jar);
            }
        }
        return r;
    }

    /** Providers on the classpath only. */
    public static NodeRegistry loadDefault() {
        return load(defaultPluginDir());
    }

    /** {@code ~/.workbench/plugins}. */
    public static Path defaultPluginDir() {
        return Path.of(System.getProperty("user.home"), ".workbench", "plugins");
    }

    /** A registry of explicitly given providers (tests, embedding). */
    public static NodeRegistry of(NodeProvider... providers) {
        NodeRegistry r = new NodeRegistry();
        for (NodeProvider p : providers) r.add(p, "given");
        return r;
    }

    private void loadJar(Path jar) {
        String declared;
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            declared = mf == null ? null : mf.getMainAttributes().getValue(SPI_VERSION_ATTRIBUTE);
        } catch (IOException | RuntimeException e) {
            plugins.add(new PluginInfo(jar.getFileName().toString(), "?", jar.toString(),
                    "not a readable jar file: " + e.getMessage()));
            return;
        }
        String spiProblem = spiProblem(declared);
        if (spiProblem != null) {
            plugins.add(new PluginInfo(jar.getFileName().toString(), "?", jar.toString(), spiProblem));
            return;
        }
        URLClassLoader cl;
        try {
            cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, NodeRegistry.class.getClassLoader());
        } catch (MalformedURLException e) {
            plugins.add(new PluginInfo(jar.getFileName().toString(), "?", jar.toString(), e.getMessage()));
            return;
        }
        int before = plugins.size();
        loadFrom(ServiceLoader.load(NodeProvider.class, cl), jar.toString());
        // ServiceLoader with a parent loader also sees the classpath's providers again: drop those duplicates.
        // A jar whose providers were all loaded from the classpath already adds nothing and lacks nothing.
        if (plugins.size() == before && cl.findResource(SERVICE_FILE) == null) {
            plugins.add(new PluginInfo(jar.getFileName().toString(), "?", jar.toString(),
                    "no io.rlwb.engine.spi.NodeProvider service found in the jar"));
        }
    }

    /** Why a jar declaring {@code declared} as its SPI version is refused, or null when it matches. */
    static String spiProblem(String declared) {
        if (declared == null || declared.isBlank()) {
            return "declares no " + SPI_VERSION_ATTRIBUTE + " in its manifest (the node SPI it was built for); "
                    + "rebuild it against this engine, which speaks node SPI " + NodeProvider.SPI_VERSION
                    + " (docs/plugins.md)";
        }
        int v;
        try {
            v = Integer.parseInt(declared.trim());
        } catch (NumberFormatException e) {
            return SPI_VERSION_ATTRIBUTE + " '" + declared + "' in its manifest is not a version number";
        }
        return v == NodeProvider.SPI_VERSION ? null : "built for node SPI " + v + ", this engine speaks "
                + NodeProvider.SPI_VERSION + "; use a version of the plugin built for this engine";
    }

    private void loadFrom(ServiceLoader<NodeProvider> loader, String source) {
        var it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<NodeProvider> p;
            try {
                if (!it.hasNext()) break;
                p = it.next();
            } catch (ServiceConfigurationError e) {
                plugins.add(new PluginInfo(source, "?", source, "failed to load: " + rootMessage(e)));
                continue;
            }
            if (!"classpath".equals(source) && p.type().getClassLoader() != null
                    && p.type().getClassLoader() == NodeRegistry.class.getClassLoader()) {
                continue; // seen on the classpath already
            }
            try {
                add(p.get(), source);
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                plugins.add(new PluginInfo(p.type().getName(), "?", source, "failed to load: " + rootMessage(e)));
            }
        }
    }

    private void add(NodeProvider p, String source) {
        if (p.spiVersion() != NodeProvider.SPI_VERSION) {
            plugins.add(new PluginInfo(p.name(), p.version(), source, "built for node SPI " + p.spiVersion()
                    + ", this engine speaks " + NodeProvider.SPI_VERSION));
            return;
        }
        List<NodeType> provided;
        try {
            provided = p.nodeTypes();
        } catch (RuntimeException | LinkageError e) {
            plugins.add(new PluginInfo(p.name(), p.version(), source, "failed to declare its node types: " + rootMessage(e)));
            return;
        }
        PluginInfo info = new PluginInfo(p.name(), p.version(), source, null);
        plugins.add(info);
        for (NodeType t : provided) {
            if (types.containsKey(t.id())) {
                PluginInfo first = providerOfType.get(t.id());
                plugins.add(new PluginInfo(p.name(), p.version(), source, "node type " + t.id()
                        + " is already provided by " + first.name() + "; kept that one"));
                continue;
            }
            types.put(t.id(), t);
            providerOfType.put(t.id(), info);
            for (String a : t.aliases()) aliases.putIfAbsent(a, t.id());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** The node type with this id or alias. */
    public Optional<NodeType> find(String idOrAlias) {
        NodeType t = types.get(idOrAlias);
        if (t == null && aliases.containsKey(idOrAlias)) t = types.get(aliases.get(idOrAlias));
        return Optional.ofNullable(t);
    }

    public Collection<NodeType> all() {
        return Collections.unmodifiableCollection(types.values());
    }

    /** Every provider seen, loaded or refused. */
    public List<PluginInfo> plugins() {
        return Collections.unmodifiableList(plugins);
    }

    /** The provider of a node type. */
    public Optional<PluginInfo> providerOf(String typeId) {
        return find(typeId).map(t -> providerOfType.get(t.id()));
    }
}
