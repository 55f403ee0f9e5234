package io.rlwb.app.editor;

import java.util.List;

/**
 * Several commands as one undo step: executed in order, undone in reverse order. A paste of ten nodes, or a
 * wire that replaces the wire already in an input, is one of these.
 */
public final class CompoundCommand implements Command {
    private final String name;
    private final List<Command> parts;

    public CompoundCommand(String name, List<? extends Command> parts) {
        this.name = name;
        this.parts = List.copyOf(parts);
    }

    @Override
    public void execute() {
        for (Command c : parts) c.execute();
    }

    @Override
    public void undo() {
        for (int i = parts.size() - 1; i >= 0; i--) parts.get(i).undo();
    }

    @Override
    public String name() {
        return name;
    }

    /** The commands inside, in execution order. */
    public List<Command> parts() {
        return parts;
    }
}
