package io.rlwb.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds executors by name: {@code local} is built in, others come from {@link TrialRunnerProvider}s. */
public final class TrialRunners {
    /** The in-process executor's name. */
    public static final String LOCAL = "local";

    private TrialRunners() {}

    /**
     * Opens executor {@code name}, looking for providers in {@code loader} (null: this class's loader).
     *
     * @throws IllegalArgumentException naming the executors there are when none is called {@code name}
     */
    public static TrialRunner open(String name, ExecutorSettings settings, ClassLoader loader) {
        if (LOCAL.equals(name)) return new LocalTrialRunner(settings.parallel(), settings.registry());
        List<String> known = new ArrayList<>(List.of(LOCAL));
        try {
            for (TrialRunnerProvider p : ServiceLoader.load(TrialRunnerProvider.class,
                    loader != null ? loader : TrialRunners.class.getClassLoader())) {
                if (p.name().equals(name)) return p.open(settings);
                known.add(p.name());
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("--executor " + name + ": an executor provider is broken: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("--executor " + name + ": no such executor (there are: "
                + String.join(", ", known) + ")");
    }

    /**
     * Where executor {@code name}'s provider is looked for: {@code app} for {@code local} and for an executor whose
     * provider {@code app} already sees (Spark on the class path: tests, {@code spark-submit}); otherwise a class
     * loader of its own over its folder ({@link ExecutorClassLoader#folder}, under system property
     * {@code workbench.home}), so that its dependencies load only now (docs/decisions/0023).
     */
    public static ClassLoader loaderFor(String name, ClassLoader app) {
        if (LOCAL.equals(name)) return app;
        for (TrialRunnerProvider p : ServiceLoader.load(TrialRunnerProvider.class, app)) {
            if (p.name().equals(name)) return app;
        }
        java.nio.file.Path folder = ExecutorClassLoader.folder(name, java.nio.file.Path.of(System.getProperty("workbench.home", ".")));
        if (!java.nio.file.Files.isDirectory(folder) && !"spark".equals(name)) return app;
        return ExecutorClassLoader.forFolder(name, folder, app);
    }
}
