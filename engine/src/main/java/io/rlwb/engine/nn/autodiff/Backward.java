package io.rlwb.engine.nn.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The derivative of one recorded operation: given the gradient of the loss with respect to the operation's
 * output, return the gradient with respect to each input, in the order the inputs were passed to
 * {@link Tape#record}. An entry may be {@code null} for an input that needs no gradient (the tape skips it).
 *
 * <p>Implementations must not modify {@code gradOut} in place, and must return arrays of exactly the input's
 * shape (the tape checks). They may return {@code gradOut} itself or a view of it: the tape never writes into
 * such an array. A returned array must not be modified by the backward function afterwards.
 */
@FunctionalInterface
public interface Backward {
    INDArray[] apply(INDArray gradOut);
}
