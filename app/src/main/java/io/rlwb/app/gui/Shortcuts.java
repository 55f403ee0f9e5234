package io.rlwb.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.scene.input.KeyCombination;

/**
 * Every command of the editor with its keys, in one list: the menus take their accelerators from it, the help
 * overlay lists it, the canvas's context menu and key handling call its actions. Declared once, so the help
 * cannot drift from what the keys do.
 */
public final class Shortcuts {
    /**
     * A command.
     *
     * @param id stable name ("undo", "paste")
     * @param group heading in the help overlay
     * @param label what menus and the help show
     * @param keys its keys, the first one shown in menus (empty: none)
     * @param gesture a pointer gesture that does it too, for the help ("" when none)
     * @param action what it does (null for entries that only document a gesture)
     */
    public record Entry(String id, String group, String label, List<KeyCombination> keys, String gesture, Runnable action) {
        public Entry {
            keys = List.copyOf(keys);
            gesture = gesture == null ? "" : gesture;
        }

        /** The keys as users read them: "Ctrl+Shift+Z / Ctrl+Y". */
        public String keyText() {
            String k = keys.stream().map(KeyCombination::getDisplayText).distinct().collect(Collectors.joining("  /  "));
            if (gesture.isEmpty()) return k;
            return k.isEmpty() ? gesture : k + "  /  " + gesture;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a command. */
    public Entry add(String id, String group, String label, Runnable action, KeyCombination... keys) {
        return add(id, group, label, "", action, keys);
    }

    /** Adds a command that a pointer gesture also does. */
    public Entry add(String id, String group, String label, String gesture, Runnable action, KeyCombination... keys) {
        Entry e = new Entry(id, group, label, List.of(keys), gesture, action);
        entries.add(e);
        return e;
    }

    /** Runs command {@code id}; false when there is none. */
    public boolean run(String id) {
        Optional<Entry> e = get(id);
        if (e.isEmpty() || e.get().action() == null) return false;
        e.get().action().run();
        return true;
    }

    public Optional<Entry> get(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** All commands, in the order they were added. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
