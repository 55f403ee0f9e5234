package io.rlwb.app.viewmodel.props;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The property sheet of one graph node: an id and a type row, then one {@link ParamItem} per parameter the node
 * type declares (the node's value, or the default when it sets none), then any value in the node's params that
 * no declaration covers, read-only. A node whose type is not installed shows its raw params read-only.
 *
 * <p>Edits are checked against the declaration ({@link ParamSpec#check}); a bad one is refused with its message
 * and goes nowhere. A good one is handed to the {@link ParamEditHandler} (the editor makes it an undoable
 * command) and shown at once. The node itself is never written here: after the graph changed by other means
 * (undo, redo, a paste) call {@link #refresh()}. Use on the UI thread.
 */
public final class PropertiesViewModel {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GraphNode node;
    private final NodeType type;
    private final ParamEditHandler handler;
    private final ObservableList<ParamItem> items = FXCollections.observableArrayList();
    private final ObservableList<ParamItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final List<ParamItem> declared = new ArrayList<>();

    /**
     * @param node the node shown (read, never written)
     * @param type its node type, or null when the type is not installed
     * @param handler receives committed edits
     */
    public PropertiesViewModel(GraphNode node, NodeType type, ParamEditHandler handler) {
        this.node = Objects.requireNonNull(node, "node");
        this.type = type;
        this.handler = Objects.requireNonNull(handler, "handler");
        if (type != null) {
            for (ParamSpec p : type.params()) declared.add(new ParamItem(ParamItem.Kind.PARAM, p.name(), p, p.description()));
        }
        refresh();
    }

    /** The node's id. */
    public String nodeId() { return node.id(); }

    /** The node's type, or null when it is not installed. */
    public NodeType nodeType() { return type; }

    /** Whether the node's type is installed. */
    public boolean typeKnown() { return type != null; }

    /** The rows: id, type, declared parameters, undeclared values. Read-only. */
    public ObservableList<ParamItem> items() { return itemsView; }

    /** The row of {@code name}, if there is one. */
    public Optional<ParamItem> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Reads the node again: values, explicit flags, undeclared values. */
    public void refresh() {
        List<ParamItem> next = new ArrayList<>();
        next.add(info("id", node.id(), "The node's name, unique in this graph; wires refer to it"));
        next.add(info("type", type == null ? node.type() + "  (not installed)" : type.id() + "  v" + type.version(),
                type == null ? "No installed plugin provides this node type; its parameters are kept as they are"
                        : type.description()));
        for (ParamItem i : declared) {
            JsonNode own = node.params().get(i.name());
            i.show(own != null ? own : i.spec().defaultValue(), own != null);
            next.add(i);
        }
        for (Iterator<String> it = node.params().fieldNames(); it.hasNext();) {
            String k = it.next();
            if (type != null && type.param(k).isPresent()) continue;
            ParamItem raw = item(k).filter(i -> i.kind() == ParamItem.Kind.RAW)
                    .orElseGet(() -> type == null
                            ? new ParamItem(ParamItem.Kind.RAW, k, null, "A parameter of a node type that is not installed")
                            : new ParamItem(ParamItem.Kind.RAW, k, null, "Not a parameter of " + type.id()
                                    + "; kept in the file as it is", "not declared by " + type.id() + "; kept as it is"));
            raw.show(node.params().get(k), true);
            next.add(raw);
        }
        if (!next.equals(items)) items.setAll(next);
    }

    private ParamItem info(String name, String text, String description) {
        ParamItem i = item(name).filter(x -> x.kind() == ParamItem.Kind.INFO)
                .orElseGet(() -> new ParamItem(ParamItem.Kind.INFO, name, null, description));
        i.show(JSON.textNode(text), true);
        return i;
    }

    /** What is wrong with {@code text} as a value of {@code param}, or empty when it could be committed. */
    public Optional<String> validate(String param, String text) {
        ParamItem i = editable(param);
        if (i == null) return Optional.of("'" + param + "' cannot be edited");
        ParamText.Parsed p = ParamText.parse(text, i.spec());
        return p.isOk() ? ParamText.check(i.spec(), p.value()) : Optional.of(p.error());
    }

    /** Parses and commits {@code text}; returns what is wrong instead when it is not a valid value. */
    public Optional<String> commitText(String param, String text) {
        ParamItem i = editable(param);
        if (i == null) return Optional.of("'" + param + "' cannot be edited");
        ParamText.Parsed p = ParamText.parse(text, i.spec());
        return p.isOk() ? commit(param, p.value()) : Optional.of(p.error());
    }

    /**
     * Commits {@code value}: refused with the declaration's message when invalid (the handler is not called);
     * nothing happens when it equals the value shown; otherwise the handler gets it and the row shows it.
     */
    public Optional<String> commit(String param, JsonNode value) {
        ParamItem i = editable(param);
        if (i == null) return Optional.of("'" + param + "' cannot be edited");
        Optional<String> bad = ParamText.check(i.spec(), value);
        if (bad.isPresent()) return bad;
        if (sameValue(value, i.value())) return Optional.empty();
        handler.edit(node.id(), param, value.deepCopy());
        i.show(value.deepCopy(), true);
        return Optional.empty();
    }

    /**
     * Removes the node's own value of {@code param} so the default applies (the handler gets {@code null}).
     *
     * @return whether there was an own value to remove
     */
    public boolean reset(String param) {
        ParamItem i = editable(param);
        if (i == null || !i.isExplicit()) return false;
        handler.edit(node.id(), param, null);
        i.show(i.spec().defaultValue(), false);
        return true;
    }

    private ParamItem editable(String param) {
        return item(param).filter(ParamItem::editable).orElse(null);
    }

    /** JSON equality that takes 4, 4.0 and 4L for the same number. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == b;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int k = 0; k < a.size(); k++) if (!sameValue(a.get(k), b.get(k))) return false;
            return true;
        }
        return a.equals(b);
    }
}
