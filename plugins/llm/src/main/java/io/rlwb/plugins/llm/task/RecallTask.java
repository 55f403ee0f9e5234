package io.rlwb.plugins.llm.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long-context key-value recall. The prompt is a context of exactly {@code contextLength} characters in which
 * {@code pairs} key-value pairs {@code "key:value"} (keys of {@code keyLength} lowercase letters, distinct within a
 * prompt; values of {@code valueLength} digits) sit at random places between filler (random lowercase letters
 * and spaces), followed by {@code <sep>}, one of the keys and a colon: {@code "... qzt:417 ... <sep>qzt:"}. The answer is that
 * key's value. Filler never contains digits or colons, so the pairs are unambiguous; the answer has to be copied
 * from wherever its pair lies, which is what makes KV-cache compression matter.
 *
 * <p>{@link Layout#ADJACENT} writes each pair as {@code "qzt417"} and the query as {@code "<sep>qzt"}: the value
 * follows its key directly, the layout of the Zoology MQAR task, which a small model learns with one induction
 * step where the colon layout needs a second positional hop (ADR 0039).
 *
 * <p>An instance's identity for the split is its queried key: held-out prompts ask for keys no training prompt
 * asks for (they may appear in training contexts as distractors), so the two splits never share a prompt.
 */
public final class RecallTask implements Task {
    /** The separator between context and query. */
    public static final String SEPARATOR = "<sep>";

    /**
     * @param contextLength characters of context before the query (default 256; the range is 256-1024)
     * @param pairs key-value pairs in the context (default 8)
     * @param keyLength letters per key (default 3)
     * @param valueLength digits per value (default 3)
     * @param heldOutFraction share of keys held out (default 0.2)
     * @param seed fixes the partition (default 1)
     * @param layout how a pair and the query are written (default {@link Layout#COLON})
     */
    public record Config(int contextLength, int pairs, int keyLength, int valueLength, double heldOutFraction,
            long seed, Layout layout) {
        public Config {
            if (layout == null) {
                throw new IllegalArgumentException("recall parameter 'layout' must be colon or adjacent");
            }
            if (keyLength < 1 || keyLength > 6) {
                throw new IllegalArgumentException("recall parameter 'keyLength' must lie in [1, 6], got " + keyLength);
            }
            if (valueLength < 1 || valueLength > 9) {
                throw new IllegalArgumentException("recall parameter 'valueLength' must lie in [1, 9], got "
                        + valueLength);
            }
            if (pairs < 1 || pairs > Math.pow(26, keyLength) / 4) {
                throw new IllegalArgumentException("recall parameter 'pairs' must lie in [1, 26^keyLength / 4], got "
                        + pairs);
            }
            int need = minContext(pairs, keyLength, valueLength, layout);
            if (contextLength < need) {
                throw new IllegalArgumentException("recall parameter 'contextLength' = " + contextLength
                        + " cannot hold " + pairs + " pairs with a separating space around each (needs >= " + need
                        + ")");
            }
            Splits.checkFraction("recall", heldOutFraction);
        }

        /** The colon layout, {@code "key:value"}. */
        public Config(int contextLength, int pairs, int keyLength, int valueLength, double heldOutFraction,
                long seed) {
            this(contextLength, pairs, keyLength, valueLength, heldOutFraction, seed, Layout.COLON);
        }

        public static Config defaults() {
            return new Config(256, 8, 3, 3, 0.2, 1);
        }

        /** The same task written in {@code l}. */
        public Config withLayout(Layout l) {
            return new Config(contextLength, pairs, keyLength, valueLength, heldOutFraction, seed, l);
        }

        /**
         * The same task with contexts of {@code length} characters: same pairs, seed and held-out fraction, so the
         * same partition of keys into training and held-out ones.
         */
        public Config withContext(int length) {
            return new Config(length, pairs, keyLength, valueLength, heldOutFraction, seed, layout);
        }

        /** The shortest context that holds the pairs, each with a separating space around it. */
        public int minContext() {
            return minContext(pairs, keyLength, valueLength, layout);
        }

        private static int minContext(int pairs, int keyLength, int valueLength, Layout layout) {
            return pairs * (keyLength + layout.colon() + valueLength + 1) + 1;
        }
    }

    /** How a pair and the query are written. */
    public enum Layout {
        /** {@code "key:value"}, query {@code "<sep>key:"} (the default). */
        COLON(":"),
        /** {@code "keyvalue"}, query {@code "<sep>key"}: the value right after its key (MQAR). */
        ADJACENT("");

        private final String mark;
        private final Pattern pair;

        Layout(String mark) {
            this.mark = mark;
            this.pair = Pattern.compile("([a-z]+)" + mark + "([0-9]+)");
        }

        /** A layout by name, {@code colon} or {@code adjacent} (any case); anything else is refused by name. */
        public static Layout parse(String name) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(name.trim())) return l;
            }
            throw new IllegalArgumentException("parameter 'layout' must be colon or adjacent, got '" + name + "'");
        }

        /** The layout a recall prompt is written in: a colon query ends on the colon, an adjacent one on a letter. */
        public static Layout of(String prompt) {
            return prompt.endsWith(COLON.mark) ? COLON : ADJACENT;
        }

        /** Characters between a key and its value (1 or 0). */
        public int colon() {
            return mark.length();
        }

        /** A pair as it is written in the context. */
        public String pair(String key, String value) {
            return key + mark + value;
        }

        /** What follows {@code <sep>} in a prompt asking for {@code key}. */
        public String query(String key) {
            return key + mark;
        }

        /** The key a prompt asks for (the text after its last {@code <sep>}, without the mark). */
        public String queriedKey(String prompt) {
            int cut = prompt.lastIndexOf(SEPARATOR);
            return prompt.substring(cut + SEPARATOR.length(), prompt.length() - mark.length());
        }

        /** The context's pairs in order, each {@code {key, value}}; filler never looks like a pair. */
        public List<String[]> pairs(String context) {
            List<String[]> out = new ArrayList<>();
            Matcher m = pair.matcher(context);
            while (m.find()) out.add(new String[] {m.group(1), m.group(2)});
            return out;
        }
    }

    private final Config config;

    public RecallTask(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "recall";
    }

    @Override
    public String alphabet() {
        return "abcdefghijklmnopqrstuvwxyz0123456789: ";
    }

    @Override
    public List<String> separators() {
        return List.of(SEPARATOR);
    }

    @Override
    public int maxAnswerLength() {
        return config.valueLength();
    }

    @Override
    public int maxPromptTokens() {
        return config.contextLength() + 1 + config.keyLength() + config.layout().colon();
    }

    @Override
    public Example sample(Split split, SplittableRandom rng) {
        String query = null;
        for (int tries = 0; tries < 100_000 && query == null; tries++) {
            String k = key(rng);
            if (Splits.in(split, config.seed(), keyId(k), config.heldOutFraction())) query = k;
        }
        if (query == null) {
            throw new IllegalStateException("recall: no " + split + " key found in 100000 draws for " + config);
        }
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        keys.add(query);
        while (keys.size() < config.pairs()) keys.add(key(rng));
        List<String> order = new ArrayList<>(keys);
        int queried = rng.nextInt(order.size());
        order.set(0, order.get(queried));
        order.set(queried, query); // the queried pair lands anywhere
        String[] values = new String[order.size()];
        String answer = null;
        for (int i = 0; i < order.size(); i++) {
            values[i] = value(rng);
            if (order.get(i).equals(query)) answer = values[i];
        }
        int pairLen = config.keyLength() + config.layout().colon() + config.valueLength();
        int filler = config.contextLength() - config.pairs() * pairLen;
        int[] gaps = gaps(filler, config.pairs() + 1, rng);
        StringBuilder sb = new StringBuilder(config.contextLength() + 16);
        for (int i = 0; i <= order.size(); i++) {
            fill(sb, gaps[i], rng);
            if (i < order.size()) sb.append(config.layout().pair(order.get(i), values[i]));
        }
        sb.append(SEPARATOR).append(config.layout().query(query));
        return new Example(sb.toString(), answer);
    }

    /** {@code n} gap lengths >= 1 summing to {@code total}: cut points drawn uniformly. */
    private static int[] gaps(int total, int n, SplittableRandom rng) {
        int spare = total - n;
        int[] cuts = new int[n + 1];
        for (int i = 1; i < n; i++) cuts[i] = rng.nextInt(spare + 1);
        cuts[n] = spare;
        Arrays.sort(cuts, 1, n);
        int[] g = new int[n];
        for (int i = 0; i < n; i++) g[i] = 1 + cuts[i + 1] - cuts[i];
        return g;
    }

    /** Filler of {@code n} characters: a space at both ends, random lowercase letters and spaces (1 in 5) between. */
    private static void fill(StringBuilder sb, int n, SplittableRandom rng) {
        int start = sb.length();
        for (int i = 0; i < n; i++) {
            boolean edge = i == 0 || i == n - 1;
            sb.append(edge || rng.nextInt(5) == 0 ? ' ' : (char) ('a' + rng.nextInt(26)));
        }
        if (n > 0) sb.setCharAt(start, ' ');
    }

    private String key(SplittableRandom rng) {
        char[] c = new char[config.keyLength()];
        for (int i = 0; i < c.length; i++) c[i] = (char) ('a' + rng.nextInt(26));
        return new String(c);
    }

    private String value(SplittableRandom rng) {
        char[] c = new char[config.valueLength()];
        for (int i = 0; i < c.length; i++) c[i] = (char) ('0' + rng.nextInt(10));
        return new String(c);
    }

    private static long keyId(String k) {
        long id = 0;
        for (int i = 0; i < k.length(); i++) id = id * 26 + (k.charAt(i) - 'a');
        return id;
    }
}
