package io.rlwb.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The declaration of a node type: everything the editor, the validator and the runtime know about it.
 * The palette and property sheet are built from this alone. Make one with {@link #builder}.
 */
public final class NodeType {
    /** Shape inference: reads input shapes and parameters, sets output shapes, reports problems. */
    @FunctionalInterface
    public interface Inference {
        void infer(InferContext ctx);
    }

    /** Builds the runtime instance for one node of a graph. */
    @FunctionalInterface
    public interface Factory {
        NodeInstance create(BuildContext ctx);
    }

    private final String id;
    private final int version;
    private final String category;
    private final String displayName;
    private final String description;
    private final NodeRole role;
    private final List<PortSpec<?>> inputs;
    private final List<PortSpec<?>> outputs;
    private final List<ParamSpec> params;
    private final List<String> aliases;
    private final List<MetricSpec> metrics;
    private final List<SnapshotSpec> snapshots;
    private final Inference inference;
    private final Factory factory;
    private final String notOnCuda;
    private final boolean generated;

    private NodeType(Builder b) {
        this.id = b.id;
        this.version = b.version;
        this.category = Objects.requireNonNull(b.category, "category of " + b.id);
        this.displayName = Objects.requireNonNull(b.displayName, "displayName of " + b.id);
        this.description = b.description == null ? "" : b.description;
        this.role = b.role;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.params = List.copyOf(b.params);
        this.aliases = List.copyOf(b.aliases);
        this.metrics = List.copyOf(b.metrics);
        this.snapshots = List.copyOf(b.snapshots);
        this.inference = b.inference == null ? ctx -> {} : b.inference;
        this.factory = Objects.requireNonNull(b.factory, "factory of " + b.id);
        this.notOnCuda = b.notOnCuda;
        this.generated = b.generated;
    }

    /**
     * True for a type that another node writes into the graphs it runs (C-MORL's member trainer), not one a user
     * places: the palette does not offer it, though graphs holding it load, validate and run as any other.
     */
    public boolean generated() { return generated; }

    public static Builder builder(String id, int version) {
        return new Builder(id, version);
    }

    /** Namespaced id such as {@code core/ppo.loss}. */
    public String id() { return id; }

    public int version() { return version; }

    /** Palette category: Environment, Policy, Critic, Data, Estimator, Loss, Optimiser, Trainer, Monitor. */
    public String category() { return category; }

    public String displayName() { return displayName; }

    public String description() { return description; }

    public NodeRole role() { return role; }

    public List<PortSpec<?>> inputs() { return inputs; }

    public List<PortSpec<?>> outputs() { return outputs; }

    public List<ParamSpec> params() { return params; }

    /** Former ids that still load as this type. */
    public List<String> aliases() { return aliases; }

    /** The metrics its instances record, so views and reports learn the keys from here. */
    public List<MetricSpec> metrics() { return metrics; }

    /** The telemetry snapshot kinds its instances publish. */
    public List<SnapshotSpec> snapshots() { return snapshots; }

    public Inference inference() { return inference; }

    public Factory factory() { return factory; }

    /**
     * Why this type cannot run on ND4J's CUDA backend (host-only code on its hot path, an op the CUDA backend
     * lacks), or empty when it can. The validator reports it as an error when the run's backend is CUDA.
     */
    public Optional<String> notOnCuda() { return Optional.ofNullable(notOnCuda); }

    public Optional<PortSpec<?>> input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<PortSpec<?>> output(String name) {
        return outputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }

    /** Fluent construction of a {@link NodeType}. */
    public static final class Builder {
        private final String id;
        private final int version;
        private String category;
        private String displayName;
        private String description;
        private NodeRole role = NodeRole.PART;
        private final List<PortSpec<?>> inputs = new ArrayList<>();
        private final List<PortSpec<?>> outputs = new ArrayList<>();
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<String> aliases = new ArrayList<>();
        private final List<MetricSpec> metrics = new ArrayList<>();
        private final List<SnapshotSpec> snapshots = new ArrayList<>();
        private Inference inference;
        private Factory factory;
        private String notOnCuda;
        private boolean generated;

        private Builder(String id, int version) {
            if (id == null || !id.matches("[a-z0-9_-]+/[a-z0-9_.-]+")) {
                throw new IllegalArgumentException("node type id must look like 'namespace/name': " + id);
            }
            this.id = id;
            this.version = version;
        }

        public Builder category(String c) { this.category = c; return this; }

        public Builder displayName(String n) { this.displayName = n; return this; }

        public Builder description(String d) { this.description = d; return this; }

        public Builder role(NodeRole r) { this.role = r; return this; }

        public Builder input(PortSpec<?> p) { inputs.add(p); return this; }

        public Builder output(PortSpec<?> p) { outputs.add(p); return this; }

        public Builder param(ParamSpec p) { params.add(p); return this; }

        public Builder alias(String a) { aliases.add(a); return this; }

        /** Declares metrics the node records. */
        public Builder metrics(MetricSpec... m) { metrics.addAll(List.of(m)); return this; }

        /** Declares metrics the node records. */
        public Builder metrics(List<MetricSpec> m) { metrics.addAll(m); return this; }

        /** Declares a telemetry snapshot kind the node publishes. */
        public Builder snapshot(SnapshotSpec s) { snapshots.add(s); return this; }

        public Builder infer(Inference i) { this.inference = i; return this; }

        public Builder factory(Factory f) { this.factory = f; return this; }

        /** Declares that the type cannot run on the CUDA backend, and why (see {@link NodeType#notOnCuda()}). */
        public Builder notOnCuda(String reason) { this.notOnCuda = Objects.requireNonNull(reason); return this; }

        /** Marks the type as written by another node, not placed by hand (see {@link NodeType#generated()}). */
        public Builder generated() { this.generated = true; return this; }

        public NodeType build() { return new NodeType(this); }
    }
}
