package io.rlwb.app.editor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.graph.GraphDocument;

/**
 * Sets the graph's name and its run settings (seed, env-step budget); other fields of {@code run} are kept.
 * Undo puts back the name and the {@code run} object as they were.
 */
public final class SetGraphSettingsCommand implements Command {
    private final GraphDocument doc;
    private final String name;
    private final Long seed;
    private final Long envSteps;
    private String oldName;
    private ObjectNode oldRun;

    /** @param seed null removes {@code run.seed}; @param envSteps null removes {@code run.budget.env_steps} */
    public SetGraphSettingsCommand(GraphDocument doc, String name, Long seed, Long envSteps) {
        this.doc = doc;
        this.name = name == null ? "" : name;
        this.seed = seed;
        this.envSteps = envSteps;
    }

    @Override
    public void execute() {
        oldName = doc.name();
        oldRun = doc.run().deepCopy();
        doc.setName(name);
        ObjectNode run = doc.run();
        if (seed == null) run.remove("seed");
        else run.put("seed", seed);
        ObjectNode budget = run.path("budget").isObject() ? (ObjectNode) run.get("budget") : null;
        if (envSteps != null) {
            if (budget == null) budget = run.putObject("budget");
            budget.put("env_steps", envSteps);
        } else if (budget != null) {
            budget.remove("env_steps");
            if (budget.isEmpty()) run.remove("budget");
        }
    }

    @Override
    public void undo() {
        doc.setName(oldName);
        doc.setRun(oldRun);
    }

    @Override
    public String name() {
        return "Graph settings";
    }
}
