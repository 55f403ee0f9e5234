package io.rlwb.plugins.llm.kv;

import io.rlwb.engine.telemetry.KvCacheSnapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * KIVI-style quantised storage (Liu et al. 2024, "KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV
 * Cache"): keys quantised per channel (one scale and zero point per channel over a group of {@code group}
 * tokens), values per token (one per token over a group of {@code valueGroup} channels), {@code bits} = 2 or 4,
 * and the most recent tokens in full precision, with KIVI's streaming rule (its Algorithm 1 and reference
 * implementation):
 *
 * <ul>
 *   <li><b>Values</b> are quantised per token, so a value needs no other token: exactly the {@code residual} most
 *       recent values stay in full precision ({@code min(n, residual)} of {@code n}); each older one is quantised
 *       as it leaves that window.
 *   <li><b>Keys</b> are quantised per channel over {@code group} tokens, so they wait for whole groups: full-
 *       precision keys accumulate until they number {@link Config#keyBlock() keyBlock} (the residual rounded up to
 *       a whole number of groups, at least one group), then all of them are quantised, {@code group} tokens a
 *       group, and the buffer starts again empty. {@code n mod keyBlock} keys are in full precision. KIVI requires
 *       the residual to be a multiple of the group; then {@code keyBlock = residual}, exactly KIVI's rule.
 * </ul>
 *
 * <p>Both rules apply as rows are appended (before the kernel reads), so the store always holds what KIVI's cache
 * holds between decode steps. (KIVI quantises after the step's attention, so the step that completes a key block
 * or pushes a value out of the residual still reads it in full precision; here that step reads it quantised.)
 *
 * <p>Held per slot: packed codes ({@link DataType#UBYTE}, {@code 8 / bits} codes a byte) of keys and values,
 * key scales and zero points {@code [B, H, key groups, D]}, value scales and zero points {@code [B, H, quantised
 * values, D / valueGroup]} (the model's type, or {@code scaleType}), and the full-precision keys and values.
 * Reads dequantise everything (a transient array, not held).
 */
public final class KiviStore implements KvStore {
    /**
     * KIVI parameters.
     *
     * @param bits 2 or 4
     * @param group tokens per key quantisation group (and per quantised block); KIVI uses 32
     * @param valueGroup channels per value quantisation group; must divide the head size
     * @param residual tokens kept in full precision; KIVI uses 128
     * @param scaleType the type scales and zero points are kept in ({@link DataType#HALF} as KIVI), or null for
     *     the model's type
     */
    public record Config(int bits, int group, int valueGroup, int residual, DataType scaleType) {
        /** Scales and zero points in the model's type. */
        public Config(int bits, int group, int valueGroup, int residual) {
            this(bits, group, valueGroup, residual, null);
        }

        /** The same parameters with scales and zero points kept as {@code type}. */
        public Config withScales(DataType type) {
            return new Config(bits, group, valueGroup, residual, type);
        }

        public Config {
            if (scaleType != null && !scaleType.isFPType()) {
                throw new IllegalArgumentException("KIVI parameter scaleType: " + scaleType
                        + " is not a floating-point type");
            }
            if (bits != 2 && bits != 4) {
                throw new IllegalArgumentException("KIVI parameter bits: " + bits + " is not 2 or 4");
            }
            if (group <= 0) throw new IllegalArgumentException("KIVI parameter group: " + group + " must be positive");
            if (valueGroup <= 0) {
                throw new IllegalArgumentException("KIVI parameter valueGroup: " + valueGroup + " must be positive");
            }
            if (residual < 0) {
                throw new IllegalArgumentException("KIVI parameter residual: " + residual + " must be 0 or more");
            }
        }

        /** KIVI's defaults scaled to small heads: group 32, value groups of 16 channels, residual 32. */
        public static Config defaults(int bits) {
            return new Config(bits, 32, 16, 32);
        }

        /**
         * Full-precision keys accumulate until there are this many, then are quantised together: the residual
         * rounded up to a multiple of {@code group}, at least one group ({@code residual} itself whenever it is a
         * multiple of the group, as KIVI requires).
         */
        public int keyBlock() {
            return group * Math.max(1, (residual + group - 1) / group);
        }

        /** Checks the parameters fit heads of size {@code headDim}. */
        void check(long headDim) {
            if (headDim % valueGroup != 0) {
                throw new IllegalArgumentException("KIVI parameter valueGroup: " + valueGroup
                        + " does not divide the head size " + headDim);
            }
            if (headDim * bits % 8 != 0) {
                throw new IllegalArgumentException("KIVI: head size " + headDim + " at " + bits
                        + " bits does not fill whole bytes");
            }
        }
    }

    private final Config cfg;
    private final KvShape shape;
    private final Slot[] slots;

    public KiviStore(int slots, KvShape shape, Config cfg) {
        cfg.check(shape.headDim());
        this.cfg = cfg;
        this.shape = shape;
        this.slots = new Slot[slots];
        for (int i = 0; i < slots; i++) this.slots[i] = new Slot();
    }

    /** The factory of KIVI stores with {@code cfg}. */
    public static KvStore.Factory factory(Config cfg) {
        return (n, s) -> new KiviStore(n, s, cfg);
    }

    public Config config() {
        return cfg;
    }

    private final class Slot {
        final long b = shape.batch();
        final long h = shape.heads();
        final long d = shape.headDim();
        final DataType dt = shape.dtype();
        final DataType st = cfg.scaleType() == null ? dt : cfg.scaleType();
        final RowBuffer resK = new RowBuffer(b, h, d, dt, cfg.keyBlock());
        final RowBuffer resV = new RowBuffer(b, h, d, dt, cfg.residual() + 1L);
        final RowBuffer kCodes = new RowBuffer(b, h, d * cfg.bits() / 8, DataType.UBYTE, 4L * cfg.group());
        final RowBuffer kScale = new RowBuffer(b, h, d, st, 4);
        final RowBuffer kMin = new RowBuffer(b, h, d, st, 4);
        final RowBuffer vCodes = new RowBuffer(b, h, d * cfg.bits() / 8, DataType.UBYTE, 4L * cfg.group());
        final RowBuffer vScale = new RowBuffer(b, h, d / cfg.valueGroup(), st, 4L * cfg.group());
        final RowBuffer vMin = new RowBuffer(b, h, d / cfg.valueGroup(), st, 4L * cfg.group());

        RowBuffer[] all() {
            return new RowBuffer[] {resK, resV, kCodes, kScale, kMin, vCodes, vScale, vMin};
        }

        /** Quantises the oldest {@code group} full-precision keys: per channel over those tokens. */
        void quantiseKeyGroup() {
            int g = cfg.group();
            INDArray[] kq = Quantizer.quantise(resK.view(0, g).dup(), 2, cfg.bits(), cfg.scaleType());
            kCodes.append(Quantizer.pack(kq[0], cfg.bits()));
            kScale.append(kq[1]);
            kMin.append(kq[2]);
            resK.dropFirst(g);
        }

        /** Quantises the oldest {@code t} full-precision values: each token over groups of valueGroup channels. */
        void quantiseValues(long t) {
            long gv = cfg.valueGroup();
            INDArray v = resV.view(0, t).dup().reshape(b, h, t, d / gv, gv);
            INDArray[] vq = Quantizer.quantise(v, 4, cfg.bits(), cfg.scaleType());
            vCodes.append(Quantizer.pack(vq[0].reshape(b, h, t, d), cfg.bits()));
            vScale.append(vq[1].reshape(b, h, t, d / gv));
            vMin.append(vq[2].reshape(b, h, t, d / gv));
            resV.dropFirst(t);
        }

        INDArray keys() {
            long n = kCodes.rows();
            if (n == 0) return resK.view();
            int g = cfg.group();
            INDArray kc = Quantizer.unpack(kCodes.view(), cfg.bits(), dt).reshape(b, h, n / g, g, d);
            INDArray kx = Quantizer.dequantise(kc, kScale.view().castTo(dt).reshape(b, h, n / g, 1, d),
                    kMin.view().castTo(dt).reshape(b, h, n / g, 1, d)).reshape(b, h, n, d);
            return resK.rows() == 0 ? kx : Nd4j.concat(2, kx, resK.view());
        }

        INDArray values() {
            long n = vCodes.rows();
            if (n == 0) return resV.view();
            long gv = cfg.valueGroup();
            INDArray vc = Quantizer.unpack(vCodes.view(), cfg.bits(), dt).reshape(b, h, n, d / gv, gv);
            INDArray vx = Quantizer.dequantise(vc, vScale.view().castTo(dt).reshape(b, h, n, d / gv, 1),
                    vMin.view().castTo(dt).reshape(b, h, n, d / gv, 1)).reshape(b, h, n, d);
            return resV.rows() == 0 ? vx : Nd4j.concat(2, vx, resV.view());
        }
    }

    @Override
    public void append(int slot, INDArray keys, INDArray values) {
        Slot s = slots[slot];
        s.resK.append(keys);
        s.resV.append(values);
        int block = cfg.keyBlock();
        while (s.resK.rows() >= block) {
            for (int i = 0; i < block / cfg.group(); i++) s.quantiseKeyGroup();
        }
        long over = s.resV.rows() - cfg.residual();
        if (over > 0) s.quantiseValues(over);
    }

    @Override
    public INDArray[] read(int slot) {
        Slot s = slots[slot];
        return new INDArray[] {s.keys(), s.values()};
    }

    @Override
    public long rows(int slot) {
        return slots[slot].kCodes.rows() + slots[slot].resK.rows();
    }

    /** Keys of {@code slot} held quantised (the oldest; whole groups). */
    public long quantisedKeyRows(int slot) {
        return slots[slot].kCodes.rows();
    }

    /** Values of {@code slot} held quantised (the oldest). */
    public long quantisedValueRows(int slot) {
        return slots[slot].vCodes.rows();
    }

    /**
     * Drops the oldest rows: keys that are quantised go in whole groups only, so fewer than {@code n} rows go when
     * {@code n} ends inside the quantised keys; values follow the keys (quantised first, then full precision).
     */
    @Override
    public long dropOldest(int slot, long n) {
        Slot s = slots[slot];
        long kq = s.kCodes.rows();
        long r = n < kq ? cfg.group() * (n / cfg.group()) : Math.min(n, rows(slot));
        if (r <= 0) return 0;
        long kDrop = Math.min(r, kq); // a whole number of groups: r is, or kq is
        s.kCodes.dropFirst(kDrop);
        s.kScale.dropFirst(kDrop / cfg.group());
        s.kMin.dropFirst(kDrop / cfg.group());
        s.resK.dropFirst(r - kDrop);
        long vDrop = Math.min(r, s.vCodes.rows());
        s.vCodes.dropFirst(vDrop);
        s.vScale.dropFirst(vDrop);
        s.vMin.dropFirst(vDrop);
        s.resV.dropFirst(r - vDrop);
        return r;
    }

    @Override
    public Bytes bytes(int slot) {
        Slot s = slots[slot];
        return new Bytes(s.kCodes.bytes() + s.resK.bytes(), s.vCodes.bytes() + s.resV.bytes(),
                s.kScale.bytes() + s.kMin.bytes() + s.vScale.bytes() + s.vMin.bytes());
    }

    /** {@code QUANTISED} for a row whose key or value is held quantised, {@code RETAINED} for the rest. */
    @Override
    public byte[] states(int slot) {
        byte[] st = new byte[(int) rows(slot)];
        Arrays.fill(st, KvCacheSnapshot.RETAINED);
        Arrays.fill(st, 0, (int) Math.max(quantisedKeyRows(slot), quantisedValueRows(slot)), KvCacheSnapshot.QUANTISED);
        return st;
    }

    @Override
    public long reservedBytes(int slot) {
        long r = 0;
        for (RowBuffer b : slots[slot].all()) r += b.reservedBytes();
        return r;
    }

    @Override
    public void reset() {
        for (Slot s : slots) for (RowBuffer b : s.all()) b.clear();
    }

    @Override
    public String describe() {
        return "kivi-" + cfg.bits() + "bit" + (cfg.scaleType() == null ? ""
                : "-" + cfg.scaleType().name().toLowerCase(java.util.Locale.ROOT) + "-scales");
    }
}
