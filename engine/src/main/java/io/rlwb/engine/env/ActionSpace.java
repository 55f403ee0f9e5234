package io.rlwb.engine.env;

/**
 * An environment's action space: {@code n} discrete actions, or a box of {@code dim} reals in [low, high].
 */
public record ActionSpace(boolean discrete, int n, int dim, double low, double high) {
    public static ActionSpace discrete(int n) {
        return new ActionSpace(true, n, 1, 0, n - 1);
    }

    public static ActionSpace box(int dim, double low, double high) {
        return new ActionSpace(false, 0, dim, low, high);
    }

    @Override
    public String toString() {
        return discrete ? "Discrete(" + n + ")" : "Box(" + dim + ", [" + low + ", " + high + "])";
    }
}
