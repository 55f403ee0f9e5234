package io.rlwb.engine.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Damage done to files the way crashes, editors and other programs do it: bytes flipped, cut, repeated or
 * inserted, and, for JSON, values replaced by others of the wrong type or size, fields removed, lists emptied.
 * Deterministic for a {@link Random}.
 */
public final class Mutations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOKENS = {"null", "true", "[]", "{}", "\"\"", "\"x\"", "-1", "0", "1e400", "-1e400",
            "9223372036854775808", "NaN", "\"\\u0000\"", ",", ":", "\"", "}", "]", "[[[[[[[[[[", "\uFFFF", "\n"};

    private Mutations() {}

    /** {@code text} damaged one to three times, either as JSON (when it parses) or as bytes. */
    public static byte[] mutate(String text, Random rnd) {
        String t = text;
        int times = 1 + rnd.nextInt(3);
        for (int i = 0; i < times; i++) {
            t = rnd.nextInt(3) == 0 ? mutateText(t, rnd) : mutateTree(t, rnd);
        }
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        return rnd.nextInt(8) == 0 ? mutateBytes(bytes, rnd) : bytes;
    }

    public static String mutateText(String t, Random rnd) {
        if (t.isEmpty()) return TOKENS[rnd.nextInt(TOKENS.length)];
        int a = rnd.nextInt(t.length());
        int b = Math.min(t.length(), a + rnd.nextInt(40));
        return switch (rnd.nextInt(5)) {
            case 0 -> t.substring(0, a); // truncated, as a killed writer leaves it
            case 1 -> t.substring(0, a) + t.substring(b); // a range deleted
            case 2 -> t.substring(0, b) + t.substring(a, b) + t.substring(b); // a range repeated
            case 3 -> t.substring(0, a) + TOKENS[rnd.nextInt(TOKENS.length)] + t.substring(a);
            default -> t.substring(0, a) + (char) rnd.nextInt(0x3000) + t.substring(Math.min(t.length(), a + 1));
        };
    }

    public static byte[] mutateBytes(byte[] bytes, Random rnd) {
        byte[] out = bytes.clone();
        int flips = 1 + rnd.nextInt(4);
        for (int i = 0; i < flips && out.length > 0; i++) out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
        return out;
    }

    /** Replaces, removes or retypes one value somewhere in the JSON tree; text that is not JSON is cut instead. */
    public static String mutateTree(String t, Random rnd) {
        JsonNode root;
        try {
            root = JSON.readTree(t);
        } catch (Exception e) {
            return mutateText(t, rnd);
        }
        if (root == null || !root.isContainerNode()) return mutateText(t, rnd);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(rnd.nextInt(containers.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(rnd.nextInt(names.size()));
            if (rnd.nextInt(4) == 0) o.remove(name);
            else o.set(name, randomValue(rnd, 0));
        } else if (target instanceof ArrayNode a && a.size() > 0) {
            int i = rnd.nextInt(a.size());
            switch (rnd.nextInt(4)) {
                case 0 -> a.remove(i);
                case 1 -> a.add(a.get(i).deepCopy()); // a duplicate (same node id, same wire)
                default -> a.set(i, randomValue(rnd, 0));
            }
        } else if (target instanceof ObjectNode o) {
            o.set("x", randomValue(rnd, 0));
        } else if (target instanceof ArrayNode a) {
            a.add(randomValue(rnd, 0));
        }
        return root.toString();
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (!n.isContainerNode()) return;
        out.add(n);
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) collect(it.next(), out);
    }

    public static JsonNode randomValue(Random rnd, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (rnd.nextInt(depth > 3 ? 9 : 11)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(rnd.nextBoolean());
            case 2 -> f.numberNode(rnd.nextInt(7) - 3);
            case 3 -> f.numberNode(rnd.nextBoolean() ? Double.MAX_VALUE : -1e-300);
            case 4 -> f.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5 -> f.textNode("");
            case 6 -> f.textNode(new String[] {"x", "env.spec", "a.b.c", "core/trainer.ppo", "..", "\u0000", "1e3"}
                    [rnd.nextInt(7)]);
            case 7 -> f.numberNode(rnd.nextDouble() * 1e6);
            case 8 -> f.textNode("é".repeat(rnd.nextInt(300)));
            case 9 -> {
                ArrayNode a = f.arrayNode();
                for (int i = rnd.nextInt(4); i > 0; i--) a.add(randomValue(rnd, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = rnd.nextInt(4); i > 0; i--) o.set("k" + rnd.nextInt(5), randomValue(rnd, depth + 1));
                yield o;
            }
        };
    }
}
