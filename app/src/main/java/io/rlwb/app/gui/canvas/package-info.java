/**
 * The graph canvas's drawing and hit-testing. The whole graph is drawn on one {@link javafx.scene.canvas.Canvas}
 * rather than as thousands of scene nodes: the scene graph of a 500-node graph (cards, labels, ports, curves,
 * effects) costs more to lay out and render than the pixels it draws, while one canvas redrawn with culling and
 * levels of detail stays above 30 frames per second (see docs/benchmarks.md). {@link
 * io.rlwb.app.gui.canvas.CanvasModel} is built once per change of the graph and holds flat arrays the renderer
 * walks without allocating; {@link io.rlwb.app.gui.canvas.CanvasRenderer} draws a frame;
 * {@link io.rlwb.app.gui.canvas.HitTest} answers what lies under the pointer.
 */
package io.rlwb.app.gui.canvas;
