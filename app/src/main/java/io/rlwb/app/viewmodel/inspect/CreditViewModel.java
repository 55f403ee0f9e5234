package io.rlwb.app.viewmodel.inspect;

import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles.Stamped;
import io.rlwb.engine.telemetry.TelemetryFiles;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The credit-assignment inspector's model: the episodes of control tasks (per step reward, value, TD error,
 * advantage, return) with a step cursor, and the token groups of language policies (per token advantage and
 * ratio, the group's prefix tree). Keeps the chosen episode and group; -1 follows the latest.
 */
public final class CreditViewModel extends SnapshotViewModel<CreditSnapshot> {
    /** Snapshots kept (an episode of a few hundred steps each). */
    public static final int CAPACITY = 600;
    /** Quantities of a step, in chart and table order. */
    public static final List<String> QUANTITIES = List.of("reward", "value", "TD error", "advantage", "return");

    private final ObservableList<String> episodes = FXCollections.observableArrayList();
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final List<Integer> episodeIndex = new ArrayList<>();
    private final List<Integer> groupIndex = new ArrayList<>();
    private final IntegerProperty episode = new SimpleIntegerProperty(this, "episode", -1);
    private final IntegerProperty group = new SimpleIntegerProperty(this, "group", -1);
    private final IntegerProperty cursor = new SimpleIntegerProperty(this, "cursor", 0);

    public CreditViewModel() {
        super(CreditSnapshot.KIND, CreditSnapshot.class, TelemetryFiles::credit, CAPACITY);
        episode.addListener((o, a, b) -> {
            clampCursor();
            touch();
        });
        group.addListener((o, a, b) -> touch());
        cursor.addListener((o, a, b) -> touch());
    }

    @Override
    public String emptyMessage() {
        return "No credit snapshots yet: the core GAE estimator publishes one finished episode every "
                + "telemetry_every iterations (0 switches it off); language-policy trainers (plugin 'llm': GRPO) "
                + "add per-token advantages and the prefix tree of a group.";
    }

    @Override
    protected void changed() {
        episodeIndex.clear();
        groupIndex.clear();
        List<String> e = new ArrayList<>();
        List<String> g = new ArrayList<>();
        for (int i = 0; i < snapshots().size(); i++) {
            Stamped<CreditSnapshot> s = snapshots().get(i);
            if (!s.data().steps().isEmpty()) {
                episodeIndex.add(i);
                e.add("episode " + s.data().episode() + "  (" + s.data().steps().size() + " steps, at step " + s.step() + ")");
            }
            if (!s.data().tokens().isEmpty() || !s.data().tree().isEmpty()) {
                groupIndex.add(i);
                g.add("group " + s.data().episode() + "  (" + s.data().tokens().size() + " tokens)");
            }
        }
        if (!e.equals(episodes)) episodes.setAll(e);
        if (!g.equals(groups)) groups.setAll(g);
        if (episode.get() >= episodes.size()) episode.set(-1);
        if (group.get() >= groups.size()) group.set(-1);
        clampCursor();
    }

    /** Episode labels, oldest first. */
    public ObservableList<String> episodes() { return episodes; }

    /** Token-group labels, oldest first. */
    public ObservableList<String> groups() { return groups; }

    /** Chosen episode (index into {@link #episodes()}); -1 follows the latest. */
    public IntegerProperty episodeProperty() { return episode; }

    /** Chosen token group; -1 follows the latest. */
    public IntegerProperty groupProperty() { return group; }

    /** The step under the cursor. */
    public IntegerProperty cursorProperty() { return cursor; }

    /** The steps of the shown episode (empty when none). */
    public List<CreditSnapshot.Step> steps() {
        if (episodeIndex.isEmpty()) return List.of();
        int i = episode.get() < 0 || episode.get() >= episodeIndex.size() ? episodeIndex.size() - 1 : episode.get();
        return snapshots().get(episodeIndex.get(i)).data().steps();
    }

    /** The shown token group (null when none). */
    public CreditSnapshot shownGroup() {
        if (groupIndex.isEmpty()) return null;
        int i = group.get() < 0 || group.get() >= groupIndex.size() ? groupIndex.size() - 1 : group.get();
        return snapshots().get(groupIndex.get(i)).data();
    }

    /** Moves the cursor by {@code delta} steps, staying inside the episode. */
    public void moveCursor(int delta) {
        cursor.set(cursor.get() + delta);
        clampCursor();
    }

    private void clampCursor() {
        int n = steps().size();
        int c = Math.max(0, Math.min(n - 1, cursor.get()));
        if (c != cursor.get()) cursor.set(c);
    }

    /** One quantity of {@link #QUANTITIES} per step of the shown episode. */
    public double[] series(String quantity) {
        return steps().stream().mapToDouble(s -> value(s, quantity)).toArray();
    }

    /** Quantity {@code q} of step {@code s}. */
    public static double value(CreditSnapshot.Step s, String q) {
        return switch (q) {
            case "reward" -> s.reward();
            case "value" -> s.value();
            case "TD error" -> s.tdError();
            case "advantage" -> s.advantage();
            case "return" -> s.ret();
            default -> throw new IllegalArgumentException("no step quantity '" + q + "'");
        };
    }

    /** The step under the cursor in words. */
    public String cursorText() {
        List<CreditSnapshot.Step> st = steps();
        if (st.isEmpty()) return "";
        CreditSnapshot.Step s = st.get(cursor.get());
        return String.format(java.util.Locale.ROOT, "t = %d   r = %.3f   V = %.3f   \u03b4 = %.3f   A = %.3f   G = %.3f",
                s.t(), s.reward(), s.value(), s.tdError(), s.advantage(), s.ret());
    }

    /** The tokens of completion {@code c} of the shown group. */
    public List<CreditSnapshot.Token> tokens(int c) {
        CreditSnapshot g = shownGroup();
        if (g == null) return List.of();
        return g.tokens().stream().filter(t -> t.completion() == c).toList();
    }

    /** Completion numbers of the shown group, in order. */
    public List<Integer> completions() {
        CreditSnapshot g = shownGroup();
        if (g == null) return List.of();
        return g.tokens().stream().map(CreditSnapshot.Token::completion).distinct().sorted().toList();
    }

    /** Advantages of every token of the shown group (to fit the colour scale). */
    public double[] tokenAdvantages() {
        CreditSnapshot g = shownGroup();
        return g == null ? new double[0] : g.tokens().stream().mapToDouble(CreditSnapshot.Token::advantage).toArray();
    }

    /** The shown group's prefix tree laid out (empty when none). */
    public List<TreeLayout.Placed> tree() {
        CreditSnapshot g = shownGroup();
        return g == null ? List.of() : TreeLayout.layout(g.tree());
    }
}
