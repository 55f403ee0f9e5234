package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * A telemetry snapshot kind a node type publishes ({@link RunServices#telemetry}), declared with the node type so
 * the views that show it and the run directory's readers learn it from the declaration.
 *
 * @param kind the kind string; the run directory keeps these snapshots in {@code telemetry/<kind>.jsonl}
 * @param payload the Java type of the snapshot records
 * @param description one line
 */
public record SnapshotSpec(String kind, Class<?> payload, String description) {
    public SnapshotSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload of " + kind);
        description = description == null ? "" : description;
    }

    public static SnapshotSpec of(String kind, Class<?> payload, String description) {
        return new SnapshotSpec(kind, payload, description);
    }
}
