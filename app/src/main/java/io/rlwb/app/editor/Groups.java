package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.graph.GraphDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group boxes: titled rectangles that organise nodes, kept in the graph file's top-level {@code "groups"}
 * field as {@code [{"title", "x", "y", "w", "h", "nodes": [ids]}]}. The engine keeps unknown top-level fields,
 * so groups need no engine change and headless runs ignore them. Functions here return new JSON; unknown
 * fields inside a group object are kept.
 */
public final class Groups {
    /** The top-level field. */
    public static final String FIELD = "groups";
    /** Space between a group's border and the cards inside it; the title sits in the top padding. */
    public static final double PAD = 24;
    /** Height of the title strip above the cards. */
    public static final double TITLE = 30;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Groups() {}

    /**
     * A group box as drawn.
     *
     * @param index position in the {@code groups} list (entries that are not objects are skipped but counted)
     */
    public record GroupBox(int index, String title, double x, double y, double w, double h, List<String> nodes) {
        public GroupBox {
            nodes = List.copyOf(nodes);
        }

        /** True when the point lies in the box. */
        public boolean contains(double px, double py) {
            return px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }

    /** The groups of a document; malformed entries are left out (and left alone in the file). */
    public static List<GroupBox> read(GraphDocument doc) {
        JsonNode a = doc.extra().get(FIELD);
        List<GroupBox> l = new ArrayList<>();
        if (a == null || !a.isArray()) return l;
        for (int i = 0; i < a.size(); i++) {
            JsonNode g = a.get(i);
            if (!g.isObject()) continue;
            List<String> ids = new ArrayList<>();
            for (JsonNode id : g.path("nodes")) if (id.isTextual()) ids.add(id.asText());
            l.add(new GroupBox(i, g.path("title").asText("Group"), g.path("x").asDouble(0), g.path("y").asDouble(0),
                    Math.max(40, g.path("w").asDouble(200)), Math.max(40, g.path("h").asDouble(120)), ids));
        }
        return l;
    }

    /** A copy of the document's groups list, or an empty list (also when the field is not a list). */
    public static ArrayNode copy(GraphDocument doc) {
        JsonNode a = doc.extra().get(FIELD);
        return a != null && a.isArray() ? (ArrayNode) a.deepCopy() : JSON.arrayNode();
    }

    /** True when the document's groups field is absent or a list (so that editing it loses nothing). */
    public static boolean editable(GraphDocument doc) {
        JsonNode a = doc.extra().get(FIELD);
        return a == null || a.isArray();
    }

    /** {@code groups} plus a new group around {@code ids}, sized by {@code rects} (id to x, y, w, h). */
    public static ArrayNode withGroup(ArrayNode groups, String title, Collection<String> ids, Map<String, double[]> rects) {
        ArrayNode out = groups.deepCopy();
        ObjectNode g = out.addObject();
        g.put("title", title);
        for (String k : new String[] {"x", "y", "w", "h"}) g.put(k, 0);
        ArrayNode members = JSON.arrayNode();
        ids.forEach(members::add);
        g.set("nodes", members);
        fit(g, rects);
        return out;
    }

    /** {@code groups} with the given node ids taken out of every group (a group left empty stays). */
    public static ArrayNode withoutNodes(ArrayNode groups, Set<String> ids) {
        ArrayNode out = groups.deepCopy();
        for (JsonNode g : out) {
            if (!g.isObject() || !g.path("nodes").isArray()) continue;
            ArrayNode members = (ArrayNode) g.get("nodes");
            for (int i = members.size() - 1; i >= 0; i--) if (ids.contains(members.get(i).asText())) members.remove(i);
        }
        return out;
    }

    /** {@code groups} with every group that has a member in {@code moved} refitted around its members. */
    public static ArrayNode refitted(ArrayNode groups, Set<String> moved, Map<String, double[]> rects) {
        ArrayNode out = groups.deepCopy();
        for (JsonNode g : out) {
            if (!g.isObject()) continue;
            boolean touched = false;
            for (JsonNode id : g.path("nodes")) touched |= moved.contains(id.asText());
            if (touched) fit((ObjectNode) g, rects);
        }
        return out;
    }

    /** {@code groups} with group {@code index} renamed. */
    public static ArrayNode renamed(ArrayNode groups, int index, String title) {
        ArrayNode out = groups.deepCopy();
        if (index >= 0 && index < out.size() && out.get(index).isObject()) ((ObjectNode) out.get(index)).put("title", title);
        return out;
    }

    /** {@code groups} without group {@code index} (its nodes stay in the graph). */
    public static ArrayNode removed(ArrayNode groups, int index) {
        ArrayNode out = groups.deepCopy();
        if (index >= 0 && index < out.size()) out.remove(index);
        return out;
    }

    /** Sizes a group object to enclose its members' cards with padding and a title strip. */
    private static void fit(ObjectNode g, Map<String, double[]> rects) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (JsonNode id : g.path("nodes")) {
            double[] r = rects.get(id.asText());
            if (r == null) continue;
            minX = Math.min(minX, r[0]);
            minY = Math.min(minY, r[1]);
            maxX = Math.max(maxX, r[0] + r[2]);
            maxY = Math.max(maxY, r[1] + r[3]);
        }
        if (!Double.isFinite(minX)) return;
        MoveNodesCommand.put(g, "x", Math.floor(minX - PAD));
        MoveNodesCommand.put(g, "y", Math.floor(minY - PAD - TITLE));
        MoveNodesCommand.put(g, "w", Math.ceil(maxX - minX + 2 * PAD));
        MoveNodesCommand.put(g, "h", Math.ceil(maxY - minY + 2 * PAD + TITLE));
    }
}
