/**
 * The node palette: {@link io.rlwb.app.viewmodel.palette.PaletteViewModel} (node types grouped by category, fuzzy
 * filter, port-compatibility filter) and {@link io.rlwb.app.gui.palette.PaletteView} (search field and grouped
 * list, a drag source of {@link io.rlwb.app.gui.palette.PaletteView#NODE_TYPE_FORMAT}). The canvas's quick search
 * is {@code io.rlwb.app.gui.QuickSearchView}.
 */
package io.rlwb.app.gui.palette;
