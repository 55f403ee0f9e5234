package io.rlwb.app.editor;

import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortKind;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.GraphAnalysis;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a wire may be drawn from an output to an input, and if not, why, in words that name both ports with
 * their types and, where known, the shapes that travel. The checks: both ends exist and are declared, the
 * output's type can feed the input's ({@link PortType#mismatch}: the same rule as the validator's), the wire
 * closes no cycle, and the shapes inferred so far agree at the receiving node ({@link GraphAnalysis}, the engine's
 * one analysis). A wire into an input that already has one replaces it.
 */
public final class ConnectionRules {
    private ConnectionRules() {}

    /**
     * The outcome of a check.
     *
     * @param ok true when the wire may be drawn
     * @param reason why not (null when ok)
     * @param replaces wires now in the input that the new wire replaces (empty when it is free)
     */
    public record Verdict(boolean ok, String reason, List<GraphEdge> replaces) {
        static Verdict refuse(String reason) {
            return new Verdict(false, reason, List.of());
        }
    }

    /** Checks a wire from output {@code from} to input {@code to} of {@code doc}. */
    public static Verdict check(GraphDocument doc, NodeRegistry reg, PortRef from, PortRef to) {
        if (from.node().equals(to.node())) return Verdict.refuse("a node cannot be wired to itself");
        Optional<NodeType> ft = doc.node(from.node()).flatMap(n -> reg.find(n.type()));
        Optional<NodeType> tt = doc.node(to.node()).flatMap(n -> reg.find(n.type()));
        if (doc.node(from.node()).isEmpty() || doc.node(to.node()).isEmpty()) {
            return Verdict.refuse("there is no node '" + (doc.node(from.node()).isEmpty() ? from.node() : to.node()) + "'");
        }
        if (ft.isEmpty() || tt.isEmpty()) {
            String who = ft.isEmpty() ? from.node() : to.node();
            return Verdict.refuse("node '" + who + "' has an unknown type, so wires to it cannot be checked");
        }
        Optional<PortSpec<?>> out = ft.get().output(from.port());
        Optional<PortSpec<?>> in = tt.get().input(to.port());
        if (out.isEmpty()) return Verdict.refuse(ft.get().id() + " has no output port '" + from.port() + "'");
        if (in.isEmpty()) return Verdict.refuse(tt.get().id() + " has no input port '" + to.port() + "'");
        GraphAnalysis before = GraphAnalysis.of(doc, reg);
        Object shape = before.shapes().get(from.toString());
        Optional<String> why = out.get().type().mismatch(in.get().type());
        if (why.isPresent()) {
            String s = shape == null ? "" : "; " + from + " carries " + describe(shape);
            if (!out.get().type().id().equals(in.get().type().id())) {
                return Verdict.refuse(from + " gives " + describe(out.get().type()) + " but " + to + " expects "
                        + describe(in.get().type()) + s);
            }
            return Verdict.refuse(from + " " + why.get() + "; " + to + " needs " + in.get().type().describe() + s);
        }
        List<GraphEdge> replaces = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            if (e.to().equals(to.toString())) {
                if (e.from().equals(from.toString())) return Verdict.refuse(from + " is already wired to " + to);
                replaces.add(e);
            }
        }
        List<String> loop = path(doc, to.node(), from.node());
        if (!loop.isEmpty()) {
            return Verdict.refuse("the wire would close a cycle (" + String.join(" \u2192 ", loop) + " \u2192 "
                    + to.node() + "); a graph must not loop");
        }
        GraphDocument trial = doc.deepCopy();
        trial.edges().removeIf(e -> e.to().equals(to.toString()));
        trial.edges().add(new GraphEdge(from.toString(), to.toString()));
        GraphAnalysis after = GraphAnalysis.of(trial, reg);
        Set<String> old = new HashSet<>();
        before.inferenceProblems().forEach(d -> old.add(d.toString()));
        for (Diagnostic d : after.inferenceProblems()) {
            if (d.isError() && d.node().equals(to.node()) && !old.contains(d.toString())) {
                String s = shape == null ? "" : " (" + from + " carries " + describe(shape) + ")";
                return Verdict.refuse("shapes do not match at " + d.node() + (d.port() == null ? "" : "." + d.port())
                        + ": " + d.message() + s);
            }
        }
        return new Verdict(true, null, List.copyOf(replaces));
    }

    /**
     * Fast check for lighting up ports while a wire is dragged: the port types only, by the same rule as
     * {@link #check} and the validator ({@link PortType#canFeed}: name, Java type and capabilities).
     */
    public static boolean typesFit(PortSpec<?> out, PortSpec<?> in) {
        return out.type().canFeed(in.type());
    }

    /** A shape in words: an environment's description, else the shape's text. */
    public static String describe(Object shape) {
        if (shape == null) return "unknown shape";
        if (shape instanceof EnvSpec s) return s.describe();
        return shape.toString();
    }

    /** "policy (component)". */
    public static String describe(PortType t) {
        return t.id() + " (" + (t.kind() == PortKind.COMPONENT ? "component" : "data") + ")";
    }

    /** A path of wires from node {@code a} to node {@code b} (node ids, a first), or empty when there is none. */
    static List<String> path(GraphDocument doc, String a, String b) {
        Deque<List<String>> todo = new ArrayDeque<>();
        todo.add(List.of(a));
        Set<String> seen = new HashSet<>(Set.of(a));
        while (!todo.isEmpty()) {
            List<String> p = todo.poll();
            String last = p.get(p.size() - 1);
            if (last.equals(b)) return p;
            for (GraphEdge e : doc.edges()) {
                PortRef x = e.fromRef();
                PortRef y = e.toRef();
                if (x == null || y == null || !x.node().equals(last) || !seen.add(y.node())) continue;
                List<String> q = new ArrayList<>(p);
                q.add(y.node());
                todo.add(q);
            }
        }
        return List.of();
    }
}
