/**
 * What a node card is and where it sits: {@link io.rlwb.app.ui.graph.NodeView} and
 * {@link io.rlwb.app.ui.graph.PortView} (the card's data), {@link io.rlwb.app.ui.graph.GraphLayout} (card geometry
 * and the fallback layout, shared by the editor, the view models and the canvas so wires meet ports without a
 * layout pass) and {@link io.rlwb.app.ui.graph.GraphStyle} (category and port colours and icons).
 */
package io.rlwb.app.ui.graph;
