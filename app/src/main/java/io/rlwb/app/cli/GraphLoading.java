package io.rlwb.app.cli;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Shared by the commands: the registry (with plugin folder) and graph loading with user-facing errors. */
final class GraphLoading {
    private GraphLoading() {}

    static NodeRegistry registry(Path pluginDir, PrintWriter err) {
        NodeRegistry r = pluginDir != null ? NodeRegistry.load(pluginDir, true)
                : NodeRegistry.load(NodeRegistry.defaultPluginDir());
        for (PluginInfo p : r.plugins()) {
            if (p.loaded()) continue;
            if (p.name().equals(p.source())) err.println("warning: plugins: " + p.source() + ": " + p.error());
            else err.println("warning: plugin " + p.name() + " (" + p.source() + ") not loaded: " + p.error());
        }
        return r;
    }

    /** The document, or null after printing {@code file: message}. */
    static GraphDocument load(Path file, PrintWriter err) {
        try {
            return new GraphFile().read(file);
        } catch (GraphFileException e) {
            err.println(e.where() + ": " + e.getMessage());
            return null;
        }
    }
}
