package io.rlwb.app.viewmodel;

import java.util.Collection;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

/**
 * What is selected on the canvas: nodes, or one wire, or one group box. Selecting one kind clears the others.
 * {@link #primaryNodeProperty()} is the node the property sheet shows: the only selected node, else empty.
 */
public final class Selection {
    private final ObservableSet<String> nodes = FXCollections.observableSet(new java.util.LinkedHashSet<>());
    private final ObjectProperty<WireView> wire = new SimpleObjectProperty<>(this, "wire");
    private final IntegerProperty group = new SimpleIntegerProperty(this, "group", -1);
    private final ReadOnlyStringWrapper primaryNode = new ReadOnlyStringWrapper(this, "primaryNode", "");

    public Selection() {
        nodes.addListener((SetChangeListener<String>) c ->
                primaryNode.set(nodes.size() == 1 ? nodes.iterator().next() : ""));
    }

    /** Selects exactly node {@code id}. */
    public void selectOnly(String id) {
        setNodes(Set.of(id));
    }

    /** Selects exactly {@code ids}. */
    public void setNodes(Collection<String> ids) {
        wire.set(null);
        group.set(-1);
        if (nodes.size() == ids.size() && nodes.containsAll(ids)) return;
        nodes.clear();
        nodes.addAll(ids);
    }

    /** Adds {@code ids} to the selection (shift-click, shift-rubber-band). */
    public void addNodes(Collection<String> ids) {
        wire.set(null);
        group.set(-1);
        nodes.addAll(ids);
    }

    /** Adds or removes one node (ctrl-click). */
    public void toggle(String id) {
        wire.set(null);
        group.set(-1);
        if (!nodes.remove(id)) nodes.add(id);
    }

    /** Selects one wire. */
    public void selectWire(WireView w) {
        nodes.clear();
        group.set(-1);
        wire.set(w);
    }

    /** Selects one group box, by its index in the document's groups. */
    public void selectGroup(int index) {
        nodes.clear();
        wire.set(null);
        group.set(index);
    }

    /** Selects nothing. */
    public void clear() {
        nodes.clear();
        wire.set(null);
        group.set(-1);
    }

    /** Forgets nodes that are gone and a wire that is gone. */
    void retain(Set<String> existingNodes, Collection<WireView> existingWires, int groupCount) {
        nodes.retainAll(existingNodes);
        if (wire.get() != null && existingWires.stream().noneMatch(w -> sameEnds(w, wire.get()))) wire.set(null);
        if (group.get() >= groupCount) group.set(-1);
    }

    static boolean sameEnds(WireView a, WireView b) {
        return a.fromNode().equals(b.fromNode()) && a.fromPort().equals(b.fromPort()) && a.toNode().equals(b.toNode())
                && a.toPort().equals(b.toPort());
    }

    /** Selected node ids, in selection order. */
    public ObservableSet<String> nodes() { return nodes; }

    /** The selected wire, or null. */
    public ObjectProperty<WireView> wireProperty() { return wire; }

    /** The selected group box's index, or -1. */
    public IntegerProperty groupProperty() { return group; }

    /** The only selected node's id, or empty when none or several are selected. */
    public ReadOnlyStringProperty primaryNodeProperty() { return primaryNode.getReadOnlyProperty(); }

    /** True when nothing is selected. */
    public boolean isEmpty() {
        return nodes.isEmpty() && wire.get() == null && group.get() < 0;
    }
}
