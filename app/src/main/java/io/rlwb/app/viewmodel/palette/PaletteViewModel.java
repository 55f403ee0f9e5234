package io.rlwb.app.viewmodel.palette;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The palette's state: node types grouped by category in the order a training graph is built (Environment,
 * Policy, Critic, Data, Estimator, Loss, Optimiser, Trainer, Monitor, then the rest alphabetically), a filter
 * that matches fuzzily on display name, id, category and description and ranks what it finds, a selection that
 * the keyboard moves, and the choice of a type. No controls here: {@code io.rlwb.app.gui.palette.PaletteView} binds
 * to it. Use on the UI thread.
 */
public final class PaletteViewModel {
    /** Categories in palette order; a category not listed comes after these, alphabetically. */
    public static final List<String> CATEGORY_ORDER = List.of("environment", "policy", "critic", "data", "estimator",
            "reward", "loss", "optimiser", "trainer", "monitor");

    /** Palette order of node types: category rank, then display name, then id. */
    public static final Comparator<NodeType> PALETTE_ORDER = Comparator
            .comparingInt((NodeType t) -> categoryRank(t.category()))
            .thenComparing(t -> t.category().toLowerCase(Locale.ROOT))
            .thenComparing(t -> t.displayName().toLowerCase(Locale.ROOT))
            .thenComparing(NodeType::id);

    private final List<NodeType> types = new ArrayList<>();
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObservableList<PaletteRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NodeType> matches = FXCollections.observableArrayList();
    private final ObservableList<PaletteRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<NodeType> matchesView = FXCollections.unmodifiableObservableList(matches);
    private final ObjectProperty<NodeType> selected = new SimpleObjectProperty<>(this, "selected");
    private final Set<String> collapsed = new HashSet<>();
    private final boolean grouped;
    private Consumer<NodeType> onChoose = t -> {};

    /** An empty palette; give it types with {@link #setTypes} (for example once the registry has loaded). */
    public PaletteViewModel() {
        this(List.of());
    }

    /** A palette of {@code types}. */
    public PaletteViewModel(Collection<NodeType> types) {
        this(true);
        setTypes(types);
    }

    /** With {@code grouped} false the rows are the matches alone, without category headers (quick search). */
    PaletteViewModel(boolean grouped) {
        this.grouped = grouped;
        filter.addListener((o, a, b) -> rebuild());
    }

    /** A palette of every node type of {@code registry}, core and plugins. */
    public static PaletteViewModel of(NodeRegistry registry) {
        return new PaletteViewModel(registry.all());
    }

    /** Replaces the node types shown; types that other nodes generate ({@link NodeType#generated()}) are left out. */
    public void setTypes(Collection<NodeType> newTypes) {
        types.clear();
        newTypes.stream().filter(t -> !t.generated()).forEach(types::add);
        types.sort(PALETTE_ORDER);
        rebuild();
    }

    /** Replaces the node types shown, keeping their order (ties of the filter's ranking keep it too). */
    public void setTypesInOrder(List<NodeType> newTypes) {
        types.clear();
        newTypes.stream().filter(t -> !t.generated()).forEach(types::add);
        rebuild();
    }

    /** Every node type of the palette, in palette order, whatever the filter. */
    public List<NodeType> types() {
        return List.copyOf(types);
    }

    /** What the user typed; empty shows everything. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Rows to show: category headers with their matching types under them. Read-only. */
    public ObservableList<PaletteRow> rows() {
        return rowsView;
    }

    /** The matching types as one list: best match first (palette order with no filter). Read-only. */
    public ObservableList<NodeType> matches() {
        return matchesView;
    }

    /** The type Enter would choose. */
    public ReadOnlyObjectProperty<NodeType> selectedProperty() {
        return selected;
    }

    /** Selects {@code type} if it is shown; otherwise clears the selection. */
    public void select(NodeType type) {
        selected.set(type != null && visibleEntries().contains(type) ? type : null);
    }

    /** Moves the selection to the next type shown (the first when none is selected). */
    public void selectNext() {
        move(1);
    }

    /** Moves the selection to the previous type shown (the first when none is selected). */
    public void selectPrevious() {
        move(-1);
    }

    /** Moves the selection by {@code step} types shown (negative: up), stopping at the ends. */
    public void moveSelection(int step) {
        move(step);
    }

    private void move(int step) {
        List<NodeType> shown = visibleEntries();
        if (shown.isEmpty()) return;
        int i = shown.indexOf(selected.get());
        int next = i < 0 ? 0 : Math.max(0, Math.min(shown.size() - 1, i + step));
        selected.set(shown.get(next));
    }

    /** Called with the chosen type by {@link #choose()}. */
    public void setOnChoose(Consumer<NodeType> handler) {
        onChoose = handler == null ? t -> {} : handler;
    }

