package io.rlwb.app.gui;

import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import io.rlwb.engine.spi.NodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Plugins dialog lists, one row per provider the registry saw, loaded or refused: name, version, where it
 * came from, the node types it contributes, and why it was refused. Pure: no JavaFX, tested without a screen.
 *
 * @param name provider (or jar, or folder) name
 * @param version its version, "?" when it never loaded
 * @param source "classpath", or the jar or folder it came from
 * @param nodeTypes the ids of the node types it provides (none when refused)
 * @param status "loaded" or the reason it was refused
 */
public record PluginRows(String name, String version, String source, List<String> nodeTypes, String status) {
    /** The rows of {@code registry}, in the order the providers were seen. */
    public static List<PluginRows> of(NodeRegistry registry) {
        List<PluginRows> rows = new ArrayList<>();
        for (PluginInfo p : registry.plugins()) {
            List<String> types = new ArrayList<>();
            if (p.loaded()) {
                for (NodeType t : registry.all()) {
                    if (registry.providerOf(t.id()).filter(p::equals).isPresent()) types.add(t.id());
                }
            }
            rows.add(new PluginRows(p.name(), p.version(), p.source(), List.copyOf(types),
                    p.loaded() ? "loaded" : p.error()));
        }
        return rows;
    }

    /** Whether the provider was refused. */
    public boolean refused() {
        return !"loaded".equals(status);
    }
}
