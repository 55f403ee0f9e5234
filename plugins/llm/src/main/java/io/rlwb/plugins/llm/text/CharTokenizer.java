package io.rlwb.plugins.llm.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A character-level tokenizer with special tokens. The vocabulary is fixed by the declaration alone, so two runs
 * (or a saved model and the graph that loads it) that declare the same alphabet and separators get the same ids:
 *
 * <ol>
 *   <li>id 0 {@code <pad>}, 1 {@code <bos>}, 2 {@code <eos>}, 3 {@code <unk>};</li>
 *   <li>then the task separators in their declared order (default one: {@code <sep>});</li>
 *   <li>then the alphabet's distinct characters in ascending code-point order (declaration order and repeats do
 *       not matter).</li>
 * </ol>
 *
 * <p>In text, a special token is written as its literal ({@code "<sep>"}); {@link #encode} recognises the literal
 * of any declared special at any position, and otherwise maps each character to its id, or to {@code <unk>}
 * when it is not in the alphabet. {@link #decode} writes specials back as their literals, so
 * {@code decode(encode(s)).equals(s)} for every string over the alphabet and the special literals.
 * Characters are Unicode code points, not UTF-16 units.
 */
public final class CharTokenizer {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int UNK = 3;
    /** Literals of the four fixed specials, by id. */
    public static final List<String> FIXED_SPECIALS = List.of("<pad>", "<bos>", "<eos>", "<unk>");
    /** The task separator declared when none is given. */
    public static final String DEFAULT_SEPARATOR = "<sep>";

    private final String alphabet;
    private final List<String> separators;
    private final List<String> specials;
    private final int[] chars; // id - specials.size() -> code point
    private final Map<Integer, Integer> charToId = new LinkedHashMap<>();
    private final Map<String, Integer> specialToId = new LinkedHashMap<>();

    /**
     * @param alphabet the characters the tokenizer knows (any order; repeats ignored); must not be empty
     * @param separators task separator literals, each of the form {@code <name>} with a name of letters, digits,
     *     {@code _} or {@code -}, distinct from each other and from the fixed specials
     */
    public CharTokenizer(String alphabet, List<String> separators) {
        if (alphabet == null || alphabet.isEmpty()) {
            throw new IllegalArgumentException("tokenizer parameter 'alphabet' must not be empty");
        }
        List<String> specialsList = new ArrayList<>(FIXED_SPECIALS);
        for (String s : separators) {
            if (s == null || !s.matches("<[A-Za-z0-9_-]+>")) {
                throw new IllegalArgumentException("tokenizer parameter 'separators': '" + s
                        + "' is not of the form <name> (letters, digits, _ or -)");
            }
            if (specialsList.contains(s)) {
                throw new IllegalArgumentException("tokenizer parameter 'separators': '" + s + "' is declared twice "
                        + "or clashes with a fixed special token");
            }
            specialsList.add(s);
        }
        this.separators = List.copyOf(separators);
        this.specials = List.copyOf(specialsList);
        for (int i = 0; i < specials.size(); i++) specialToId.put(specials.get(i), i);
        TreeSet<Integer> sorted = new TreeSet<>();
        alphabet.codePoints().forEach(sorted::add);
        chars = sorted.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < chars.length; i++) charToId.put(chars[i], specials.size() + i);
        StringBuilder canon = new StringBuilder();
        for (int c : chars) canon.appendCodePoint(c);
        this.alphabet = canon.toString();
    }

    /** A tokenizer with the single default separator {@code <sep>}. */
    public CharTokenizer(String alphabet) {
        this(alphabet, List.of(DEFAULT_SEPARATOR));
    }

    /** Vocabulary size: specials plus alphabet. */
    public int vocabSize() {
        return specials.size() + chars.length;
    }

    /** The alphabet's distinct characters in id order (the canonical form of the declaration). */
    public String alphabet() {
        return alphabet;
    }

    public List<String> separators() {
        return separators;
    }

    /** All special literals, by id. */
    public List<String> specials() {
        return specials;
    }

    /** Id of a special literal ({@code "<sep>"}). */
    public int specialId(String literal) {
        Integer id = specialToId.get(literal);
        if (id == null) {
            throw new IllegalArgumentException("no special token " + literal + " (declared: " + specials + ")");
        }
        return id;
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < specials.size();
    }

    /** Token ids of {@code text}, without {@code <bos>} or {@code <eos>} unless the text writes them. */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (cp == '<') {
                int close = text.indexOf('>', i);
                Integer sid = close < 0 ? null : specialToId.get(text.substring(i, close + 1));
                if (sid != null) {
                    out[n++] = sid;
                    i = close + 1;
                    continue;
                }
            }
            out[n++] = charToId.getOrDefault(cp, UNK);
            i += Character.charCount(cp);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** {@code <bos>} followed by the ids of {@code prompt}: how every prompt enters the model. */
    public int[] encodePrompt(String prompt) {
        int[] body = encode(prompt);
        int[] out = new int[body.length + 1];
        out[0] = BOS;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The ids of {@code completion} followed by {@code <eos>}: a supervised target answer. */
    public int[] encodeCompletion(String completion) {
        int[] body = encode(completion);
        int[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = EOS;
        return out;
    }

    /**
     * The text a generated completion stands for: the tokens before the first {@code <eos>} (all of them when
     * there is none), {@code <pad>} left out; any other special stays as its literal (so a stray {@code <bos>}
     * or {@code <unk>} makes an exact-match comparison fail, as it should).
     */
    public String decodeCompletion(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == EOS) break;
            if (id == PAD) continue;
            sb.append(decode(new int[] {id}));
        }
        return sb.toString();
    }

    /** Text of ids; specials appear as their literals. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Text of ids.
     *
     * @param skipSpecials leave out every special token (pad, bos, eos, unk, separators)
     */
    public String decode(int[] ids, boolean skipSpecials) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocabSize()
                        + ")");
            }
            if (id < specials.size()) {
                if (!skipSpecials) sb.append(specials.get(id));
            } else {
                sb.appendCodePoint(chars[id - specials.size()]);
            }
        }
        return sb.toString();
    }

    /** Declared separators and alphabet as a map, for a checkpoint manifest. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alphabet", alphabet);
        m.put("separators", separators);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharTokenizer t && t.alphabet.equals(alphabet) && t.separators.equals(separators);
    }

    @Override
    public int hashCode() {
        return alphabet.hashCode() * 31 + separators.hashCode();
    }
}
