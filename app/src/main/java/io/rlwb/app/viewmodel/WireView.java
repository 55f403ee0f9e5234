package io.rlwb.app.viewmodel;

import io.rlwb.engine.spi.PortKind;

/**
 * A wire as the graph canvas draws it: a curve from an output port to an input port.
 *
 * @param fromNode id of the node whose output the wire leaves
 * @param fromPort output port name
 * @param toNode id of the node whose input the wire enters
 * @param toPort input port name
 * @param typeId type id of what flows (the output port's), or {@code "?"}
 * @param kind component or data; null when unknown
 * @param valid false when an end is missing or the port types disagree
 */
public record WireView(String fromNode, String fromPort, String toNode, String toPort, String typeId, PortKind kind,
                       boolean valid) {
    /** {@code from.port -> to.port}. */
    public String label() {
        return fromNode + "." + fromPort + " \u2192 " + toNode + "." + toPort;
    }
}
