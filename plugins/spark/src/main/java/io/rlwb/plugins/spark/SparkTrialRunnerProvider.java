package io.rlwb.plugins.spark;

import io.rlwb.engine.sweep.ExecutorSettings;
import io.rlwb.engine.sweep.TrialRunner;
import io.rlwb.engine.sweep.TrialRunnerProvider;

/** {@code --executor spark}: found by {@link java.util.ServiceLoader} in the executor's class loader. */
public final class SparkTrialRunnerProvider implements TrialRunnerProvider {
    @Override
    public String name() {
        return SparkTrialRunner.NAME;
    }

    @Override
    public TrialRunner open(ExecutorSettings settings) {
        return new SparkTrialRunner(SparkSettings.of(settings), settings);
    }
}
