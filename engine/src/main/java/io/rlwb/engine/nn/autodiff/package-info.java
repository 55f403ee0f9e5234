/**
 * Reverse-mode automatic differentiation over ND4J arrays: a {@link io.rlwb.engine.nn.autodiff.Tape} of eagerly
 * computed operations and the differentiable primitives in {@link io.rlwb.engine.nn.autodiff.Ops}
 * (ADR 0010, docs/nn.md).
 */
package io.rlwb.engine.nn.autodiff;
