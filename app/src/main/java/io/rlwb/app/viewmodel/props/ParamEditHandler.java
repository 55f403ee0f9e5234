package io.rlwb.app.viewmodel.props;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives each committed parameter edit of the property sheet, already validated against the parameter's
 * declaration. The graph editor implements it by executing an undoable command that sets (or removes) the
 * value in the node's {@code params}.
 */
@FunctionalInterface
public interface ParamEditHandler {
    /**
     * Sets parameter {@code param} of node {@code nodeId}.
     *
     * @param newValue the new JSON value, valid for the parameter's type and range; {@code null} to remove the
     *                 explicit value so that the node type's default applies again ("reset to default")
     */
    void edit(String nodeId, String param, JsonNode newValue);
}
