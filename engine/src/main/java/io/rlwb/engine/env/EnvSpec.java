package io.rlwb.engine.env;

import java.util.List;

/**
 * The shape of an environment that travels along wires during validation: observation size, action space
 * and reward objectives (one name for a scalar reward).
 */
public record EnvSpec(String name, int obsDim, ActionSpace actions, List<String> objectives, int maxEpisodeSteps) {
    public EnvSpec {
        objectives = List.copyOf(objectives);
    }

    public int numObjectives() {
        return objectives.size();
    }

    /** Human-readable, for mismatch messages: {@code CartPole-v1 (obs 4, Discrete(2))}. */
    public String describe() {
        return name + " (obs " + obsDim + ", " + actions + (objectives.size() > 1 ? ", objectives " + objectives : "") + ")";
    }
}
