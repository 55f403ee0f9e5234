package io.rlwb.engine.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense network {@code in -> hidden... -> out}: an activation after every hidden layer, a linear output.
 * Layer {@code i} computes {@code x W_i + b_i} with {@code W_i} of shape {@code [in, out]} and {@code b_i} of
 * shape {@code [1, out]}, held as {@link Parameter}s named {@code "l<i>.W"} and {@code "l<i>.b"}.
 *
 * <p>Backpropagation is written by hand with ND4J ops (SameDiff's gradients have defects, see docs/stack.md). The
 * networks here are small (4-64-64-2), so each ND4J op costs more in call overhead than in arithmetic; the code
 * therefore keeps the op count low: each layer's forward is one {@code xw_plus_b} op (product and bias add
 * together, measured 1.1-4x cheaper than a gemm and a broadcasting add, the same bits) into a preallocated output,
 * weight and bias gradients are accumulated by the same gemm with {@code beta = 1} (bias gradients as
 * {@code ones[1,B] x dZ}), activations run in place, and all intermediate buffers are kept per batch size so
 * repeated calls do not allocate.
 *
 * <p>The parameters live in one {@link ParameterBlock}, so optimisers and Polyak averaging treat the network as
 * one array.
 *
 * <p>Not thread-safe: one network, one thread.
 */
public final class Mlp implements NamedTensors {
    /** Batch sizes whose buffers are kept; rollouts, minibatches and a full-batch pass need about three. */
    private static final int MAX_CACHED_BATCH_SIZES = 8;

    private final int[] sizes; // sizes[0] = in, sizes[L] = out
    private final Activation act;
    private final DataType dtype;
    private final Parameter[] weights;
    private final Parameter[] biases;
    /**
     * Each bias as a rank-1 view of the same memory, the shape {@code xw_plus_b} takes; null where the storage
     * cannot give such a view (the forward pass then adds the bias by a separate op).
     */
    private final INDArray[] biasVectors;
    private final ParameterBlock block;
    private final List<Parameter> parameters;

    /** Buffers for {@link #forward}/{@link #backward}, by batch rows, least recently used first. */
    private final Map<Integer, Buffers> trainBuffers = lruMap();
    /** Separate buffers for {@link #predict}, so acting never clobbers what a pending backward needs. */
    private final Map<Integer, Buffers> predictBuffers = lruMap();

    /** Largest forward pass (multiply-adds) that {@link #hostForward(int)} sends to the host path. */
    public static final long HOST_FORWARD_MAX_MACS = 150_000;

    /** Whether the CPU backend's host path is on ({@link #hostForward()}), and one forward row's multiply-adds. */
    private final boolean hostForward;
    /** Whether hidden activations of the ND4J forward run in Java ({@link Activation#applyInPlaceHost}, ADR 0030). */
    private final boolean hostActivation;
    private final long macsPerRow;
    /** {@link #predictHost}'s copy of the parameter block and its hidden activations, reused between calls. */
    private float[] hostValues;
    private float[][] hostActs;
    private int hostRows;

    /** State of the last {@link #forward}, consumed by {@link #backward}. */
    private Buffers pending;
    private INDArray pendingInput;

    /**
     * @param in input width
     * @param hidden hidden layer widths (may be empty: then the network is one linear layer)
     * @param out output width
     * @param act activation after each hidden layer
     * @param hiddenGain orthogonal-init gain of the hidden layers (CleanRL: {@code sqrt(2)})
     * @param outputGain orthogonal-init gain of the output layer (CleanRL: 0.01 policy, 1.0 critic)
     * @param seed seeds the weights; biases start at zero
     * @param dtype {@code FLOAT} for training, {@code DOUBLE} for gradient checks
     */
    public Mlp(int in, int[] hidden, int out, Activation act, double hiddenGain, double outputGain, long seed,
            DataType dtype) {
        this(in, hidden, out, act, hiddenGain, outputGain, seed, dtype, ParameterBlock.ND4J);
    }

    /** As the public constructor, with the parameter block's arrays from {@code storage} (tests). */
    Mlp(int in, int[] hidden, int out, Activation act, double hiddenGain, double outputGain, long seed,
            DataType dtype, ParameterBlock.Storage storage) {
        this(in, hidden, out, act, hiddenGain, outputGain, seed, dtype, storage, UpdatePath.forBackend());
    }

