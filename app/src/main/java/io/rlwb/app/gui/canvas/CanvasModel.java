package io.rlwb.app.gui.canvas;

import io.rlwb.app.editor.Groups;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.GraphStyle;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.viewmodel.RunMark;
import io.rlwb.app.viewmodel.WireView;
import io.rlwb.engine.spi.PortKind;
import io.rlwb.engine.validate.Diagnostic;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;

/**
 * What the canvas draws, as flat arrays indexed by node and wire: built when the graph changes, read by every
 * frame without allocation. Per-frame state (selection, drag offsets, run marks) lives in mutable arrays the
 * view updates when it changes.
 */
public final class CanvasModel {
    final NodeView[] nodes;
    final Map<String, Integer> index = new HashMap<>();
    final Color[] accent;
    /** Header tints for {@link #tintPalette}, computed by the renderer on first use. */
    Color[] tint;
    CanvasPalette tintPalette;
    final boolean[][] inWired;
    final boolean[][] outWired;
    final boolean[][] inError;
    final boolean[][] outError;
    final Color[][] inColor;
    final Color[][] outColor;
    final WireView[] wires;
    final int[] wireFrom;
    final int[] wireTo;
    final int[] wireOut;
    final int[] wireIn;
    final boolean[] wireInvalid;
    final Color[] wireColor;
    final List<Groups.GroupBox> groups;

    /** Nodes selected now. */
    final boolean[] selected;
    /** Nodes being dragged now (drawn at their position plus the drag offset). */
    final boolean[] dragged;
    /** Run state of each node, or null. */
    final RunMark[] marks;
    /** Why the run failed, for the node it failed in ({@link RunMark#FAILED}); null elsewhere. */
    final String[] failures;
    /** The selected wire's index, or -1. */
    int selectedWire = -1;
    /** The selected group box's document index, or -1. */
    int selectedGroup = -1;

    /** The model of what {@code nodeList}, {@code wireList} and {@code groupList} show. */
    public static CanvasModel of(List<NodeView> nodeList, List<WireView> wireList, List<Groups.GroupBox> groupList,
                                 List<Diagnostic> diagnostics) {
        return new CanvasModel(nodeList, wireList, groupList, diagnostics);
    }

    private CanvasModel(List<NodeView> nodeList, List<WireView> wireList, List<Groups.GroupBox> groupList,
                List<Diagnostic> diagnostics) {
        int n = nodeList.size();
        nodes = nodeList.toArray(new NodeView[0]);
        accent = new Color[n];
        inWired = new boolean[n][];
        outWired = new boolean[n][];
        inError = new boolean[n][];
        outError = new boolean[n][];
        inColor = new Color[n][];
        outColor = new Color[n][];
        selected = new boolean[n];
        dragged = new boolean[n];
        marks = new RunMark[n];
        failures = new String[n];
        for (int i = 0; i < n; i++) {
            NodeView v = nodes[i];
            index.put(v.id(), i);
            accent[i] = v.known() ? GraphStyle.categoryColor(v.category()) : Color.web("#94a3b8");
            inWired[i] = new boolean[v.inputs().size()];
            outWired[i] = new boolean[v.outputs().size()];
            inError[i] = new boolean[v.inputs().size()];
            outError[i] = new boolean[v.outputs().size()];
            inColor[i] = v.inputs().stream().map(p -> GraphStyle.portColor(p.typeId())).toArray(Color[]::new);
            outColor[i] = v.outputs().stream().map(p -> GraphStyle.portColor(p.typeId())).toArray(Color[]::new);
        }
        for (Diagnostic d : diagnostics) {
            Integer i = index.get(d.node());
            if (i == null || d.port() == null || !d.isError()) continue;
            int in = nodes[i].inputIndex(d.port());
            if (in >= 0) inError[i][in] = true;
            else if (nodes[i].outputIndex(d.port()) >= 0) outError[i][nodes[i].outputIndex(d.port())] = true;
        }
        int m = wireList.size();
        wires = wireList.toArray(new WireView[0]);
        wireFrom = new int[m];
        wireTo = new int[m];
        wireOut = new int[m];
        wireIn = new int[m];
        wireInvalid = new boolean[m];
        wireColor = new Color[m];
        for (int k = 0; k < m; k++) {
            WireView w = wires[k];
            int a = index.getOrDefault(w.fromNode(), -1);
            int b = index.getOrDefault(w.toNode(), -1);
            wireFrom[k] = a;
            wireTo[k] = b;
            wireOut[k] = a < 0 ? 0 : Math.max(0, nodes[a].outputIndex(w.fromPort()));
            wireIn[k] = b < 0 ? 0 : Math.max(0, nodes[b].inputIndex(w.toPort()));
            if (a >= 0 && wireOut[k] < outWired[a].length) outWired[a][wireOut[k]] = true;
            if (b >= 0 && wireIn[k] < inWired[b].length) inWired[b][wireIn[k]] = true;
            boolean portError = b >= 0 && wireIn[k] < inError[b].length && inError[b][wireIn[k]];
            wireInvalid[k] = !w.valid() || portError;
            wireColor[k] = GraphStyle.portColor(w.typeId()).deriveColor(0, 1, 1, w.kind() == PortKind.COMPONENT ? 0.75 : 0.9);
        }
        groups = List.copyOf(groupList);
    }

