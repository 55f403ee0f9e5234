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
}
