package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;

/**
 * Replaces the document's top-level {@code "groups"} field (group boxes, see {@link Groups}); an empty list
 * removes the field. Undo puts back what was there, or its absence.
 */
public final class SetGroupsCommand implements Command {
    private final GraphDocument doc;
    private final String name;
    private final JsonNode after;
    private JsonNode before;

    public SetGroupsCommand(GraphDocument doc, String name, JsonNode after) {
        this.doc = doc;
        this.name = name;
        this.after = after == null || after.isEmpty() ? null : after.deepCopy();
    }

    @Override
    public void execute() {
        before = doc.extra().get(Groups.FIELD);
        if (after == null) doc.extra().remove(Groups.FIELD);
        else doc.extra().put(Groups.FIELD, after.deepCopy());
    }

    @Override
    public void undo() {
        if (before == null) doc.extra().remove(Groups.FIELD);
        else doc.extra().put(Groups.FIELD, before);
    }

    @Override
    public String name() {
        return name;
    }
}
