/**
 * The node palette: {@link io.rlwb.app.gui.palette.PaletteViewModel} (node types grouped by category, fuzzy
 * filter, port-compatibility filter), {@link io.rlwb.app.gui.palette.PaletteView} (search field and grouped list,
 * a drag source of {@link io.rlwb.app.gui.palette.PaletteView#NODE_TYPE_FORMAT}) and
 * {@link io.rlwb.app.gui.palette.QuickSearchPopup}, the small search window of the canvas.
 */
package io.rlwb.app.gui.palette;
