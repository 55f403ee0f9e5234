package io.rlwb.app.viewmodel;

import io.rlwb.app.editor.NodeCatalog;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The quick-search popup's model: node types narrowed by what is typed, best matches first, and the one Enter
 * would add. The types offered are set per opening: all of them, or only those with a port that fits a wire
 * dropped on empty space.
 */
public final class QuickSearchViewModel {
    private final List<NodeType> offered = new ArrayList<>();
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final StringProperty title = new SimpleStringProperty(this, "title", "Add node");
    private final ObservableList<NodeType> results = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);

    public QuickSearchViewModel() {
        query.addListener((o, a, b) -> filter());
    }

    /** Offers {@code types} under {@code heading}, with an empty query. */
    public void offer(List<NodeType> types, String heading) {
        offered.clear();
        offered.addAll(types);
        title.set(heading);
        if (query.get().isEmpty()) filter();
        else query.set("");
    }

    private void filter() {
        String q = query.get();
        List<NodeType> l = new ArrayList<>();
        // The palette's fuzzy ranking, so the popup and the palette find the same types in the same order;
        // ties (and an empty query) keep the order the caller offered.
        for (NodeType t : offered) if (io.rlwb.app.viewmodel.palette.PaletteViewModel.score(t, q) >= 0) l.add(t);
        l.sort(Comparator.comparingDouble((NodeType t) -> -io.rlwb.app.viewmodel.palette.PaletteViewModel.score(t, q)));
        results.setAll(l);
        selected.set(l.isEmpty() ? -1 : 0);
    }

    /** Moves the highlighted result by {@code delta}, staying within the list. */
    public void move(int delta) {
        if (results.isEmpty()) return;
        selected.set(Math.max(0, Math.min(results.size() - 1, selected.get() + delta)));
    }

    /** The highlighted result, or null. */
    public NodeType chosen() {
        int i = selected.get();
        return i >= 0 && i < results.size() ? results.get(i) : null;
    }

    /** What the user typed. */
    public StringProperty queryProperty() { return query; }

    /** The popup's heading ("Add node", "Add a node wired to policy.policy"). */
    public StringProperty titleProperty() { return title; }

    /** Matching types, best first. */
    public ObservableList<NodeType> results() { return results; }

    /** Index of the highlighted result, or -1. */
    public IntegerProperty selectedProperty() { return selected; }
}
