/**
 * The property sheet of a selected node: {@link io.rlwb.app.viewmodel.props.PropertiesViewModel} turns a graph node and
 * its node type's parameter declarations into items (value or default, explicit or not, validation message,
 * unit, range); {@link io.rlwb.app.gui.props.PropertiesView} shows them in a ControlsFX {@code PropertySheet} with
 * typed editors. Edits that pass validation go to a {@link io.rlwb.app.viewmodel.props.ParamEditHandler}, where the
 * editor wraps them in undoable commands; invalid text is shown in place and never committed.
 */
package io.rlwb.app.gui.props;
