package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Init;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initial weights drawn in plain Java from a {@link SplittableRandom} (once, at construction: not a hot path),
 * so a model's initial state depends only on its seed, like {@link io.rlwb.engine.nn.Init}.
 */
final class Weights {
    private Weights() {}

    /** Normal(0, std^2) entries of the given shape. */
    static INDArray normal(SplittableRandom rng, double std, DataType dtype, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] d = new double[Math.toIntExact(n)];
        for (int i = 0; i < d.length; i++) d[i] = std * Init.gaussian(rng);
        return Nd4j.create(d, shape, dtype);
    }

    static INDArray zeros(DataType dtype, long... shape) {
        return Nd4j.zeros(dtype, shape);
    }

    static INDArray ones(DataType dtype, long... shape) {
        return Nd4j.ones(dtype, shape);
    }
}
