package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.morl.Pareto;
import io.rlwb.engine.morl.ParetoArchive;
import io.rlwb.engine.morl.ParetoMonitor;
import io.rlwb.engine.morl.VectorReturns;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.rl.Policy;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;

/** Resource Gathering against reference/resource-gathering.md in the test resources (MO-Gymnasium's code). */
class ResourceGatheringTest {
    private static final int UP = 0, DOWN = 1, LEFT = 2, RIGHT = 3;

    @Test
    void theMapMatchesTheReference() {
        String[] ref = {".  .  G  E  .", ".  .  E  .  D", ".  .  .  .  .", ".  .  .  .  .", ".  .  H  .  ."};
        for (int r = 0; r < 5; r++) {
            String[] cells = ref[r].split("\\s+");
            for (int c = 0; c < 5; c++) assertThat(ResourceGathering.cell(r, c)).isEqualTo(cells[c].charAt(0));
        }
    }

    /** Plays the actions; returns the summed reward vector and checks the episode terminated at the last one. */
    private static double[] play(long seed, int... actions) {
        ResourceGathering env = new ResourceGathering(100);
        float[] obs = new float[4];
        float[] r = new float[3];
        env.reset(seed, obs);
        double[] sum = new double[3];
        for (int i = 0; i < actions.length; i++) {
            StepEnd end = env.step(new float[] {actions[i]}, obs, r);
            for (int j = 0; j < 3; j++) sum[j] += r[j];
            if (end.done()) {
                assertThat(i).as("ended early").isEqualTo(actions.length - 1);
                return sum;
            }
        }
        throw new AssertionError("episode did not end");
    }

    @Test
    void fetchingTheGemAvoidingEnemiesReturnsZeroZeroOne() {
        // (4,2) -> right (4,3) -> up (3,3) (2,3) -> right (2,4) -> up (1,4) gem -> down (2,4) (3,4) (4,4) -> left (4,3) (4,2)
        assertThat(play(3, RIGHT, UP, UP, RIGHT, UP, DOWN, DOWN, DOWN, LEFT, LEFT)).containsExactly(0, 0, 1);
    }

    @Test
    void fetchingGoldAvoidingEnemiesReturnsZeroOneZero() {
        // up (3,2) (2,2) -> left (2,1) -> up (1,1) (0,1) -> right (0,2) gold -> left (0,1) -> down (1,1) (2,1) -> right (2,2) -> down (3,2) (4,2)
        assertThat(play(3, UP, UP, LEFT, UP, UP, RIGHT, LEFT, DOWN, DOWN, RIGHT, DOWN, DOWN)).containsExactly(0, 1, 0);
    }

    /**
     * Gold, then the gem, never stepping on an enemy: deterministic, so its expected return is exactly (0, 1, 1). It
     * dominates all three points the reference lists as the gamma = 1 front, which is therefore not the true front
     * of this map (MO-Gymnasium's pareto_front enumerates six hand-picked routes and misses this one).
     */
    @Test
    void bothResourcesAvoidingEveryEnemyReturnZeroOneOneWhichDominatesTheReferencesListedFront() {
        int[] route = {UP, UP, LEFT, UP, UP, RIGHT,           // gold at (0,2)
                LEFT, DOWN, DOWN, RIGHT, RIGHT, RIGHT, UP,      // (0,1) (1,1) (2,1) (2,2) (2,3) (2,4) gem at (1,4)
                DOWN, DOWN, DOWN, LEFT, LEFT};                  // (2,4) (3,4) (4,4) (4,3) home (4,2)
        for (long seed = 0; seed < 20; seed++) assertThat(play(seed, route)).containsExactly(0, 1, 1);
        List<double[]> listed = List.of(new double[] {0, 0, 1}, new double[] {0, 1, 0}, new double[] {-0.1, 0.9, 0.9});
        for (double[] p : listed) assertThat(Pareto.dominates(new double[] {0, 1, 1}, p)).isTrue();
        // The environment node's known front comes from exact value iteration over the map (ParetoValueIterationTest).
        assertThat(ParetoValueIteration.front(ResourceGathering.model(), 1.0, 100))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(new double[] {0, 1, 1});
    }

