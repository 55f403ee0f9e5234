package io.rlwb.engine.spi;

import java.util.Objects;

/**
 * The type of what flows along a wire. Two ports can be wired when their types have the same id.
 *
 * @param id short stable name shown to users and used in messages ("policy", "trajectories")
 * @param kind component or data
 * @param description one line for tooltips
 */
public record PortType(String id, PortKind kind, String description) {
    public PortType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    /** True when an output of this type may feed an input of type {@code input}. */
    public boolean canFeed(PortType input) {
        return id.equals(input.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
