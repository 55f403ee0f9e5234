package io.rlwb.plugins.llm.nodes;

import static io.rlwb.plugins.llm.nodes.LlmNodesTest.node;
import static io.rlwb.plugins.llm.nodes.LlmNodesTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.engine.morl.WeightedCombiner;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Validator;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.AdvantageEstimator;
import io.rlwb.plugins.llm.rl.PreferencePair;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node types of {@link AlignmentNodes}: the node-type contract on the alignment samples shrunk to tiny
 * batches, the reward-head chain and its combination under the wired combiner's weights, and validation that names
 * the node, port or parameter.
 */
class AlignmentNodesTest {
    static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new LlmNodes(), new AlignmentNodes());
    static final AlignmentNodes NODES = new AlignmentNodes();

    private static GraphDocument tinyGrpo(String name) throws Exception {
        GraphDocument g = sample(name);
        node(g, "grpo").params().put("sft_steps", 0).put("prompts_per_step", 2).put("group_size", 2)
                .put("eval_prompts", 2);
        return g;
    }

    static List<GraphDocument> minimalGraphs(Path tmp) throws Exception {
        GraphDocument dpo = sample("dpo-addition.json");
        Path pairs = tmp.resolve("pairs.tsv");
        Files.writeString(pairs, String.join("\n",
                new PreferencePair(new Example("1+2=", "3"), "3", "4").toLine(),
                new PreferencePair(new Example("4+4=", "8"), "8", "18").toLine(),
                new PreferencePair(new Example("2+5=", "7"), "7", "9").toLine()) + "\n");
        node(dpo, "dpo").params().put("sft_steps", 0).put("pairs_per_step", 2).put("eval_prompts", 2)
                .put("pairs_file", pairs.toString());
        return List.of(tinyGrpo("grpo-addition.json"), tinyGrpo("tempo-addition.json"),
                tinyGrpo("mo-grpo-pareto.json"), dpo);
    }

    @Test
    void everyNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        NodeTypeContract.checkProvider(NODES, REGISTRY, minimalGraphs(tmp), tmp, 2);
    }

    @Test
    void headsChainInWireOrderAndScoreHandWrittenCompletions() {
        AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
        RewardHeads v1 = NodeBuild.component(RewardNodes.correctness(), Map.of(), Map.of("task", task),
                RewardHeads.class);
        RewardHeads v2 = NodeBuild.component(RewardNodes.format(), Map.of(), Map.of("vector", v1), RewardHeads.class);
        RewardHeads v3 = NodeBuild.component(RewardNodes.safety(), Map.of("forbidden", "7;;^1"),
                Map.of("vector", v2), RewardHeads.class);
        assertThat(v3.heads()).extracting(RewardHead::name).containsExactly("correctness", "format", "safety");
        Example e = new Example("3+4=", "7");
        RewardVector rv = new RewardVector(v3.heads(), new LinearCombiner(), new double[] {1, 1, 1});
        assertThat(rv.scores(e, "7", true)).containsExactly(1, 1, 0.5);
        assertThat(rv.scores(e, "17", true)).containsExactly(0, 1, 0);
        assertThat(rv.scores(e, "07", false)).containsExactly(0, 0, 0.5);
        RewardHeads b = NodeBuild.component(RewardNodes.brevity(), Map.of("budget", 2), Map.of(), RewardHeads.class);
        assertThat(b.heads().get(0).score(e, "123", true)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theTrainerCombinesTheVectorUnderTheWiredCombinersWeights() {
        AdditionTask task = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 1));
        RewardHeads v = NodeBuild.component(RewardNodes.format(), Map.of(), Map.of("vector",
                NodeBuild.component(RewardNodes.correctness(), Map.of(), Map.of("task", task), RewardHeads.class)),
                RewardHeads.class);
        WeightedCombiner quarter = new WeightedCombiner() {
            @Override public double[] weights(int k) { return new double[] {0.25, 0.75}; }

            @Override public String name() { return "linear"; }

            @Override public double combine(double[] values, double[] weights) {
                return new LinearCombiner().combine(values, weights);
            }

            @Override public void gradient(double[] values, double[] weights, double[] out) {
                new LinearCombiner().gradient(values, weights, out);
            }
        };
        double[] wrongButWellFormed = {0, 1};
        Map<String, Object> in = new HashMap<>(Map.of("reward", v, "combiner", quarter));
        RewardVector wired = AlignmentNodes.rewards(NodeBuild.context(NODES.nodeTypes().stream()
                .filter(t -> t.id().equals("llm/grpo")).findFirst().orElseThrow(), Map.of(), in),
                AlignmentNodes.HEADS);
        assertThat(wired.combine(wrongButWellFormed)).isCloseTo(0.75, within(1e-12));
        in.remove("combiner");
        RewardVector equal = AlignmentNodes.rewards(NodeBuild.context(NODES.nodeTypes().stream()
                .filter(t -> t.id().equals("llm/grpo")).findFirst().orElseThrow(), Map.of(), in),
                AlignmentNodes.HEADS);
        assertThat(equal.combine(wrongButWellFormed)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theTempoNodeMakesTempoAdvantages() {
        AdvantageEstimator e = NodeBuild.component(AlignmentNodes.tempo(), Map.of(), Map.of(),
                AdvantageEstimator.class);
        assertThat(e.name()).isEqualTo("tempo");
    }

    @Test
    void validationNamesTheNodeAndTheParameterOrPort() throws Exception {
        GraphDocument mo = sample("mo-grpo-pareto.json");
        node(mo, "safety").params().put("forbidden", "");
        assertThat(errors(mo)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("safety");
            assertThat(d.message()).contains("forbidden");
        });
        GraphDocument fmt = sample("grpo-addition.json");
        node(fmt, "format").params().put("pattern", "[0-9");
        assertThat(errors(fmt)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("format");
            assertThat(d.message()).contains("pattern");
        });
        GraphDocument dpo = sample("dpo-addition.json");
        dpo.edges().removeIf((GraphEdge e) -> e.to().equals("dpo.reward"));
        assertThat(errors(dpo)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("dpo");
            assertThat(d.port()).isEqualTo("reward");
            assertThat(d.message()).contains("pairs_file");
        });
        GraphDocument grpo = sample("grpo-addition.json");
        grpo.edges().removeIf((GraphEdge e) -> e.to().equals("grpo.reward"));
        assertThat(errors(grpo)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("grpo");
            assertThat(d.port()).isEqualTo("reward");
        });
    }

    private static List<Diagnostic> errors(GraphDocument g) {
        return new Validator(REGISTRY).validate(g).errors();
    }
}
