package io.rlwb.app.gui.canvas;

import javafx.scene.paint.Color;

/**
 * The interaction state a frame draws on top of the graph: a drag offset, a wire being dragged with the ports
 * it may reach, what the pointer hovers, a rubber band. Mutable and reused: the view changes fields and redraws.
 */
public final class Overlay {
    /** Offset of dragged nodes, in graph units. */
    public double dragDx;
    public double dragDy;

    /** A wire being dragged from (wx0, wy0) to (wx1, wy1), graph units; wx0 is the output end. */
    public boolean wire;
    public double wx0;
    public double wy0;
    public double wx1;
    public double wy1;
    public Color wireColor = Color.GRAY;
    /** While a wire is dragged: ports it may be dropped on (null when no wire is dragged). */
    public boolean[][] compatIn;
    public boolean[][] compatOut;
    /** Where the wire starts: node index, port index, and whether that port is an output. */
    public int wireNode = -1;
    public int wirePort = -1;
    public boolean wireFromOutput;

    /** The port under the pointer while a wire is dragged (node -1: none), and whether a drop there is allowed. */
    public int targetNode = -1;
    public int targetPort = -1;
    public boolean targetInput;
    public boolean targetOk;

    /** Hovered node and wire (-1: none). */
    public int hoverNode = -1;
    public int hoverWire = -1;

    /** A rubber band from (bx0, by0) to (bx1, by1), graph units. */
    public boolean band;
    public double bx0;
    public double by0;
    public double bx1;
    public double by1;

    /** Animation phase of running nodes' borders, in pixels of dash offset. */
    public double phase;

    /** Clears the wire drag. */
    public void endWire() {
        wire = false;
        compatIn = null;
        compatOut = null;
        wireNode = -1;
        wirePort = -1;
        targetNode = -1;
    }
}
