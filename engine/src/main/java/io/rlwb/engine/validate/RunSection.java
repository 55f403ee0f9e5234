package io.rlwb.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Judges the graph's {@code run} section strictly, so nothing runs with a value other than the one written:
 * {@code run.seed} an integer in the range of a 64-bit long, {@code run.budget} an object whose keys are known and
 * whose values are positive integers. A typo in a budget key would otherwise be ignored and the default budget
 * would run. Problems are addressed to {@code run.seed} and {@code run.budget}.
 */
public final class RunSection {
    /** Budget key of environment steps. */
    public static final String ENV_STEPS = "env_steps";
    /** Budget key of trainer iterations. */
    public static final String ITERATIONS = "iterations";
    /** The budget keys the runtime reads. */
    public static final List<String> BUDGET_KEYS = List.of(ENV_STEPS, ITERATIONS);
    /**
     * The env_steps budget of a graph that sets none. It is written into the run directory's graph.json, so a run
     * says which budget it ran with.
     */
    public static final long DEFAULT_ENV_STEPS = 100_000;
    /** The seed of a graph that sets none; also written into graph.json. */
    public static final long DEFAULT_SEED = 1;

    private RunSection() {}

    /** Adds a diagnostic for each problem of {@code doc.run()}. */
    public static void check(GraphDocument doc, List<Diagnostic> diags) {
        JsonNode run = doc.run();
        if (run.has("seed")) seedProblem(run.get("seed")).ifPresent(m -> diags.add(Diagnostic.error("run", "seed", m)));
        JsonNode budget = run.get("budget");
        if (budget == null) return;
        if (!budget.isObject()) {
            diags.add(Diagnostic.error("run", "budget", "must be an object such as {\"env_steps\": 50000}, found "
                    + budget));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = budget.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            budgetProblem(e.getKey(), e.getValue()).ifPresent(m -> diags.add(Diagnostic.error("run", "budget", m)));
        }
    }

    /** Why {@code seed} is not a usable seed, or empty. */
    public static java.util.Optional<String> seedProblem(JsonNode seed) {
        if (seed == null || seed.isNull()) return java.util.Optional.of("must be an integer, found null");
        if (!seed.isNumber()) return java.util.Optional.of("must be an integer, found " + seed);
        if (!isWholeLong(seed)) {
            return java.util.Optional.of("must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + ", found " + seed.asText());
        }
        return java.util.Optional.empty();
    }

    /** Why {@code key = value} is not a usable budget entry, or empty. */
    public static java.util.Optional<String> budgetProblem(String key, JsonNode value) {
        if (!BUDGET_KEYS.contains(key)) {
            return java.util.Optional.of("unknown budget '" + key + "'; known budgets: " + String.join(", ", BUDGET_KEYS));
        }
        if (value == null || !value.isNumber() || !isWholeLong(value) || value.asLong() <= 0) {
            return java.util.Optional.of("budget '" + key + "' must be a positive integer, found " + value);
        }
        return java.util.Optional.empty();
    }

    /** An integral value in the long range; 1e400 or 2.5 are not. */
    private static boolean isWholeLong(JsonNode n) {
        if (n.isIntegralNumber()) return n.canConvertToLong();
        if (!n.isNumber()) return false;
        BigDecimal d;
        try {
            d = n.decimalValue();
        } catch (NumberFormatException e) {
            return false;
        }
        if (!Double.isFinite(n.asDouble()) && !n.isBigDecimal()) return false;
        try {
            BigInteger i = d.toBigIntegerExact();
            return i.bitLength() < 64;
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
