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
 * and a full-precision residual of the most recent tokens. Whenever the residual holds {@code residual + group}
 * tokens its oldest {@code group} tokens are quantised as one block, so the residual keeps between
 * {@code residual} and {@code residual + group - 1} tokens.
 *
 * <p>Held per slot: packed codes ({@link DataType#UBYTE}, {@code 8 / bits} codes a byte) of keys and values,
 * key scales and zero points {@code [B, H, groups, D]}, value scales and zero points {@code [B, H, tokens, D /
 * valueGroup]} (the model's type, or {@code scaleType}), and the residual keys and values. Reads dequantise everything (a transient
 * array, not held).
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
        final RowBuffer resK = new RowBuffer(b, h, d, dt, cfg.residual() + cfg.group());
        final RowBuffer resV = new RowBuffer(b, h, d, dt, cfg.residual() + cfg.group());
        final RowBuffer kCodes = new RowBuffer(b, h, d * cfg.bits() / 8, DataType.UBYTE, 4L * cfg.group());
        final RowBuffer kScale = new RowBuffer(b, h, d, st, 4);
        final RowBuffer kMin = new RowBuffer(b, h, d, st, 4);
        final RowBuffer vCodes = new RowBuffer(b, h, d * cfg.bits() / 8, DataType.UBYTE, 4L * cfg.group());
        final RowBuffer vScale = new RowBuffer(b, h, d / cfg.valueGroup(), st, 4L * cfg.group());
        final RowBuffer vMin = new RowBuffer(b, h, d / cfg.valueGroup(), st, 4L * cfg.group());

        RowBuffer[] all() {
            return new RowBuffer[] {resK, resV, kCodes, kScale, kMin, vCodes, vScale, vMin};
        }

        void quantiseOldest() {
            int g = cfg.group();
            INDArray k = resK.view(0, g).dup();
            INDArray v = resV.view(0, g).dup();
            INDArray[] kq = Quantizer.quantise(k, 2, cfg.bits(), cfg.scaleType()); // per channel, over the group's tokens
            kCodes.append(Quantizer.pack(kq[0], cfg.bits()));
            kScale.append(kq[1]);
            kMin.append(kq[2]);
            long gv = cfg.valueGroup();
            INDArray[] vq = Quantizer.quantise(v.reshape(b, h, g, d / gv, gv), 4, cfg.bits(), cfg.scaleType()); // per token
            vCodes.append(Quantizer.pack(vq[0].reshape(b, h, g, d), cfg.bits()));
            vScale.append(vq[1].reshape(b, h, g, d / gv));
            vMin.append(vq[2].reshape(b, h, g, d / gv));
            resK.dropFirst(g);
            resV.dropFirst(g);
        }

        INDArray[] dequantised() {
            long n = kCodes.rows();
            int g = cfg.group();
            long gv = cfg.valueGroup();
            INDArray kc = Quantizer.unpack(kCodes.view(), cfg.bits(), dt).reshape(b, h, n / g, g, d);
            INDArray kx = Quantizer.dequantise(kc, kScale.view().castTo(dt).reshape(b, h, n / g, 1, d),
                    kMin.view().castTo(dt).reshape(b, h, n / g, 1, d)).reshape(b, h, n, d);
            INDArray vc = Quantizer.unpack(vCodes.view(), cfg.bits(), dt).reshape(b, h, n, d / gv, gv);
            INDArray vx = Quantizer.dequantise(vc, vScale.view().castTo(dt).reshape(b, h, n, d / gv, 1),
                    vMin.view().castTo(dt).reshape(b, h, n, d / gv, 1)).reshape(b, h, n, d);
            return new INDArray[] {kx, vx};
        }
    }

    @Override
    public void append(int slot, INDArray keys, INDArray values) {
        Slot s = slots[slot];
        s.resK.append(keys);
        s.resV.append(values);
        while (s.resK.rows() >= (long) cfg.residual() + cfg.group()) {
            s.quantiseOldest();
        }
    }

    @Override
    public INDArray[] read(int slot) {
        Slot s = slots[slot];
        if (s.kCodes.rows() == 0) {
            return new INDArray[] {s.resK.view(), s.resV.view()};
        }
        INDArray[] q = s.dequantised();
        if (s.resK.rows() == 0) return q;
        return new INDArray[] {Nd4j.concat(2, q[0], s.resK.view()), Nd4j.concat(2, q[1], s.resV.view())};
    }

    @Override
    public long rows(int slot) {
        return slots[slot].kCodes.rows() + slots[slot].resK.rows();
    }

    /** Rows of {@code slot} held quantised (the oldest). */
    public long quantisedRows(int slot) {
        return slots[slot].kCodes.rows();
    }

    @Override
    public long dropOldest(int slot, long n) {
        Slot s = slots[slot];
        long nq = s.kCodes.rows();
        if (n < nq) {
            long groups = n / cfg.group();
            long rows = groups * cfg.group();
            s.kCodes.dropFirst(rows);
            s.kScale.dropFirst(groups);
            s.kMin.dropFirst(groups);
            s.vCodes.dropFirst(rows);
            s.vScale.dropFirst(rows);
            s.vMin.dropFirst(rows);
            return rows;
        }
        for (RowBuffer r : new RowBuffer[] {s.kCodes, s.kScale, s.kMin, s.vCodes, s.vScale, s.vMin}) r.clear();
        long fromResidual = Math.min(n - nq, s.resK.rows());
        s.resK.dropFirst(fromResidual);
        s.resV.dropFirst(fromResidual);
        return nq + fromResidual;
    }

    @Override
    public Bytes bytes(int slot) {
        Slot s = slots[slot];
        return new Bytes(s.kCodes.bytes() + s.resK.bytes(), s.vCodes.bytes() + s.resV.bytes(),
                s.kScale.bytes() + s.kMin.bytes() + s.vScale.bytes() + s.vMin.bytes());
    }

    @Override
    public byte[] states(int slot) {
        byte[] st = new byte[(int) rows(slot)];
        Arrays.fill(st, KvCacheSnapshot.RETAINED);
        Arrays.fill(st, 0, (int) quantisedRows(slot), KvCacheSnapshot.QUANTISED);
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
