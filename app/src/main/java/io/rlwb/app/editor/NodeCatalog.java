package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Questions about node types that the quick-search popup asks: which types match a query, and which types
 * have a port that fits a port a wire was dragged from.
 */
public final class NodeCatalog {
    private NodeCatalog() {}

    /** Every node type, by category and then display name. */
    public static List<NodeType> sorted(NodeRegistry reg) {
        List<NodeType> l = new ArrayList<>(reg.all());
        l.sort(Comparator.comparing((NodeType t) -> t.category().toLowerCase(Locale.ROOT))
                .thenComparing(t -> t.displayName().toLowerCase(Locale.ROOT)));
        return l;
    }

    /** The declared port {@code ref} of its node in {@code doc} (an output when {@code output}). */
    public static Optional<PortSpec<?>> port(NodeRegistry reg, GraphDocument doc, PortRef ref, boolean output) {
        return doc.node(ref.node()).flatMap(n -> reg.find(n.type()))
                .flatMap(t -> output ? t.output(ref.port()) : t.input(ref.port()));
    }

    /** The first port of {@code t} that can be wired to {@code ref} (an input of t when ref is an output). */
    public static String compatiblePort(NodeRegistry reg, GraphDocument doc, PortRef ref, boolean refIsOutput, NodeType t) {
        Optional<PortSpec<?>> p = port(reg, doc, ref, refIsOutput);
        if (p.isEmpty()) return null;
        return compatiblePort(p.get(), refIsOutput, t);
    }

    /** The first port of {@code t} that can be wired to {@code p}, or null. */
    public static String compatiblePort(PortSpec<?> p, boolean pIsOutput, NodeType t) {
        for (PortSpec<?> q : pIsOutput ? t.inputs() : t.outputs()) {
            if (pIsOutput ? p.type().canFeed(q.type()) : q.type().canFeed(p.type())) return q.name();
        }
        return null;
    }
}