    /**
     * As the public constructor, with the parameter block's arrays from {@code storage} and the path chosen by the
     * caller (tests: {@link UpdatePath#DEVICE} is what every non-CPU backend runs).
     */
    Mlp(int in, int[] hidden, int out, Activation act, double hiddenGain, double outputGain, long seed,
            DataType dtype, ParameterBlock.Storage storage, UpdatePath path) {
        Objects.requireNonNull(hidden, "hidden");
        this.act = Objects.requireNonNull(act, "act");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (!dtype.isFPType()) {
            throw new IllegalArgumentException("Mlp needs a floating-point data type, got " + dtype);
        }
        sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer widths must be positive: in " + in + ", hidden "
                        + java.util.Arrays.toString(hidden) + ", out " + out);
            }
        }
        int layers = sizes.length - 1;
        weights = new Parameter[layers];
        biases = new Parameter[layers];
        ParameterBlock.Builder b = ParameterBlock.builder(dtype).storage(storage);
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < layers; i++) {
            // One split stream per layer: resizing one layer leaves the draws of the others unchanged.
            SplittableRandom layerRng = root.split();
            double gain = i == layers - 1 ? outputGain : hiddenGain;
            b.add("l" + i + ".W", Init.orthogonal(sizes[i], sizes[i + 1], gain, layerRng, dtype));
            b.add("l" + i + ".b", Nd4j.zeros(dtype, 1, sizes[i + 1]));
        }
        block = b.build();
        parameters = block.parameters();
        for (int i = 0; i < layers; i++) {
            weights[i] = parameters.get(2 * i);
            biases[i] = parameters.get(2 * i + 1);
        }
        long macs = 0;
        for (int i = 0; i < layers; i++) macs += (long) sizes[i] * sizes[i + 1];
        macsPerRow = macs;
        hostForward = dtype == DataType.FLOAT && path == UpdatePath.HOST
                && HostArrays.isPlain(block.values());
        hostActivation = hostForward && act == Activation.TANH;
        biasVectors = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            INDArray b1 = biases[i].value().reshape(sizes[i + 1]);
            // A view, never a copy: the optimiser updates the bias in place and the forward pass must see it.
            boolean view = b1.data().addressPointer().address() == biases[i].value().data().addressPointer().address()
                    && b1.offset() == biases[i].value().offset();
            biasVectors[i] = view ? b1 : null;
        }
    }

    /** {@code l0.W, l0.b, l1.W, l1.b, ...}, input layer first; views into one {@link ParameterBlock}. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The contiguous storage of all parameters and gradients. */
    public ParameterBlock block() {
        return block;
    }

    /** {@code l0.W -> [in, h0]}, {@code l0.b -> [1, h0]}, ...: views of the live weights. */
    @Override
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : parameters) out.put(p.name(), p.value());
        return out;
    }

    public DataType dataType() {
        return dtype;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public Activation activation() {
        return act;
    }

    /** The hidden layers' widths, input to output (a copy). */
    public int[] hiddenSizes() {
        return java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
    }

    /**
     * The output for a batch {@code x} of shape {@code [B, in]}, without keeping anything for backpropagation.
     *
     * @return a new {@code [B, out]} array the caller may keep
     */
    public INDArray predict(INDArray x) {
        x = checkInput(x);
        Buffers buf = buffers(predictBuffers, (int) x.rows());
        // The output is freshly allocated (one allocation, no extra op) so callers such as Critic.values can
        // keep it; hidden activations reuse the cached buffers.
        INDArray out = Nd4j.createUninitialized(dtype, x.rows(), outputSize());
        run(x, buf, out);
        return out;
    }

    /**
     * The output for a batch {@code x} of shape {@code [B, in]}, keeping the activations for one
     * {@link #backward}. {@code x} is referenced, not copied: leave it unchanged until then.
     *
     * @return {@code [B, out]}, an internal buffer overwritten by the next forward with the same batch size
     */
    public INDArray forward(INDArray x) {
        x = checkInput(x);
        Buffers buf = buffers(trainBuffers, (int) x.rows());
        run(x, buf, buf.acts[buf.acts.length - 1]);
        pending = buf;
        pendingInput = x;
        return buf.acts[buf.acts.length - 1];
    }

    /**
     * Backpropagates {@code dOut = dLoss/dOutput} ({@code [B, out]}) through the last {@link #forward}: adds
     * the parameter gradients into {@link Parameter#grad()} and returns {@code dLoss/dx}.
     *
     * @return {@code [B, in]}, an internal buffer overwritten by the next backward with the same batch size
     */
    public INDArray backward(INDArray dOut) {
        return backward(dOut, true);
    }

    /**
     * As {@link #backward(INDArray)}; with {@code inputGradient == false} the last product {@code dZ0 W0^T} is
     * skipped (a policy or critic reading observations has no use for it) and null is returned.
     */
    public INDArray backward(INDArray dOut, boolean inputGradient) {
        return backward(dOut, inputGradient, true);
    }

    /**
     * {@code dLoss/dx} through the last {@link #forward} without computing or adding any parameter gradient: the
     * weight and bias products are skipped (about half of a backward's multiply-adds). For a network whose
     * gradient with respect to its input is wanted while its own parameters are not being trained in this step,
     * as SAC's critics in the actor's loss, whose parameter gradients would be zeroed before the critic's own step.
     *
     * @return {@code [B, in]}, an internal buffer overwritten by the next backward with the same batch size
     */
    public INDArray inputGradient(INDArray dOut) {
        return backward(dOut, true, false);
    }

    private INDArray backward(INDArray dOut, boolean inputGradient, boolean parameterGradients) {
        Buffers buf = pending;
        if (buf == null) {
            throw new IllegalStateException("backward without a forward");
        }
        int rows = buf.rows;
        if (dOut.rank() != 2 || dOut.rows() != rows || dOut.columns() != outputSize()) {
            throw new IllegalArgumentException("dOut must be [" + rows + ", " + outputSize() + "], got "
                    + java.util.Arrays.toString(dOut.shape()));
        }
        if (dOut.dataType() != dtype) {
            dOut = dOut.castTo(dtype);
        }
        INDArray dZ = dOut;
        // Host path (ADR 0030): bias gradients as column sums in Java over the host copy of dZ that the activation
        // backprop makes anyway (the output layer's: one read of dOut), instead of one gemm call per layer.
        boolean hostBias = parameterGradients && hostBias(dOut);
        if (hostBias) HostArrays.readFloats(dOut, buf.hostScratch(0));
        for (int i = weights.length - 1; i >= 0; i--) {
            INDArray layerIn = i == 0 ? pendingInput : buf.acts[i - 1];
            if (parameterGradients) {
                // dW_i += layerIn^T dZ ; db_i += 1^T dZ (a gemm too: it accumulates with beta = 1, a sum op cannot).
                Nd4j.gemm(layerIn, dZ, weights[i].grad(), true, false, 1.0, 1.0);
                if (hostBias) addColumnSums(buf.hostScratch(0), rows, sizes[i + 1], buf.hostBiasSums(), biases[i]);
                else Nd4j.gemm(buf.onesRow, dZ, biases[i].grad(), false, false, 1.0, 1.0);
            }
            if (i > 0) {
                INDArray dA = buf.grads[i - 1];
                Nd4j.gemm(dZ, weights[i].value(), dA, false, true, 1.0, 0.0);
                if (hostForward) act.backpropInPlaceHost(dA, buf.acts[i - 1], buf.hostScratch(0), buf.hostScratch(1));
                else act.backpropInPlace(dA, buf.acts[i - 1], buf.scratch[i - 1]);
                dZ = dA;
            } else if (inputGradient) {
                Nd4j.gemm(dZ, weights[0].value(), buf.inputGrad, false, true, 1.0, 0.0);
                return buf.inputGrad;
            }
        }
        return null;
    }

    /** Whether {@link #backward} can sum bias gradients in Java: the host path, a plain FLOAT {@code dOut}. */
    private boolean hostBias(INDArray dOut) {
        return hostForward && dOut.dataType() == DataType.FLOAT && HostArrays.isPlain(dOut)
                && HostArrays.isPlain(block.grads());
    }

    /** {@code bias.grad += 1^T dz} for a row-major {@code [rows, m]} host copy {@code dz}, summed row by row. */
    private void addColumnSums(float[] dz, int rows, int m, float[] sums, Parameter bias) {
        java.util.Arrays.fill(sums, 0, m, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * m;
            for (int j = 0; j < m; j++) sums[j] += dz[o + j];
        }
        HostArrays.addFloatsAt(block.grads(), bias.offset(), sums, m);
    }

    /**
     * Whether the CPU backend's host path is on (ADR 0029): a FLOAT network on ND4J's CPU backend with the host
     * path chosen ({@link UpdatePath#forBackend}, ADR 0011). Then {@link #predictHost} may be used, and
     * {@link #backward} turns activation gradients into pre-activation gradients in Java over bulk copies
     * ({@link Activation#backpropInPlaceHost}) and sums bias gradients in Java; the forward passes apply tanh in
     * Java ({@link HostTanh}, ADR 0030). The products stay BLAS calls. The results agree with the ND4J path to float
     * rounding, not bit for bit. On any other backend the parameters live on the device and everything stays in ND4J ops;
     * {@code -Drlwb.nn.updatePath=device} forces that on the CPU backend too.
     */
    public boolean hostForward() {
        return hostForward;
    }

    /**
     * Whether {@link #predictHost} is the cheaper way to compute {@code rows} rows: {@link #hostForward()} and at
     * most {@link #HOST_FORWARD_MAX_MACS} multiply-adds. Measured (thread CPU time per call, docs/benchmarks.md): at
     * 4-64-64-2, 11 / 19 / 74 us on the host against 88 / 79 / 116 us through ND4J for 1 / 4 / 20 rows (4,480 to
     * 89,600 multiply-adds); at 3-256-256-2, 48 against 92 us for one row (66,816) but 148 against 101 us for four.
     */
    public boolean hostForward(int rows) {
        return hostForward && (long) rows * macsPerRow <= HOST_FORWARD_MAX_MACS;
    }

    /**
     * The CPU backend's fast path of {@link #predict} for the small batches of acting (a rollout's handful of
     * environments, an evaluation's episodes): the same layers ({@code x W + b}, the activation) in plain Java over
     * one bulk copy of the parameter block ({@link HostArrays#readFloats}, the one named host read of this path).
     * At PPO's sizes one ND4J op costs more call overhead than a layer's arithmetic (docs/benchmarks.md, "CleanRL
     * side by side"), and acting runs five ops per environment step. Float arithmetic with one multiply and one add
     * per term (vectorised by the JIT), accumulated in input order; the results agree with {@link #predict} to float
     * rounding (BLAS orders and fuses the sums differently), not bit for bit.
     *
     * @param x row-major {@code [rows, in]} inputs
     * @param rows batch rows
     * @param out receives the row-major {@code [rows, out]} outputs
     * @throws IllegalStateException when {@link #hostForward()} is false
     */
    public void predictHost(float[] x, int rows, float[] out) {
        if (!hostForward) {
            throw new IllegalStateException("predictHost needs a FLOAT network on the CPU backend's host path");
        }
        int in = inputSize();
        if (rows < 1 || x.length < rows * in || out.length < rows * outputSize()) {
            throw new IllegalArgumentException("predictHost: " + rows + " rows of " + in + " inputs need x of "
                    + rows * in + " and out of " + rows * outputSize() + " floats, got " + x.length + " and "
                    + out.length);
        }
        if (hostValues == null) hostValues = new float[Math.toIntExact(block.length())];
        HostArrays.readFloats(block.values(), hostValues);
        float[] v = hostValues;
        int last = weights.length - 1;
        if (hostActs == null || hostRows < rows) {
            hostRows = rows;
            hostActs = new float[last][];
            for (int i = 0; i < last; i++) hostActs[i] = new float[rows * sizes[i + 1]];
        }
        float[] h = x;
        for (int i = 0; i <= last; i++) {
            int n = sizes[i];
            int m = sizes[i + 1];
            int w = (int) weights[i].offset();
            int bias = (int) biases[i].offset();
            float[] z = i == last ? out : hostActs[i];
            for (int r = 0; r < rows; r++) {
                int zo = r * m;
                System.arraycopy(v, bias, z, zo, m); // start from the bias
                int ho = r * n;
                int k = 0;
                for (; k + 4 <= n; k += 4) {
                    // Four weight rows per pass over the output row: a quarter of the loads and stores of z per
                    // multiply-add, in a loop the JIT vectorises.
                    float h0 = h[ho + k], h1 = h[ho + k + 1], h2 = h[ho + k + 2], h3 = h[ho + k + 3];
                    int w0 = w + k * m, w1 = w0 + m, w2 = w1 + m, w3 = w2 + m;
                    for (int j = 0; j < m; j++) {
                        z[zo + j] += h0 * v[w0 + j] + h1 * v[w1 + j] + h2 * v[w2 + j] + h3 * v[w3 + j];
                    }
                }
                for (; k < n; k++) {
                    float hk = h[ho + k];
                    int wo = w + k * m;
                    for (int j = 0; j < m; j++) z[zo + j] += hk * v[wo + j];
                }
            }
            if (i < last) act.applyHost(z, 0, rows * m);
            h = z;
        }
    }

    /** Clears every parameter gradient (one ND4J op). */
    public void zeroGrad() {
        block.grads().assign(0);
    }

    private void run(INDArray x, Buffers buf, INDArray out) {
        INDArray h = x;
        int last = weights.length - 1;
        for (int i = 0; i <= last; i++) {
            INDArray z = i == last ? out : buf.acts[i];
            if (biasVectors[i] != null) {
                // z = h W + b in one op (one call's overhead instead of a gemm's and a broadcasting add's).
                Nd4j.exec(new XwPlusB(new INDArray[] {h, weights[i].value(), biasVectors[i]}, z));
            } else {
                Nd4j.gemm(h, weights[i].value(), z, false, false, 1.0, 0.0);
                Nd4j.exec(new AddOp(z, biases[i].value(), z));
            }
            if (i < last) {
                // The host path (ADR 0030): one copy out and back around a vectorised Java loop (HostTanh), cheaper
                // than tanh's four ND4J ops at PPO's sizes. Elsewhere, and for ReLU, ND4J's kernel.
                if (hostActivation) act.applyInPlaceHost(z, buf.hostScratch(0));
                else act.applyInPlace(z);
            }
            h = z;
        }
    }

    private INDArray checkInput(INDArray x) {
        Objects.requireNonNull(x, "x");
        if (x.rank() != 2 || x.columns() != inputSize() || x.rows() < 1) {
            throw new IllegalArgumentException("input must be [B, " + inputSize() + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x.dataType() == dtype ? x : x.castTo(dtype);
    }

    private Buffers buffers(Map<Integer, Buffers> cache, int rows) {
        Buffers b = cache.get(rows);
        if (b == null) {
            b = new Buffers(rows, cache == trainBuffers);
            cache.put(rows, b);
        }
        return b;
    }

    private static Map<Integer, Buffers> lruMap() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
                return size() > MAX_CACHED_BATCH_SIZES;
            }
        };
    }

    /** Everything one batch size needs; allocated once per size. */
    private final class Buffers {
        final int rows;
        /** Output of each layer (post-activation for hidden layers, the linear output last). */
        final INDArray[] acts;
        /** dLoss/d(hidden activation), turned into dLoss/d(pre-activation) in place. */
        final INDArray[] grads;
        final INDArray[] scratch;
        final INDArray onesRow;
        final INDArray inputGrad;
        private final float[][] host = new float[2][];

        private float[] biasSums;

        /** Two float arrays of {@code rows} times the widest layer after the input (hidden or output). */
        float[] hostScratch(int which) {
            if (host[which] == null) {
                int widest = 0;
                for (int i = 1; i < sizes.length; i++) widest = Math.max(widest, sizes[i]);
                host[which] = new float[rows * widest];
            }
            return host[which];
        }

        /** One float per unit of the widest layer: {@link #addColumnSums}'s sums. */
        float[] hostBiasSums() {
            if (biasSums == null) biasSums = new float[hostScratch(0).length / rows];
            return biasSums;
        }

        /** @param training whether to allocate the backward buffers too (predict needs only activations) */
        Buffers(int rows, boolean training) {
            this.rows = rows;
            int layers = weights.length;
            acts = new INDArray[layers];
            // predict writes its output into a fresh array, so only training needs the last layer's buffer.
            for (int i = 0; i < (training ? layers : layers - 1); i++) {
                acts[i] = Nd4j.create(dtype, rows, sizes[i + 1]);
            }
            if (!training) {
                grads = null;
                scratch = null;
                onesRow = null;
                inputGrad = null;
                return;
            }
            grads = new INDArray[layers - 1];
            scratch = new INDArray[layers - 1];
            for (int i = 0; i < layers - 1; i++) {
                grads[i] = Nd4j.create(dtype, rows, sizes[i + 1]);
                scratch[i] = Nd4j.create(dtype, rows, sizes[i + 1]);
            }
            onesRow = Nd4j.ones(dtype, 1, rows);
            inputGrad = Nd4j.create(dtype, rows, sizes[0]);
        }
    }
}
