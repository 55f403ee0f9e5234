package io.rlwb.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.backend.ActiveBackend;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.spi.InferContext;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a graph before anything runs: node types, ids, parameters, wires (their ports and the types of what flows
 * on them), required inputs, cycles, and the shapes inferred along the wires. Collects every problem it can find
 * instead of stopping at the first. Wires, order, cycles and shapes come from the one {@link GraphAnalysis} that the
 * editor and the compiler use too.
 */
public final class Validator {
    private final NodeRegistry registry;
    private final BackendSelection.Kind backend;

    /** Validates for the backend this process runs on ({@link ActiveBackend}; the CPU when none was chosen). */
    public Validator(NodeRegistry registry) {
        this(registry, null);
    }

    /** Validates for {@code backend}: on CUDA, node types that cannot run there are errors. */
    public Validator(NodeRegistry registry, BackendSelection.Kind backend) {
        this.registry = registry;
        this.backend = backend;
    }

    private BackendSelection.Kind backend() {
        if (backend != null) return backend;
        BackendSelection active = ActiveBackend.get();
        return active == null ? BackendSelection.Kind.CPU : active.kind();
    }

    public ValidationResult validate(GraphDocument doc) {
        List<Diagnostic> diags = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (GraphNode n : doc.nodes()) {
            if (!ids.add(n.id())) {
                diags.add(Diagnostic.error(n.id(), null, "duplicate node id '" + n.id() + "': node ids must be unique"));
                continue;
            }
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) {
                diags.add(Diagnostic.error(n.id(), null, "unknown node type '" + n.type()
                        + "' (is the plugin that provides it installed? see `workbench nodes`)"));
                continue;
            }
            NodeType type = t.get();
            if (n.typeVersion() > type.version()) {
                diags.add(Diagnostic.error(n.id(), null, "node type " + type.id() + " version " + n.typeVersion()
                        + " is newer than the installed version " + type.version()));
            }
            checkParams(n, type, diags);
            if (type.notOnCuda().isPresent() && backend() == BackendSelection.Kind.CUDA) {
                diags.add(Diagnostic.error(n.id(), null, type.id() + " cannot run on the CUDA backend ("
                        + type.notOnCuda().get() + "); run this graph with --backend cpu"));
            }
        }
        GraphAnalysis analysis = GraphAnalysis.of(doc, registry);
        diags.addAll(analysis.wireProblems());

        // One wire per input; a bad wire is reported as such, not also as "not wired".
        Map<String, List<GraphEdge>> wiresInto = new LinkedHashMap<>();
        for (GraphEdge e : analysis.wires()) wiresInto.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        wiresInto.forEach((to, list) -> {
            if (list.size() > 1) {
                PortRef r = list.get(0).toRef();
                diags.add(Diagnostic.error(r.node(), r.port(), "has " + list.size() + " wires ("
                        + list.stream().map(GraphEdge::from).collect(Collectors.joining(", ")) + "); it takes one"));
            }
        });
        Set<String> wiredInputs = new HashSet<>();
        for (GraphEdge e : doc.edges()) if (e.toRef() != null) wiredInputs.add(e.toRef().toString());
        for (var entry : analysis.types().entrySet()) {
            for (PortSpec<?> in : entry.getValue().inputs()) {
                if (in.required() && !wiredInputs.contains(entry.getKey() + "." + in.name())) {
                    diags.add(Diagnostic.error(entry.getKey(), in.name(), "required input '" + in.name() + "' ("
                            + in.type().id() + ") is not wired"));
                }
            }
        }
        RunSection.check(doc, diags);
        if (doc.nodes().isEmpty()) {
            diags.add(Diagnostic.error("graph", null, "the graph has no nodes: there is nothing to run"));
        } else if (analysis.types().size() == doc.nodes().size() && analysis.types().values().stream().noneMatch(t -> t.role() == NodeRole.TRAINER)) {
            diags.add(Diagnostic.error("graph", null, "no trainer node: a run would do nothing (add a trainer, "
                    + "such as core/trainer.ppo, and wire it)"));
        }
        for (List<String> cycle : analysis.topology().cycles()) {
            String loop = String.join(", ", cycle);
            for (String id : cycle) {
                diags.add(Diagnostic.error(id, null, "is on a cycle of wires (" + loop + "); a graph must not loop"));
            }
        }
        diags.addAll(analysis.inferenceProblems());
        return new ValidationResult(List.copyOf(diags), analysis);
    }

    private static void checkParams(GraphNode n, NodeType type, List<Diagnostic> diags) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.params().fields(); it.hasNext(); ) {
            var f = it.next();
            Optional<ParamSpec> spec = type.param(f.getKey());
            if (spec.isEmpty()) {
                diags.add(Diagnostic.warning(n.id(), f.getKey(), "unknown parameter '" + f.getKey() + "' of "
                        + type.id() + " (kept in the file, not used); known: "
                        + type.params().stream().map(ParamSpec::name).collect(Collectors.joining(", "))));
                continue;
            }
            spec.get().check(f.getValue()).ifPresent(m -> diags.add(Diagnostic.error(n.id(), f.getKey(), m)));
        }
    }
}
