package io.rlwb.engine.nn.autodiff;

import io.rlwb.engine.nn.FiniteDifferences;
import io.rlwb.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of tape gradients, in double precision. The function's output (any shape) is
 * reduced to the scalar {@code sum(out * R)} with fixed random weights {@code R}, so every output element's
 * derivative is checked, each with a different weight.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Random DOUBLE array of {@code shape}, uniform in [-scale, scale]. */
    public static INDArray uniform(SplittableRandom rng, double scale, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] d = new double[Math.toIntExact(n)];
        for (int i = 0; i < d.length; i++) d[i] = scale * (2 * rng.nextDouble() - 1);
        return Nd4j.create(d, shape, DataType.DOUBLE);
    }

    /**
     * Checks d loss / d input for every input array (DOUBLE, c-order, not views) of {@code f}, which builds its
     * output from the given leaf tensors on the given tape.
     */
    public static void check(String what, List<INDArray> inputs, Function<List<Tensor>, Tensor> f) {
        Tape tape = Tape.training();
        List<Tensor> leaves = new ArrayList<>();
        for (INDArray in : inputs) leaves.add(tape.leaf(in));
        Tensor out = f.apply(leaves);
        INDArray weights = uniform(new SplittableRandom(99), 1.0, out.shape());
        tape.backward(Ops.sum(Ops.mul(out, tape.constant(weights))));
        for (int i = 0; i < inputs.size(); i++) {
            INDArray g = leaves.get(i).grad() == null ? inputs.get(i).ulike().assign(0) : leaves.get(i).grad();
            double[] numeric = numeric(inputs.get(i), () -> {
                Tape t = Tape.inference();
                List<Tensor> cs = new ArrayList<>();
                for (INDArray in : inputs) cs.add(t.constant(in));
                return f.apply(cs).value().mul(weights).sumNumber().doubleValue();
            });
            assertMatches(what + ", input " + i, g, numeric);
        }
    }

    /**
     * Checks the gradients a module's backward pass left in {@code params} (zeroed before {@code loss} ran once
     * on a training tape) against central differences of {@code loss} evaluated on inference tapes.
     */
    public static void checkParameters(String what, List<Parameter> params, Function<Tape, Tensor> loss) {
        for (Parameter p : params) p.zeroGrad();
        Tape tape = Tape.training();
        tape.backward(loss.apply(tape));
        for (Parameter p : params) {
            double[] numeric = numeric(p.value(), () -> loss.apply(Tape.inference()).value().sumNumber().doubleValue());
            assertMatches(what + ", " + p.name(), p.grad(), numeric);
        }
    }

    /**
     * Below this magnitude errors are judged absolutely: a whole network's loss carries about 1e-9 of rounding
     * noise in a central difference, so a true gradient of zero (a key bias, which softmax ignores) reads as
     * ~1e-9. Relative to this floor the tolerance is {@link FiniteDifferences#TOLERANCE}, i.e. 1e-8 absolute.
     */
    public static final double FLOOR = 1e-3;

    /** Element by element, |analytic - numeric| / max(|analytic|, |numeric|, FLOOR) < 1e-5. */
    public static void assertMatches(String what, INDArray analytic, double[] numeric) {
        double[] a = analytic.dup('c').data().asDouble();
        org.assertj.core.api.Assertions.assertThat(a).as(what + " length").hasSize(numeric.length);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(a[i] - numeric[i]) / Math.max(FLOOR, Math.max(Math.abs(a[i]), Math.abs(numeric[i])));
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        org.assertj.core.api.Assertions.assertThat(worst)
                .as("%s: worst relative error at element %d (analytic %s, numeric %s)", what, worstAt,
                        worstAt < 0 ? "-" : a[worstAt], worstAt < 0 ? "-" : numeric[worstAt])
                .isLessThan(FiniteDifferences.TOLERANCE);
    }

    /** Central differences of {@code loss} with respect to every element of {@code x}, perturbed in place. */
    public static double[] numeric(INDArray x, Supplier<Double> loss) {
        if (x.dataType() != DataType.DOUBLE || x.ordering() != 'c' || x.isView()) {
            throw new IllegalArgumentException("finite differences need a DOUBLE c-order array that is not a view");
        }
        double[] g = new double[Math.toIntExact(x.length())];
        for (int i = 0; i < g.length; i++) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + FiniteDifferences.EPS);
            double up = loss.get();
            x.putScalar(i, orig - FiniteDifferences.EPS);
            double down = loss.get();
            x.putScalar(i, orig);
            g[i] = (up - down) / (2 * FiniteDifferences.EPS);
        }
        return g;
    }
}
