package io.rlwb.engine.env;

import java.util.List;

/**
 * The shape of an environment that travels along wires during validation: observation size, action space
 * and reward objectives (one name for a scalar reward), and, for multi-objective environments that have one, the
 * customary hypervolume reference point (empty otherwise), so a Pareto monitor can tell before the run whether it
 * needs one set.
 */
public record EnvSpec(String name, int obsDim, ActionSpace actions, List<String> objectives, int maxEpisodeSteps,
                      List<Double> hypervolumeReference) {
    public EnvSpec {
        objectives = List.copyOf(objectives);
        hypervolumeReference = List.copyOf(hypervolumeReference);
    }

    public EnvSpec(String name, int obsDim, ActionSpace actions, List<String> objectives, int maxEpisodeSteps) {
        this(name, obsDim, actions, objectives, maxEpisodeSteps, List.of());
    }

    /** This shape with a customary hypervolume reference point (one value per objective). */
    public EnvSpec withHypervolumeReference(double... reference) {
        if (reference.length != objectives.size()) {
            throw new IllegalArgumentException(reference.length + " reference values for objectives " + objectives);
        }
        List<Double> r = new java.util.ArrayList<>();
        for (double v : reference) r.add(v);
        return new EnvSpec(name, obsDim, actions, objectives, maxEpisodeSteps, r);
    }

    public int numObjectives() {
        return objectives.size();
    }

    /** Human-readable, for mismatch messages: {@code CartPole-v1 (obs 4, Discrete(2))}. */
    public String describe() {
        return name + " (obs " + obsDim + ", " + actions + (objectives.size() > 1 ? ", objectives " + objectives : "") + ")";
    }
}
