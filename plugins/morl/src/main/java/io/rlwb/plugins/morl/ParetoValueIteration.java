package io.rlwb.plugins.morl;

import io.rlwb.engine.morl.Pareto;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact Pareto front of expected vector returns of a small tabular environment, by finite-horizon set-valued
 * value iteration (White 1982): {@code V_0(s) = {0}}, and
 * <pre>
 *   V_h(s) = ND( union_a  sum_o  p_o (r_o + gamma V_{h-1}(s'_o)) )
 * </pre>
 * where the sum over an action's outcomes {@code o} is a Minkowski sum of sets, a terminal outcome contributes
 * {@code p_o r_o}, and ND keeps the non-dominated vectors. {@code V_H(start)} is the front over deterministic
 * (time-dependent) policies for an episode truncated after {@code H} steps, with returns
 * {@code sum_t gamma^t r_(t+1)}. Pruning dominated vectors at every state is exact because every combination
 * above has non-negative coefficients. Environments use it to know their true front for any step limit and
 * discount, instead of a hand-made list of routes. Iteration stops early at a fixed point (every state's set
 * unchanged), so a long step limit costs no more than the longest useful route.
 */
final class ParetoValueIteration {
    private ParetoValueIteration() {}

    /** One possible result of taking an action: with {@code probability}, reward {@code reward}, then {@code next}. */
    record Outcome(double probability, double[] reward, int next) {
        static final int TERMINAL = -1;
    }

    /** A finite MDP with vector rewards. */
    interface Model {
        int states();

        int actions();

        int objectives();

        int start();

        /** The outcomes of action {@code a} in state {@code s}; their probabilities sum to 1. */
        List<Outcome> outcomes(int s, int a);
    }

    /** The front at the start state for episodes of at most {@code horizon} steps and discount {@code gamma}. */
    static List<double[]> front(Model m, double gamma, int horizon) {
        List<List<double[]>> v = new ArrayList<>();
        for (int s = 0; s < m.states(); s++) v.add(List.of(new double[m.objectives()]));
        for (int h = 1; h <= horizon; h++) {
            List<List<double[]>> next = new ArrayList<>(m.states());
            for (int s = 0; s < m.states(); s++) {
                List<double[]> candidates = new ArrayList<>();
                for (int a = 0; a < m.actions(); a++) {
                    candidates.addAll(actionValues(m.outcomes(s, a), v, gamma, m.objectives()));
                }
                next.add(prune(candidates));
            }
            boolean fixedPoint = same(v, next);
            v = next;
            if (fixedPoint) break; // the operator does not change with h: every later V_h is the same
        }
        return v.get(m.start());
    }

    private static boolean same(List<List<double[]>> a, List<List<double[]>> b) {
        for (int s = 0; s < a.size(); s++) {
            List<double[]> x = a.get(s), y = b.get(s);
            if (x.size() != y.size()) return false;
            for (double[] p : x) {
                boolean found = false;
                for (int i = 0; i < y.size() && !found; i++) found = java.util.Arrays.equals(p, y.get(i));
                if (!found) return false;
            }
        }
        return true;
    }

    private static List<double[]> actionValues(List<Outcome> outcomes, List<List<double[]>> v, double gamma, int k) {
        List<double[]> sum = List.of(new double[k]);
        for (Outcome o : outcomes) {
            List<double[]> part = new ArrayList<>();
            List<double[]> after = o.next() == Outcome.TERMINAL ? List.of(new double[k]) : v.get(o.next());
            for (double[] x : after) {
                double[] y = new double[k];
                for (int j = 0; j < k; j++) y[j] = o.probability() * (o.reward()[j] + gamma * x[j]);
                part.add(y);
            }
            List<double[]> combined = new ArrayList<>(sum.size() * part.size());
            for (double[] a : sum) {
                for (double[] b : part) {
                    double[] c = new double[k];
                    for (int j = 0; j < k; j++) c[j] = a[j] + b[j];
                    combined.add(c);
                }
            }
            sum = prune(combined);
        }
        return sum;
    }

    /** Non-dominated, distinct up to rounding (sums in different orders differ in the last bits). */
    private static List<double[]> prune(List<double[]> points) {
        List<double[]> rounded = new ArrayList<>(points.size());
        for (double[] p : points) {
            double[] r = new double[p.length];
            for (int j = 0; j < p.length; j++) r[j] = Math.rint(p[j] * 1e12) / 1e12;
            rounded.add(r);
        }
        return Pareto.front(rounded);
    }
}
