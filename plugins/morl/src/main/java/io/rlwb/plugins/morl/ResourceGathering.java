package io.rlwb.plugins.morl;

import io.rlwb.engine.env.ActionSpace;
import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.env.StepEnd;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Resource Gathering (Barrett and Narayanan 2008) as MO-Gymnasium's code defines it: a 5 x 5 grid, home at
 * (4, 2), gold R1 at (0, 2), gem R2 at (1, 4), enemies at (1, 2) and (0, 3). Actions 0 up, 1 down, 2 left, 3 right;
 * a move off the grid leaves the agent in place. After each move: on R1 the agent holds gold, on R2 the gem; on an
 * enemy it is killed with probability 0.1 (reward [-1, 0, 0], terminated); at home the episode terminates with
 * reward [0, has_gold, has_gem]. Truncated at {@code maxSteps} (100). Objectives {@code enemy, gold, gem}.
 * Observation {@link Encoding#COORDINATES} (the reference's): (row / 4, col / 4, has_gold, has_gem); or
 * {@link Encoding#ONE_HOT}: 25 cells, one of them 1 where the agent stands, then has_gold, has_gem (27 values); or
 * {@link Encoding#TABULAR}: one input per state {@code (cell * 2 + gold) * 2 + gem} (100 values), which keeps a
 * network from generalising between carrying gold and not (docs/algorithms/cmorl.md). The dynamics do not depend on
 * the encoding.
 */
public final class ResourceGathering implements Env {
    static final int SIZE = 5;
    static final int HOME_ROW = 4;
    static final int HOME_COL = 2;
    static final double KILL_PROBABILITY = 0.1;

    /** How the agent's position is shown to the policy. */
    public enum Encoding { COORDINATES, ONE_HOT, TABULAR }

    private final int maxSteps;
    private final Encoding encoding;
    private final EnvSpec spec;
    private SplittableRandom rng = new SplittableRandom(0);
    private int row;
    private int col;
    private boolean gold;
    private boolean gem;
    private int t;

    public ResourceGathering(int maxSteps) {
        this(maxSteps, Encoding.COORDINATES);
    }

    public ResourceGathering(int maxSteps, Encoding encoding) {
        this.maxSteps = maxSteps;
        this.encoding = encoding;
        int obsDim = switch (encoding) {
            case COORDINATES -> 4;
            case ONE_HOT -> SIZE * SIZE + 2;
            case TABULAR -> SIZE * SIZE * 4;
        };
        this.spec = new EnvSpec("ResourceGathering-v0", obsDim, ActionSpace.discrete(4),
                List.of("enemy", "gold", "gem"), maxSteps);
    }

    /** The cell at (r, c): 'H' home, 'G' gold, 'D' gem (diamond), 'E' enemy, '.' empty. */
    public static char cell(int r, int c) {
        if (r == HOME_ROW && c == HOME_COL) return 'H';
        if (r == 0 && c == 2) return 'G';
        if (r == 1 && c == 4) return 'D';
        if ((r == 1 && c == 2) || (r == 0 && c == 3)) return 'E';
        return '.';
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public void reset(long seed, float[] obs) {
        rng = new SplittableRandom(seed);
        reset(obs);
    }

    @Override
    public void reset(float[] obs) {
        row = HOME_ROW;
        col = HOME_COL;
        gold = false;
        gem = false;
        t = 0;
        observe(obs);
    }

    @Override
    public StepEnd step(float[] action, float[] obs, float[] reward) {
        int a = (int) action[0];
        if (a < 0 || a > 3) throw new IllegalArgumentException("Resource Gathering action must be 0-3, got " + action[0]);
        int moved = moved(row * SIZE + col, a);
        row = moved / SIZE;
        col = moved % SIZE;
        t++;
        reward[0] = 0f;
        reward[1] = 0f;
        reward[2] = 0f;
        boolean done = false;
        switch (cell(row, col)) {
            case 'G' -> gold = true;
            case 'D' -> gem = true;
            case 'E' -> {
                if (rng.nextDouble() < KILL_PROBABILITY) {
                    reward[0] = -1f;
                    done = true;
                }
            }
            case 'H' -> {
                reward[1] = gold ? 1f : 0f;
                reward[2] = gem ? 1f : 0f;
                done = true;
            }
            default -> { }
        }
        observe(obs);
        if (done) return StepEnd.TERMINATED;
        return t >= maxSteps ? StepEnd.TRUNCATED : StepEnd.NONE;
    }

    /** The cell index ({@code row * 5 + col}) after action {@code a} from {@code cell}: off the grid, unchanged. */
    static int moved(int cell, int a) {
        int r = cell / SIZE + (a == 0 ? -1 : a == 1 ? 1 : 0);
        int c = cell % SIZE + (a == 2 ? -1 : a == 3 ? 1 : 0);
        return r >= 0 && r < SIZE && c >= 0 && c < SIZE ? r * SIZE + c : cell;
    }

    /**
     * The environment as a tabular model for {@link ParetoValueIteration}: state {@code (cell * 2 + gold) * 2 + gem},
     * the same moves and cells as {@link #step}, an enemy's two outcomes with their probabilities.
     */
    static ParetoValueIteration.Model model() {
        return new ParetoValueIteration.Model() {
            @Override public int states() { return SIZE * SIZE * 4; }

            @Override public int actions() { return 4; }

            @Override public int objectives() { return 3; }

            @Override public int start() { return (HOME_ROW * SIZE + HOME_COL) * 4; }

            @Override public List<ParetoValueIteration.Outcome> outcomes(int s, int a) {
                int to = moved(s / 4, a);
                int gold = (s / 2) % 2, gem = s % 2;
                double[] none = new double[3];
                return switch (cell(to / SIZE, to % SIZE)) {
                    case 'G' -> List.of(new ParetoValueIteration.Outcome(1, none, (to * 2 + 1) * 2 + gem));
                    case 'D' -> List.of(new ParetoValueIteration.Outcome(1, none, (to * 2 + gold) * 2 + 1));
                    case 'H' -> List.of(new ParetoValueIteration.Outcome(1, new double[] {0, gold, gem},
                            ParetoValueIteration.Outcome.TERMINAL));
                    case 'E' -> List.of(
                            new ParetoValueIteration.Outcome(KILL_PROBABILITY, new double[] {-1, 0, 0},
                                    ParetoValueIteration.Outcome.TERMINAL),
                            new ParetoValueIteration.Outcome(1 - KILL_PROBABILITY, none, (to * 2 + gold) * 2 + gem));
                    default -> List.of(new ParetoValueIteration.Outcome(1, none, (to * 2 + gold) * 2 + gem));
                };
            }
        };
    }

    private void observe(float[] obs) {
        if (encoding == Encoding.TABULAR) {
            java.util.Arrays.fill(obs, 0f);
            obs[((row * SIZE + col) * 2 + (gold ? 1 : 0)) * 2 + (gem ? 1 : 0)] = 1f;
            return;
        }
        int flags = 2;
        if (encoding == Encoding.ONE_HOT) {
            java.util.Arrays.fill(obs, 0, SIZE * SIZE, 0f);
            obs[row * SIZE + col] = 1f;
            flags = SIZE * SIZE;
        } else {
            obs[0] = row / 4f;
            obs[1] = col / 4f;
        }
        obs[flags] = gold ? 1f : 0f;
        obs[flags + 1] = gem ? 1f : 0f;
    }
}
