package io.rlwb.plugins.llm.policy;

import org.bytedeco.javacpp.Pointer;

/**
 * ND4J arrays free their native memory only when the Java collector finds them; a long sequence step or a decoded
 * 1024-token prompt leaves tens of MiB behind while using little heap, so the collector rarely runs and native
 * memory climbs to JavaCPP's cap (a kernel grid at 1024 tokens reached 12 GB resident and was killed by the
 * system's OOM killer). {@link #release} requests a collection once native memory exceeds half of that cap (or
 * 1 GiB when uncapped); callers invoke it between steps or prompts, never inside a timed region.
 */
public final class NativeGarbage {
    private NativeGarbage() {}

    /** Requests a collection when native memory is above half of JavaCPP's cap. */
    public static void release() {
        long cap = Pointer.maxPhysicalBytes();
        long limit = cap > 0 ? cap / 2 : 1L << 30;
        if (Pointer.physicalBytes() > limit) System.gc();
    }
}
