package io.rlwb.app.editor;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Node ids for new nodes: a short name from the type ({@code core/policy.mlp} gives {@code policy}), with a
 * number added when it is taken ({@code policy2}, {@code policy3}, ...). Ids stay readable in wires
 * ({@code policy2.policy}) and in diagnostics.
 */
public final class NodeIds {
    private NodeIds() {}

    /** The id stem of a type: the first word after the namespace, letters, digits and underscores only. */
    public static String stem(String typeId) {
        String s = typeId == null ? "" : typeId;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) s = s.substring(slash + 1);
        int dot = s.indexOf('.');
        if (dot > 0) s = s.substring(0, dot);
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_+", "_");
        s = s.replaceAll("^_|_$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) s = "node" + s;
        return s;
    }

    /** {@code base} if free, else {@code base2}, {@code base3}, ... (a trailing number of base is replaced). */
    public static String unique(String base, Collection<String> taken) {
        Set<String> t = taken instanceof Set<String> set ? set : new HashSet<>(taken);
        if (!t.contains(base)) return base;
        String root = base.replaceAll("\\d+$", "");
        if (root.isEmpty()) root = base;
        for (int i = 2; ; i++) {
            String c = root + i;
            if (!t.contains(c)) return c;
        }
    }

    /** A fresh id for a node of {@code typeId}. */
    public static String forType(String typeId, Collection<String> taken) {
        return unique(stem(typeId), taken);
    }
}
