package io.rlwb.plugins.morl;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import java.util.ArrayList;
import java.util.List;

/**
 * Deep Sea Treasure (Vamplew et al.), as MO-Gymnasium defines it: an 11 x 11 grid, start at (0, 0); actions 0 up,
 * 1 down, 2 left, 3 right; a move off the grid or into rock leaves the submarine in place. Each step's reward is
 * [treasure value at the new cell (0 if none), -1]; reaching a treasure terminates; episodes are truncated at
 * {@code maxSteps} (100). Observation: (row, col) x 0.1. Deterministic.
 */
public final class DeepSeaTreasure implements Env {
    /** The two maps: the classic concave front and MO-Gymnasium's current convex one. */
    public enum MapKind {
        CONCAVE(new double[] {1, 2, 3, 5, 8, 16, 24, 50, 74, 124}),
        CONVEX(new double[] {0.7, 8.2, 11.5, 14.0, 15.1, 16.1, 19.6, 20.3, 22.4, 23.7});

        final double[] treasures;

        MapKind(double[] treasures) {
            this.treasures = treasures;
        }
    }

    static final int SIZE = 11;
    static final double ROCK = -10;
    /** Treasure cells (row, col) in the order of {@link MapKind#treasures}. */
    static final int[][] TREASURE_CELLS = {{1, 0}, {2, 1}, {3, 2}, {4, 3}, {4, 4}, {4, 5}, {7, 6}, {7, 7}, {9, 8}, {10, 9}};
    /** Steps on a shortest path from the start to each treasure. */
    static final int[] STEPS = {1, 3, 5, 7, 8, 9, 13, 14, 17, 19};
    /** First rock row per column: column c is sea down to this row (exclusive of treasure cells), rock below. */
    private static final int[] SEA_DEPTH = {1, 2, 3, 4, 4, 4, 7, 7, 9, 10, 11};

    private final MapKind kind;
    private final int maxSteps;
    private final EnvSpec spec;
    private final double[][] map = new double[SIZE][SIZE];
    private int row;
    private int col;
    private int t;

    public DeepSeaTreasure(MapKind kind, int maxSteps) {
        this.kind = kind;
        this.maxSteps = maxSteps;
        this.spec = new EnvSpec("DeepSeaTreasure-" + kind.name().toLowerCase() + "-v0", 2, ActionSpace.discrete(4),
                List.of("treasure", "time"), maxSteps);
        for (int c = 0; c < SIZE; c++) {
            for (int r = 0; r < SIZE; r++) map[r][c] = r > SEA_DEPTH[c] ? ROCK : 0;
        }
        for (int i = 0; i < TREASURE_CELLS.length; i++) map[TREASURE_CELLS[i][0]][TREASURE_CELLS[i][1]] = kind.treasures[i];
    }

    /** The cell value: 0 sea, -10 rock, else a treasure. */
    public double cell(int r, int c) {
        return map[r][c];
    }

    public int row() {
        return row;
    }

    public int col() {
        return col;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public void reset(long seed, float[] obs) {
        reset(obs);
    }

    @Override
    public void reset(float[] obs) {
        row = 0;
        col = 0;
        t = 0;
        observe(obs);
    }

    @Override
    public StepEnd step(float[] action, float[] obs, float[] reward) {
        int a = (int) action[0];
        if (a < 0 || a > 3) throw new IllegalArgumentException("Deep Sea Treasure action must be 0-3, got " + action[0]);
        int moved = moved(row * SIZE + col, a);
        row = moved / SIZE;
        col = moved % SIZE;
        t++;
        double v = map[row][col];
        reward[0] = (float) (v > 0 ? v : 0);
        reward[1] = -1f;
        observe(obs);
        if (v > 0) return StepEnd.TERMINATED;
        return t >= maxSteps ? StepEnd.TRUNCATED : StepEnd.NONE;
    }

    /** The cell index ({@code row * 11 + col}) after action {@code a}: off the grid or into rock, unchanged. */
    int moved(int cell, int a) {
        int r = cell / SIZE + (a == 0 ? -1 : a == 1 ? 1 : 0);
        int c = cell % SIZE + (a == 2 ? -1 : a == 3 ? 1 : 0);
        return r >= 0 && r < SIZE && c >= 0 && c < SIZE && map[r][c] != ROCK ? r * SIZE + c : cell;
    }

    /** This map as a tabular model for {@link ParetoValueIteration}: state = cell, a treasure ends the episode. */
    ParetoValueIteration.Model model() {
        return new ParetoValueIteration.Model() {
            @Override public int states() { return SIZE * SIZE; }

            @Override public int actions() { return 4; }

            @Override public int objectives() { return 2; }

            @Override public int start() { return 0; }

            @Override public List<ParetoValueIteration.Outcome> outcomes(int s, int a) {
                int to = moved(s, a);
                double v = map[to / SIZE][to % SIZE];
                return List.of(new ParetoValueIteration.Outcome(1, new double[] {v > 0 ? v : 0, -1},
                        v > 0 ? ParetoValueIteration.Outcome.TERMINAL : to));
            }
        };
    }

    private void observe(float[] obs) {
        obs[0] = (float) (row * 0.1);
        obs[1] = (float) (col * 0.1);
    }

    /**
     * The true front for discount {@code gamma}: a treasure v reached in n steps gives
     * {@code (v gamma^(n-1), -sum_{i<n} gamma^i)}; undiscounted ({@code gamma = 1}) that is (v, -n).
     */
    public static List<double[]> trueFront(MapKind kind, double gamma) {
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i < STEPS.length; i++) {
            int n = STEPS[i];
            double time = 0;
            for (int k = 0; k < n; k++) time -= Math.pow(gamma, k);
            f.add(new double[] {kind.treasures[i] * Math.pow(gamma, n - 1), time});
        }
        return f;
    }
}
