package io.rlwb.app.ui.graph;

import java.util.List;

/**
 * A node as the graph canvas draws it: position, titles, ports and validation state.
 *
 * @param id node id (the card's title)
 * @param typeId node type id such as {@code core/ppo.trainer}
 * @param displayName the node type's display name, or "Unknown type" when no plugin provides it
 * @param category palette category ("Environment", "Policy", ...), "Unknown" for an unknown type
 * @param known whether the node type is installed
 * @param x left edge in graph coordinates
 * @param y top edge in graph coordinates
 * @param inputs input ports, drawn on the left
 * @param outputs output ports, drawn on the right
 * @param status the worst diagnostic on the node
 * @param problems the diagnostics on the node, as text
 * @param summary the parameters set on the node, in one line ("num_envs 8 · hidden [64,64]"), or empty
 */
public record NodeView(String id, String typeId, String displayName, String category, boolean known, double x,
                       double y, List<PortView> inputs, List<PortView> outputs, Status status, List<String> problems,
                       String summary) {
    public NodeView {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        problems = List.copyOf(problems);
        summary = summary == null ? "" : summary;
    }

    /** The same node at another position (a node being dragged). */
    public NodeView at(double nx, double ny) {
        return new NodeView(id, typeId, displayName, category, known, nx, ny, inputs, outputs, status, problems, summary);
    }

    /** Validation state of a node. */
    public enum Status { OK, WARNING, ERROR }

    /** Index of input port {@code name}, or -1. */
    public int inputIndex(String name) {
        for (int i = 0; i < inputs.size(); i++) if (inputs.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Index of output port {@code name}, or -1. */
    public int outputIndex(String name) {
        for (int i = 0; i < outputs.size(); i++) if (outputs.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Card width in graph coordinates. */
    public double width() { return GraphLayout.NODE_WIDTH; }

    /** Card height in graph coordinates. */
    public double height() { return GraphLayout.height(this); }
}
