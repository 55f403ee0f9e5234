/**
 * Shared pieces below the view models and the views: text formatting ({@link io.rlwb.app.ui.Formats}) here, node
 * card geometry and colours in {@code graph}, themes in {@code theme}, the plotting toolkit in {@code plot}. This
 * layer imports no other package of the app.
 */
package io.rlwb.app.ui;
