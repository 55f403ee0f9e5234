/** Validation before anything runs: structure, parameters, wiring, cycles, and shape inference. */
package io.rlwb.engine.validate;
