package io.rlwb.app.ui.graph;

import io.rlwb.engine.spi.PortKind;

/**
 * A port as the graph canvas draws it.
 *
 * @param name port name
 * @param typeId the port type's id ("policy", "trajectories"), or {@code "?"} when unknown
 * @param kind component or data; null when the node type or the port is unknown
 * @param required for inputs: must be wired
 * @param description one line for the tooltip
 * @param declared false for a port that a wire names but the node type does not declare
 */
public record PortView(String name, String typeId, PortKind kind, boolean required, String description,
                       boolean declared) {}