    /** Chooses the selected type (Enter, double-click); returns it, or empty when nothing is selected. */
    public Optional<NodeType> choose() {
        NodeType t = selected.get();
        if (t != null) onChoose.accept(t);
        return Optional.ofNullable(t);
    }

    /** Folds or unfolds a category (only while the filter is empty: a search shows every match). */
    public void toggleCollapsed(String category) {
        String k = key(category);
        if (!collapsed.remove(k)) collapsed.add(k);
        rebuild();
    }

    /** Whether {@code category} is folded. */
    public boolean isCollapsed(String category) {
        return collapsed.contains(key(category));
    }

    /**
     * Node types that can take a wire dragged out of a port of type {@code portTypeId}: a wire from an
     * {@link PortDirection#OUTPUT} needs a type with an input of that type, one from an
     * {@link PortDirection#INPUT} a type with such an output. In palette order; the filter does not apply.
     */
    public List<NodeType> compatibleTypes(String portTypeId, PortDirection draggedFrom) {
        return types.stream().filter(t -> compatiblePort(t, portTypeId, draggedFrom).isPresent()).toList();
    }

    /**
     * The port of {@code type} that a wire dragged out of a port of type {@code portTypeId} on side
     * {@code draggedFrom} would attach to: the first port of the opposite side with that type.
     */
    public static Optional<PortSpec<?>> compatiblePort(NodeType type, String portTypeId, PortDirection draggedFrom) {
        List<PortSpec<?>> ports = draggedFrom == PortDirection.OUTPUT ? type.inputs() : type.outputs();
        return ports.stream().filter(p -> p.type().id().equals(portTypeId)).findFirst();
    }

    /** Rank of a category in {@link #CATEGORY_ORDER}; unknown categories share the rank after the last. */
    public static int categoryRank(String category) {
        String k = key(category);
        if (k.equals("optimizer")) k = "optimiser";
        int i = CATEGORY_ORDER.indexOf(k);
        return i < 0 ? CATEGORY_ORDER.size() : i;
    }

    /**
     * How well {@code type} matches {@code query}: every word of the query must match the display name, the
     * id, the category or (as a plain substring) the description; the score is the mean of each word's best
     * field, weighted name &gt; id &gt; category &gt; description. {@link FuzzyMatcher#NO_MATCH} if a word matches
     * nothing.
     */
    public static double score(NodeType type, String query) {
        String[] words = query == null ? new String[0] : query.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) return 0;
        double total = 0;
        for (String w : words) {
            double best = Math.max(
                    Math.max(FuzzyMatcher.score(w, type.displayName()), 0.95 * FuzzyMatcher.score(w, type.id())),
                    Math.max(0.8 * FuzzyMatcher.score(w, type.category()),
                            0.5 * FuzzyMatcher.substringScore(w, type.description())));
            if (best < 0) return FuzzyMatcher.NO_MATCH;
            total += best;
        }
        return total / words.length;
    }

    private void rebuild() {
        String q = filter.get() == null ? "" : filter.get().trim();
        List<PaletteRow.Entry> hits = new ArrayList<>();
        for (NodeType t : types) {
            double s = score(t, q);
            if (s >= 0) hits.add(new PaletteRow.Entry(t, s));
        }
        // Stable sort: equal scores keep palette order.
        if (!q.isEmpty()) hits.sort(Comparator.comparingDouble(PaletteRow.Entry::score).reversed());

        List<PaletteRow> next = new ArrayList<>();
        if (grouped) {
            // Groups in order of their best member: the first entry shown is the best match overall.
            Map<String, List<PaletteRow.Entry>> groups = new LinkedHashMap<>();
            for (PaletteRow.Entry e : hits) groups.computeIfAbsent(e.type().category(), k -> new ArrayList<>()).add(e);
            for (Map.Entry<String, List<PaletteRow.Entry>> g : groups.entrySet()) {
                boolean fold = q.isEmpty() && isCollapsed(g.getKey());
                next.add(new PaletteRow.Header(g.getKey(), g.getValue().size(), fold));
                if (!fold) next.addAll(g.getValue());
            }
        } else {
            next.addAll(hits);
        }
        rows.setAll(next);
        matches.setAll(hits.stream().map(PaletteRow.Entry::type).toList());

        List<NodeType> shown = visibleEntries();
        if (!q.isEmpty()) {
            selected.set(shown.isEmpty() ? null : shown.get(0));
        } else if (!shown.contains(selected.get())) {
            selected.set(null);
        }
    }

    /** Types shown now, in row order (what Up and Down walk through). */
    public List<NodeType> visibleEntries() {
        List<NodeType> out = new ArrayList<>();
        for (PaletteRow r : rows) if (r instanceof PaletteRow.Entry e) out.add(e.type());
        return out;
    }

    private static String key(String category) {
        return Objects.requireNonNullElse(category, "").trim().toLowerCase(Locale.ROOT);
    }
}
