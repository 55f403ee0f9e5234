package io.rlwb.engine.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader of an executor that is not on the application's class path (Spark): its plugin jar and its
 * dependencies in a folder of their own, loaded only when that executor is asked for
 * (docs/decisions/0023-spark-executor-in-its-own-class-loader.md).
 *
 * <p>It looks in its own jars first ("child first"), so the executor's libraries (Spark's newer commons-lang3,
 * commons-io, Jackson's Scala module, log4j) win over the application's older copies, except for the workbench's own
 * classes ({@code io.rlwb.}), ND4J/JavaCPP ({@code org.nd4j.}, {@code org.bytedeco.}) and SLF4J ({@code org.slf4j.}: one
 * logging facade whose binding is the application's), which always come from the application: the trial runner and the trials it runs in this process share the application's engine, node
 * registry and native ND4J.
 */
public final class ExecutorClassLoader extends URLClassLoader {
    /** Packages the application always provides, whatever the executor's folder holds. */
    private static final List<String> SHARED = List.of("io.rlwb.", "org.nd4j.", "org.bytedeco.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private ExecutorClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    /**
     * A loader over the jars of {@code dir} and of {@code dir/jars} (the layout of {@code plugins/spark}'s
     * {@code target/spark-executor}, and of a Spark installation's {@code $SPARK_HOME}).
     *
     * @throws IllegalArgumentException naming the folder when it is missing or holds no jar
     */
    public static ExecutorClassLoader forFolder(String executor, Path dir, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve("jars"))) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path jar : s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + d, e);
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("--executor " + executor + ": no jars in " + dir
                    + " (build it with ./mvnw install -pl plugins/" + executor + ", or point "
                    + folderProperty(executor) + " at its folder)");
        }
        return new ExecutorClassLoader("executor-" + executor, urls.toArray(URL[]::new), parent);
    }

    /**
     * The folder of executor {@code name}: system property {@code workbench.executor.NAME.dir} when set, else
     * {@code plugins/NAME/target/NAME-executor} under {@code workbenchHome} (the repository ./workbench runs from).
     */
    public static Path folder(String name, Path workbenchHome) {
        String set = System.getProperty(folderProperty(name));
        if (set != null && !set.isBlank()) return Path.of(set);
        return workbenchHome.resolve("plugins").resolve(name).resolve("target").resolve(name + "-executor");
    }

    static String folderProperty(String name) {
        return "workbench.executor." + name + ".dir";
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !shared(name)) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    // not the executor's: the application's (or the JDK's)
                }
            }
            if (c == null) c = super.loadClass(name, false);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    private static boolean shared(String className) {
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.")) return true;
        for (String p : SHARED) {
            if (className.startsWith(p)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return getName() + " " + List.of(getURLs()).size() + " jars";
    }

    /** Whether a class name is always taken from the application, never from the executor's jars. */
    static boolean isShared(String className) {
        return shared(className);
    }
}