    /** An empty model. */
    public static CanvasModel emptyModel() {
        return new CanvasModel(List.of(), List.of(), List.of(), List.of());
    }

    /** Marks the selected nodes, wire and group box. */
    public void select(Collection<String> ids, WireView wire, int group) {
        java.util.Arrays.fill(selected, false);
        for (String id : ids) {
            Integer i = index.get(id);
            if (i != null) selected[i] = true;
        }
        selectedWire = -1;
        if (wire != null) {
            for (int k = 0; k < wires.length; k++) {
                WireView w = wires[k];
                if (w.fromNode().equals(wire.fromNode()) && w.fromPort().equals(wire.fromPort())
                        && w.toNode().equals(wire.toNode()) && w.toPort().equals(wire.toPort())) selectedWire = k;
            }
        }
        selectedGroup = group;
    }

    /** Sets the run marks. */
    public void markRuns(Map<String, RunMark> runMarks) {
        markRuns(runMarks, Map.of());
    }

    /** Sets the run marks and, for the node a failed run failed in, why (its tooltip). */
    public void markRuns(Map<String, RunMark> runMarks, Map<String, String> runFailures) {
        for (int i = 0; i < nodes.length; i++) {
            marks[i] = runMarks.get(nodes[i].id());
            failures[i] = marks[i] == RunMark.FAILED ? runFailures.get(nodes[i].id()) : null;
        }
    }

    /** Marks the nodes being dragged (drawn moved by the overlay's drag offset). */
    public void setDragged(Collection<String> ids) {
        java.util.Arrays.fill(dragged, false);
        for (String id : ids) {
            Integer i = index.get(id);
            if (i != null) dragged[i] = true;
        }
    }

    /** The wire at index {@code k}. */
    public WireView wire(int k) { return wires[k]; }

    /** The group boxes. */
    public List<Groups.GroupBox> groups() { return groups; }

    /** Whether node {@code i} is selected. */
    public boolean isSelected(int i) { return selected[i]; }

    /** The run mark of node {@code i}, or null. */
    public RunMark runMark(int i) { return marks[i]; }

    /** Why the run failed in node {@code i}, or null when it did not fail there. */
    public String runFailure(int i) { return failures[i]; }

    /** Whether wire {@code k} is drawn as invalid. */
    public boolean isWireInvalid(int k) { return wireInvalid[k]; }

    /** Port colour of input (or output) {@code k} of node {@code i}. */
    public Color portColor(int i, int k, boolean input) { return input ? inColor[i][k] : outColor[i][k]; }

    /** Number of nodes. */
    public int nodeCount() { return nodes.length; }

    /** Number of wires. */
    public int wireCount() { return wires.length; }

    /** Index of node {@code id}, or -1. */
    public int indexOf(String id) {
        return index.getOrDefault(id, -1);
    }

    /** The node at index {@code i}. */
    public NodeView node(int i) { return nodes[i]; }

    /** The bounds of all cards and group boxes: min x, min y, max x, max y; null when empty. */
    public double[] bounds() {
        if (nodes.length == 0 && groups.isEmpty()) return null;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (NodeView v : nodes) {
            minX = Math.min(minX, v.x());
            minY = Math.min(minY, v.y());
            maxX = Math.max(maxX, v.x() + GraphLayout.NODE_WIDTH);
            maxY = Math.max(maxY, v.y() + v.height());
        }
        for (Groups.GroupBox g : groups) {
            minX = Math.min(minX, g.x());
            minY = Math.min(minY, g.y());
            maxX = Math.max(maxX, g.x() + g.w());
            maxY = Math.max(maxY, g.y() + g.h());
        }
        return new double[] {minX, minY, maxX, maxY};
    }
}
