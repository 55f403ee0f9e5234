/**
 * The canvas's minimap: {@link io.rlwb.app.gui.minimap.MinimapView} draws every node and the visible part of the
 * graph, and moves the view through a callback when clicked or dragged.
 */
package io.rlwb.app.gui.minimap;
