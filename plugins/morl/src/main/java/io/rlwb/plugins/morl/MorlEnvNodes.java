package io.rlwb.plugins.morl;

import io.rlwb.engine.env.Env;
import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.morl.KnownFront;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The plugin's environment node types. */
final class MorlEnvNodes {
    private MorlEnvNodes() {}

    /** Customary hypervolume reference points: Deep Sea Treasure's (0, -25); Resource Gathering's (-1, -1, -1). */
    private static final double[] DST_REFERENCE = {0, -25};
    private static final double[] RG_REFERENCE = {-1, -1, -1};

    static final PortSpec<EnvFactory> ENV_OUT = PortSpec.out("env", PortTypes.ENV,
            "The environment definition (knows its true front)");

    static NodeType deepSeaTreasure() {
        return NodeType.builder("morl/env.deep-sea-treasure", 1)
                .category("Environment").displayName("Deep Sea Treasure")
                .description("11x11 grid, submarine from the top-left to one of ten treasures; reward "
                        + "[treasure, -1 per step]. Map 'concave' (classic, Vamplew et al.) or 'convex' (MO-Gymnasium v0).")
                .output(ENV_OUT)
                .param(ParamSpec.ofChoice("map", "concave", List.of("concave", "convex"), "Treasure values"))
                .param(ParamSpec.ofInt("max_steps", 100, 1, 100_000, "steps", "Truncation limit"))
                .infer(ctx -> ctx.outputShape(ENV_OUT, new DeepSeaTreasure(kind(ctx.param("map").asText()),
                        ctx.intParam("max_steps")).spec().withHypervolumeReference(DST_REFERENCE)))
                .factory(ctx -> {
                    DeepSeaTreasure.MapKind kind = kind(ctx.stringParam("map"));
                    int max = ctx.intParam("max_steps");
                    return NodeInstance.ofComponent(ENV_OUT, new Factory(() -> new DeepSeaTreasure(kind, max),
                            new DeepSeaTreasure(kind, max).model(), max, DST_REFERENCE));
                })
                .build();
    }

    static NodeType resourceGathering() {
        return NodeType.builder("morl/env.resource-gathering", 1)
                .category("Environment").displayName("Resource Gathering")
                .description("5x5 grid: fetch gold and/or a gem and return home, past enemies that kill with "
                        + "probability 0.1; reward [enemy, gold, gem].")
                .output(ENV_OUT)
                .param(ParamSpec.ofInt("max_steps", 100, 1, 100_000, "steps", "Truncation limit"))
                .param(ParamSpec.ofChoice("observation", "coordinates", List.of("coordinates", "one-hot", "tabular"),
                        "coordinates: (row/4, col/4, has_gold, has_gem) as the reference; one-hot: 25 cells + the two "
                                + "flags; tabular: one of the 100 states (cell x gold x gem)"))
                .infer(ctx -> ctx.outputShape(ENV_OUT, new ResourceGathering(ctx.intParam("max_steps"),
                        encoding(ctx.param("observation").asText())).spec().withHypervolumeReference(RG_REFERENCE)))
                .factory(ctx -> {
                    int max = ctx.intParam("max_steps");
                    ResourceGathering.Encoding enc = encoding(ctx.stringParam("observation"));
                    return NodeInstance.ofComponent(ENV_OUT, new Factory(() -> new ResourceGathering(max, enc), ResourceGathering.model(), max,
                            RG_REFERENCE));
                })
                .build();
    }

    static DeepSeaTreasure.MapKind kind(String name) {
        return "convex".equals(name) ? DeepSeaTreasure.MapKind.CONVEX : DeepSeaTreasure.MapKind.CONCAVE;
    }

    static ResourceGathering.Encoding encoding(String name) {
        return switch (name) {
            case "one-hot" -> ResourceGathering.Encoding.ONE_HOT;
            case "tabular" -> ResourceGathering.Encoding.TABULAR;
            default -> ResourceGathering.Encoding.COORDINATES;
        };
    }

    /**
     * An environment definition that knows its true front at any discount: exact value iteration over the
     * environment's own tabular model for its step limit ({@link ParetoValueIteration}), computed once per discount.
     */
    static final class Factory implements EnvFactory, KnownFront {
        private final Supplier<Env> make;
        private final EnvSpec spec;
        private final ParetoValueIteration.Model model;
        private final int horizon;
        private final Map<Double, List<double[]>> fronts = new ConcurrentHashMap<>();
        private final double[] reference;

        Factory(Supplier<Env> make, ParetoValueIteration.Model model, int horizon, double[] reference) {
            this.make = make;
            this.spec = make.get().spec().withHypervolumeReference(reference);
            this.model = model;
            this.horizon = horizon;
            this.reference = reference;
        }

        @Override public EnvSpec spec() { return spec; }

        @Override public Env create() { return make.get(); }

        @Override public List<double[]> trueFront() { return trueFront(1.0); }

        @Override public List<double[]> trueFront(double gamma) {
            return fronts.computeIfAbsent(gamma, g -> List.copyOf(ParetoValueIteration.front(model, g, horizon)));
        }

        @Override public double[] referencePoint() { return reference.clone(); }
    }
}
