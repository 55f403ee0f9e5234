/**
 * The property sheet's model: {@link io.rlwb.app.viewmodel.props.PropertiesViewModel} turns a graph node and its
 * node type's parameter declarations into items (value or default, explicit or not, validation message, unit,
 * range); edits that pass validation go to a {@link io.rlwb.app.viewmodel.props.ParamEditHandler}, where the editor
 * wraps them in undoable commands. {@code io.rlwb.app.gui.props.PropertiesView} shows it.
 */
package io.rlwb.app.viewmodel.props;
