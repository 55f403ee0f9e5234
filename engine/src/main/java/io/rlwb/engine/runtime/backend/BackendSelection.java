package io.rlwb.engine.runtime.backend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backend chosen at start: what was requested, what will compute, why, and the CUDA device when it is one.
 *
 * @param cpuFallback whether ND4J may still fall back to the CPU backend if its own CUDA initialisation fails
 *     ({@code auto} only; {@code --backend cuda} must not quietly run on the CPU)
 */
public record BackendSelection(BackendChoice requested, Kind kind, String reason, CudaDevice device,
                               boolean cpuFallback) {
    /** The two backends ND4J has for us. */
    public enum Kind { CPU, CUDA }

    public BackendSelection {
        if ((kind == Kind.CUDA) != (device != null)) throw new IllegalArgumentException("a CUDA selection names its device");
    }

    /** Keys for run.json's {@code backendDetails}: requested, selected, reason, and the device on CUDA. */
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("backend.requested", requested.id());
        d.put("backend.selected", kind.name().toLowerCase(java.util.Locale.ROOT));
        d.put("backend.reason", reason);
        if (device != null) {
            d.put("cuda.device", device.name());
            d.put("cuda.device_index", Integer.toString(device.index()));
            d.put("cuda.memory_bytes", Long.toString(device.memoryBytes()));
            d.put("cuda.compute_capability", device.major() + "." + device.minor());
        }
        return d;
    }
}