    @Test
    void oneHotObservationMarksTheCellAndKeepsTheFlagsAndTheDynamics() {
        ResourceGathering coords = new ResourceGathering(100);
        ResourceGathering oneHot = new ResourceGathering(100, ResourceGathering.Encoding.ONE_HOT);
        assertThat(oneHot.spec().obsDim()).isEqualTo(27);
        float[] a = new float[4], b = new float[27], ra = new float[3], rb = new float[3];
        coords.reset(5, a);
        oneHot.reset(5, b);
        int[] route = {UP, UP, LEFT, UP, UP, RIGHT, LEFT, DOWN};
        for (int action : route) {
            StepEnd ea = coords.step(new float[] {action}, a, ra);
            StepEnd eb = oneHot.step(new float[] {action}, b, rb);
            assertThat(eb).isEqualTo(ea);
            assertThat(rb).containsExactly(ra);
            int cell = Math.round(a[0] * 4) * 5 + Math.round(a[1] * 4);
            for (int i = 0; i < 25; i++) assertThat(b[i]).as("cell %d", i).isEqualTo(i == cell ? 1f : 0f);
            assertThat(b[25]).isEqualTo(a[2]);
            assertThat(b[26]).isEqualTo(a[3]);
        }
        assertThat(b[25]).as("carries the gold").isEqualTo(1f);
    }

    /** A scripted policy on tabular observations that plays {@code route} (as long as the episode follows it). */
    private static Policy scripted(int... route) {
        java.util.Map<Integer, Integer> next = new java.util.HashMap<>();
        ResourceGathering env = new ResourceGathering(100, ResourceGathering.Encoding.TABULAR);
        float[] obs = new float[100], r = new float[3];
        env.reset(0, obs);
        for (int a : route) {
            next.put(hot(obs), a);
            if (env.step(new float[] {a}, obs, r).done()) break;
        }
        EnvSpec spec = env.spec();
        return new Policy() {
            @Override public EnvSpec spec() { return spec; }

            @Override public List<Parameter> parameters() { return List.of(); }

            @Override public void act(float[][] o, boolean greedy, SplittableRandom rng, float[][] out, float[] logp) {
                for (int i = 0; i < o.length; i++) out[i][0] = next.get(hot(o[i]));
            }

            @Override public Evaluation evaluate(INDArray o, INDArray actions) {
                throw new UnsupportedOperationException("scripted");
            }
        };
    }

    private static int hot(float[] obs) {
        for (int i = 0; i < obs.length; i++) if (obs[i] == 1f) return i;
        throw new AssertionError("no state marked");
    }

    /** The monitor's discounted evaluation agrees with the exact discounted front the environment node reports. */
    @Test
    void discountedEvaluationOfTheSafeRouteMatchesTheExactFrontAtThatDiscount() {
        double g = 0.99;
        MorlEnvNodes.Factory f = new MorlEnvNodes.Factory(() -> new ResourceGathering(100,
                ResourceGathering.Encoding.TABULAR), ResourceGathering.model(), 100, new double[] {-1, -1, -1});
        Policy safeBoth = scripted(UP, UP, LEFT, UP, UP, RIGHT, LEFT, DOWN, DOWN, RIGHT, RIGHT, RIGHT, UP,
                DOWN, DOWN, DOWN, LEFT, LEFT);
        double[] undiscounted = VectorReturns.evaluate(f, safeBoth, 5, true, 1);
        assertThat(undiscounted).containsExactly(0, 1, 1);
        ParetoMonitor monitor = new ParetoMonitor(new ParetoArchive(f.spec().objectives(), f.referencePoint(),
                f.trueFront(g)), f, null, "m", 5, 1000, 1, g);
        double[] discounted = monitor.measure("safe", safeBoth);
        assertThat(discounted[0]).isZero();
        assertThat(discounted[1]).isCloseTo(Math.pow(g, 17), within(1e-6));
        assertThat(discounted[2]).isCloseTo(Math.pow(g, 17), within(1e-6));
        assertThat(f.trueFront(g)).anySatisfy(p -> assertThat(p).containsExactly(new double[] {0, discounted[1],
                discounted[2]}, within(1e-6)));
        assertThat(f.trueFront(1.0)).usingRecursiveFieldByFieldElementComparator().containsExactly(undiscounted);
    }

    @Test
    void anEnemyKillsWithProbabilityOneTenth() {
        int killed = 0, n = 4000;
        for (long seed = 0; seed < n; seed++) {
            ResourceGathering env = new ResourceGathering(100);
            float[] obs = new float[4];
            float[] r = new float[3];
            env.reset(seed, obs);
            env.step(new float[] {UP}, obs, r);
            env.step(new float[] {UP}, obs, r);
            StepEnd end = env.step(new float[] {UP}, obs, r); // onto E1 at (1,2)
            if (end == StepEnd.TERMINATED) {
                killed++;
                assertThat(r).containsExactly(-1f, 0f, 0f);
            }
        }
        // binomial(4000, 0.1): mean 400, sd 19
        assertThat(killed).isBetween(330, 470);
    }

    @Test
    void stayingHomeByWalkingIntoTheEdgeEndsTheEpisodeEmptyHanded() {
        assertThat(play(1, DOWN)).containsExactly(0, 0, 0);
    }
}
