package io.rlwb.app.viewmodel.palette;

import io.rlwb.engine.spi.NodeType;

/** One row of the palette list: a category header or a node type under it. */
public sealed interface PaletteRow {
    /** The category this row belongs to, as the node types spell it. */
    String category();

    /**
     * A category header.
     *
     * @param category the category's name
     * @param count node types shown under it (with the filter applied)
     * @param collapsed whether its node types are hidden
     */
    record Header(String category, int count, boolean collapsed) implements PaletteRow {}

    /**
     * A node type.
     *
     * @param type the node type
     * @param score how well it matches the filter (0 with no filter)
     */
    record Entry(NodeType type, double score) implements PaletteRow {
        @Override
        public String category() {
            return type.category();
        }
    }
}
