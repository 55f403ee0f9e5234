package io.rlwb.engine.nn.autodiff;

import io.rlwb.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reverse-mode automatic differentiation over ND4J arrays: a list of the operations of one forward pass, each
 * with its {@link Backward}, replayed in reverse by {@link #backward}. Every primitive in {@link Ops} computes
 * its output eagerly with ND4J ops and, when the tape records, appends one entry; nothing is compiled, so the
 * per-step cost is the ND4J calls themselves plus one small object per operation.
 *
 * <p>A tape lives for one forward and one backward pass: make a new one per training step. An
 * {@linkplain #inference() inference tape} records nothing (decoding, evaluation). Parameters enter through
 * {@link #param}: the same {@link Parameter} gives the same leaf tensor each time on one tape, and that leaf's
 * gradient array is the parameter's {@code grad()}, so a parameter used twice (tied embedding and output
 * weights) accumulates both gradients, and gradients add onto whatever the parameter already held, as
 * {@link io.rlwb.engine.nn.Parameter} documents (the trainer zeroes them).
 *
 * <p>ADR 0010 records why this tape and not SameDiff. Not thread-safe.
 */
public final class Tape {
    private final boolean recording;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Parameter, Tensor> params = new IdentityHashMap<>();
    private boolean done;

    private Tape(boolean recording) {
        this.recording = recording;
    }

    /** A tape that records operations for {@link #backward}. */
    public static Tape training() {
        return new Tape(true);
    }

    /** A tape that only computes values: no gradients, nothing kept. */
    public static Tape inference() {
        return new Tape(false);
    }

    public boolean recording() {
        return recording;
    }

    /** The leaf tensor of a trainable parameter (one per parameter per tape). */
    public Tensor param(Parameter p) {
        Objects.requireNonNull(p, "parameter");
        return params.computeIfAbsent(p, k -> new Tensor(this, k.value(), recording, recording ? k.grad() : null));
    }

    /** A tensor that receives no gradient (inputs, masks, cached keys). */
    public Tensor constant(INDArray value) {
        return new Tensor(this, Objects.requireNonNull(value, "value"), false, null);
    }

    /**
     * A leaf tensor that collects a gradient without being a {@link Parameter} (tests, inputs whose gradient is
     * wanted).
     */
    public Tensor leaf(INDArray value) {
        return new Tensor(this, Objects.requireNonNull(value, "value"), recording, null);
    }

    /**
     * Records one operation: {@code value} is its output, computed already; {@code backward} maps the output's
     * gradient to the inputs'. This is how every primitive in {@link Ops} is written, and how a new one is
     * added (docs/nn.md).
     *
     * @param op a name for error messages
     */
    public Tensor record(String op, INDArray value, Backward backward, Tensor... inputs) {
        boolean needs = false;
        for (Tensor in : inputs) {
            if (in.tape() != this) {
                throw new IllegalArgumentException(op + ": an input tensor belongs to another tape");
            }
            needs |= in.requiresGrad();
        }
        if (!recording || !needs) {
            return new Tensor(this, value, false, null);
        }
        Tensor out = new Tensor(this, value, true, null);
        entries.add(new Entry(op, out, inputs, backward));
        return out;
    }

    /**
     * Backpropagates from {@code loss} (any shape; its own gradient is taken as ones, so a non-scalar loss is
     * summed) through every recorded operation. Can run once per tape.
     */
    public void backward(Tensor loss) {
        backward(loss, loss.value().ulike().assign(1));
    }

    /** Backpropagates {@code seed}, the gradient of some scalar with respect to {@code output}. */
    public void backward(Tensor output, INDArray seed) {
        if (!recording) {
            throw new IllegalStateException("backward on an inference tape");
        }
        if (done) {
            throw new IllegalStateException("backward already ran on this tape; record a new one per step");
        }
        if (output.tape() != this) {
            throw new IllegalArgumentException("backward: the output belongs to another tape");
        }
        done = true;
        if (!output.requiresGrad()) {
            return; // nothing trainable contributed
        }
        output.accumulate(seed, false, "backward seed");
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            INDArray g = e.out.grad();
            if (g == null) {
                continue; // this output did not reach the loss
            }
            INDArray[] grads = e.backward.apply(g);
            if (grads.length != e.inputs.length) {
                throw new IllegalStateException(e.op + ": backward returned " + grads.length + " gradients for "
                        + e.inputs.length + " inputs");
            }
            for (int k = 0; k < grads.length; k++) {
                Tensor in = e.inputs[k];
                if (!in.requiresGrad() || grads[k] == null) {
                    continue;
                }
                boolean owned = grads[k] != g && !grads[k].isView() && !sharedWithEarlier(grads, k);
                in.accumulate(grads[k], owned, e.op);
            }
            e.out.releaseGrad();
        }
        entries.clear();
    }

    /** Number of operations recorded so far (for benchmarks and tests). */
    public int size() {
        return entries.size();
    }

    private static boolean sharedWithEarlier(INDArray[] grads, int k) {
        for (int j = 0; j < grads.length; j++) {
            if (j != k && grads[j] == grads[k]) {
                return true;
            }
        }
        return false;
    }

    private record Entry(String op, Tensor out, Tensor[] inputs, Backward backward) {}
}
