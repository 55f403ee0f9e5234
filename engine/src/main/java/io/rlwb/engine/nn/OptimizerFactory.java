package io.rlwb.engine.nn;

import java.util.List;

/** What an optimiser node hands out: it makes one optimiser per set of parameters a trainer updates. */
public interface OptimizerFactory {
    Optimizer create(List<Parameter> parameters);
}
