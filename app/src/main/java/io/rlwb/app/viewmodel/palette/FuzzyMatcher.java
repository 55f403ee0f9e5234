package io.rlwb.app.viewmodel.palette;

import java.util.Locale;

/**
 * Scores how well a typed query matches a piece of text, the way command palettes do: an exact match beats a
 * prefix, a prefix beats a match at a word start ({@code ppo} in {@code core/ppo.loss}, {@code pole} in
 * {@code CartPole}), that beats a plain substring, and a scattered subsequence ({@code mcp} in
 * {@code MLP categorical policy}) scores least, less the more it is scattered. Case is ignored. Scores are
 * comparable across texts; {@link #NO_MATCH} is below all.
 */
public final class FuzzyMatcher {
    /** The score of text that does not contain the query even as a subsequence. */
    public static final double NO_MATCH = -1;

    private FuzzyMatcher() {}

    /** Score of {@code query} in {@code text}, from 1 (barely) to 100 (equal), or {@link #NO_MATCH}. */
    public static double score(String query, String text) {
        if (query == null || query.isEmpty()) return 0;
        if (text == null || text.isEmpty()) return NO_MATCH;
        String q = query.toLowerCase(Locale.ROOT);
        Words t = new Words(text);
        String s = t.lower;
        if (s.equals(q)) return 100;
        if (s.startsWith(q)) return 85 + 10.0 * q.length() / s.length();
        int at = s.indexOf(q);
        if (at >= 0) {
            // The first occurrence may sit inside a word while a later one starts one: look for that.
            for (int i = at; i >= 0; i = s.indexOf(q, i + 1)) {
                if (t.start[i]) return 70 + 10.0 * q.length() / s.length();
            }
            return 55 + 5.0 * q.length() / s.length();
        }
        return subsequence(q, t);
    }

    /** Score of a match found only inside the text (never as a scattered subsequence), or {@link #NO_MATCH}. */
    public static double substringScore(String query, String text) {
        if (query == null || query.isEmpty()) return 0;
        if (text == null) return NO_MATCH;
        Words t = new Words(text);
        String q = query.toLowerCase(Locale.ROOT);
        for (int i = t.lower.indexOf(q); i >= 0; i = t.lower.indexOf(q, i + 1)) {
            if (t.start[i]) return 60;
        }
        return t.lower.contains(q) ? 40 : NO_MATCH;
    }

    /**
     * Best placement of {@code q} as a subsequence: tried from every place its first character occurs,
     * preferring word starts; runs of adjacent characters and word starts earn points, gaps cost. 1 to 50.
     */
    private static double subsequence(String q, Words t) {
        double best = NO_MATCH;
        String s = t.lower;
        for (int start = s.indexOf(q.charAt(0)); start >= 0; start = s.indexOf(q.charAt(0), start + 1)) {
            best = Math.max(best, placeFrom(q, t, start));
        }
        return best;
    }

    private static double placeFrom(String q, Words t, int start) {
        String s = t.lower;
        double points = t.start[start] ? 3 : 0;
        int prev = start;
        int gaps = 0;
        for (int k = 1; k < q.length(); k++) {
            char c = q.charAt(k);
            int next = s.indexOf(c, prev + 1);
            if (next < 0) return NO_MATCH;
            // A word start a little further on usually reads better than a letter inside the current word,
            // as long as the rest of the query still fits after it.
            if (next != prev + 1) {
                int w = t.nextWordStartWith(c, prev + 1);
                if (w >= 0 && fits(q, k + 1, s, w + 1)) next = w;
            }
            if (next == prev + 1) points += 2;
            else gaps += next - prev - 1;
            if (t.start[next]) points += 3;
            prev = next;
        }
        double raw = 10 + points * 30.0 / (5.0 * q.length()) - Math.min(9, gaps * 0.4) - start * 0.1;
        return Math.max(1, Math.min(50, raw));
    }

    private static boolean fits(String q, int k, String s, int from) {
        int at = from - 1;
        for (int i = k; i < q.length(); i++) {
            at = s.indexOf(q.charAt(i), at + 1);
            if (at < 0) return false;
        }
        return true;
    }

    /** A text in lower case with its word starts: after a separator, and camel-case humps ({@code CartPole}). */
    private static final class Words {
        final String lower;
        final boolean[] start;

        Words(String text) {
            lower = text.toLowerCase(Locale.ROOT);
            // Lower-casing rarely changes the length (a dotted capital I); then camel humps are not looked for.
            String src = lower.length() == text.length() ? text : lower;
            start = new boolean[src.length()];
            for (int i = 0; i < src.length(); i++) {
                if (i == 0) {
                    start[i] = true;
                    continue;
                }
                char p = src.charAt(i - 1);
                char c = src.charAt(i);
                start[i] = !Character.isLetterOrDigit(p) && Character.isLetterOrDigit(c)
                        || Character.isLowerCase(p) && Character.isUpperCase(c);
            }
        }

        int nextWordStartWith(char c, int from) {
            for (int i = lower.indexOf(c, from); i >= 0; i = lower.indexOf(c, i + 1)) {
                if (start[i]) return i;
            }
            return -1;
        }
    }
}
