package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.MetricSpec;

/** The held-out accuracy keys every alignment trainer records, before and after its RL phase. */
final class Evals {
    private Evals() {}

    static final MetricSpec INITIAL = MetricSpec.of("eval/accuracy_initial", MetricSpec.Role.KEY,
            "Held-out greedy exact match before the RL phase (after any supervised start)");
    static final MetricSpec FINAL = MetricSpec.of("eval/accuracy", MetricSpec.Role.KEY,
            "Held-out greedy exact match after the RL phase");
}
