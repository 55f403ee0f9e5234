/** Small neural networks on ND4J with hand-written backpropagation, and optimisers. */
package io.rlwb.engine.nn;
