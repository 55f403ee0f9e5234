/**
 * Small neural networks on ND4J with hand-written backpropagation, and optimisers. Parameters live in ND4J
 * arrays ({@link io.rlwb.engine.nn.ParameterBlock}); Adam, gradient clipping, zeroing and Polyak averaging run on
 * the backend's {@link io.rlwb.engine.nn.UpdatePath} (ND4J ops on a device, a measured Java path on the CPU
 * backend; ADR 0011); host traffic goes through {@link io.rlwb.engine.nn.HostArrays}; modules expose
 * {@link io.rlwb.engine.nn.NamedTensors} that {@link io.rlwb.engine.nn.TensorFile} saves as numpy {@code .npz}.
 */
package io.rlwb.engine.nn;
