package io.rlwb.engine.spi;

/**
 * How a port's value flows. Component ports are resolved once when the graph is compiled (dependency
 * injection: the same policy wired into a collector and a loss is one object); data ports carry a fresh
 * value every iteration, pulled by a trainer in topological order.
 */
public enum PortKind {
    COMPONENT,
    DATA
}
