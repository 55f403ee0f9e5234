/**
 * The node palette's model: node types grouped by category, fuzzy filter
 * ({@link io.rlwb.app.viewmodel.palette.FuzzyMatcher}), port-compatibility filter
 * ({@link io.rlwb.app.viewmodel.palette.PaletteViewModel}). {@code io.rlwb.app.gui.palette.PaletteView} shows it.
 */
package io.rlwb.app.viewmodel.palette;
