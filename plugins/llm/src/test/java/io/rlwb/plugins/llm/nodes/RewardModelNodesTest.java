package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.rlwb.plugins.llm.nodes.LlmNodesTest.node;
import static io.rlwb.plugins.llm.nodes.LlmNodesTest.sample;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.morl.LinearCombiner;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Validator;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.reward.model.LearnedReward;
import io.rlwb.plugins.llm.reward.model.LearnedRewardHead;
import io.rlwb.plugins.llm.reward.model.RewardEnsemble;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelNodesTest {
    private static final Task TASK = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 3));
    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new LlmNodes(),
            new AlignmentNodes(), new RewardModelNodes());

    /** A learned reward scoring each completion by its length on every label, counting its (batched) calls. */
    private static final class LengthReward implements LearnedReward {
        final AtomicInteger calls = new AtomicInteger();

        @Override public List<String> names() { return List.of("correctness", "format", "brevity"); }

        @Override public double[][] scores(List<Example> examples, List<String> completions, List<Boolean> finished) {
            calls.incrementAndGet();
            double[][] s = new double[completions.size()][];
            for (int i = 0; i < s.length; i++) {
                double l = completions.get(i).length();
                s[i] = new double[] {l, 10 * l, finished.get(i) ? 100 * l : -1};
            }
            return s;
        }
    }

    /** The rm-ensemble sample shrunk to a 2-member ensemble of tiny models and tiny GRPO batches. */
    static GraphDocument tinyRmSample() throws Exception {
        GraphDocument g = sample("rm-ensemble-addition.json");
        node(g, "rm").params().put("k", 2).put("labels", 16).put("steps", 2).put("width", 8).put("heads", 2)
                .put("layers", 1).put("batch_size", 4);
        node(g, "grpo").params().put("sft_steps", 0).put("prompts_per_step", 2).put("group_size", 2)
                .put("eval_prompts", 2);
        return g;
    }

    @Test
    void everyNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        GraphDocument single = tinyRmSample();
        GraphNode rm = node(single, "rm");
        rm.setType("llm/reward-model");
        rm.params().remove(List.of("k", "combination", "kappa"));
        NodeTypeContract.checkProvider(new RewardModelNodes(), REGISTRY, List.of(tinyRmSample(), single), tmp, 2);
    }

    @Test
    void theLearnedHeadNodeAppendsOneLabelAndScoresABatchInOneCall() {
        LengthReward model = new LengthReward();
        RewardHeads before = NodeBuild.component(RewardNodes.correctness(), Map.of(), Map.of("task", TASK),
                RewardHeads.class);
        RewardHeads v = NodeBuild.component(RewardModelNodes.learnedHead(), Map.of("label", "brevity"),
                Map.of("model", model, "vector", before), RewardHeads.class);
        assertThat(v.heads()).extracting(RewardHead::name).containsExactly("correctness", "rm/brevity");
        RewardHead h = v.heads().get(1);
        Example e = new Example("3+4=", "7");
        assertThat(h.scoreAll(List.of(e, e, e), List.of("7", "17", "123"), new boolean[] {true, true, false}))
                .containsExactly(100, 200, -1);
        assertThat(model.calls.get()).isEqualTo(1);
        assertThat(h.score(e, "17", true)).isEqualTo(200);
        assertThatThrownBy(() -> NodeBuild.component(RewardModelNodes.learnedHead(), Map.of("label", "truth"),
                Map.of("model", model), RewardHeads.class)).hasMessageContaining("'label'")
                .hasMessageContaining("truth").hasMessageContaining("node 'n'");
    }

    @Test
    void wrongWiringOfTheLearnedRewardIsAValidationError() throws Exception {
        assertThat(new Validator(REGISTRY).validate(sample("rm-ensemble-addition.json")).diagnostics()).isEmpty();
        GraphDocument label = sample("rm-ensemble-addition.json");
        node(label, "proxy").params().put("label", "accuracy");
        assertThat(errors(label)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("proxy");
            assertThat(d.message()).contains("'label'").contains("accuracy").contains("correctness");
        });
        // the learned reward straight into GRPO's reward input: a learned-reward is not a reward-vector
        GraphDocument direct = sample("rm-ensemble-addition.json");
        direct.edges().removeIf((GraphEdge e) -> e.to().equals("grpo.reward"));
        direct.edges().add(new GraphEdge("rm.reward", "grpo.reward"));
        assertThat(errors(direct)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("grpo");
            assertThat(d.port()).isEqualTo("reward");
        });
        // a proxy without gold heads, and gold that repeats the optimised head, are warnings on 'gold'
        GraphDocument noGold = sample("rm-ensemble-addition.json");
        noGold.edges().removeIf((GraphEdge e) -> e.to().equals("grpo.gold"));
        assertThat(warnings(noGold)).anySatisfy(d -> {
            assertThat(d.port()).isEqualTo("gold");
            assertThat(d.message()).contains("proxy");
        });
        GraphDocument same = sample("rm-ensemble-addition.json");
        same.edges().removeIf((GraphEdge e) -> e.to().equals("grpo.gold"));
        same.edges().add(new GraphEdge("proxy.vector", "grpo.gold"));
        assertThat(warnings(same)).anySatisfy(d -> assertThat(d.message()).contains("rm/correctness"));
    }

    private static List<Diagnostic> errors(GraphDocument g) {
        return new Validator(REGISTRY).validate(g).errors();
    }

    private static List<Diagnostic> warnings(GraphDocument g) {
        List<Diagnostic> w = new ArrayList<>(new Validator(REGISTRY).validate(g).diagnostics());
        w.removeIf(Diagnostic::isError);
        return w;
    }

    @Test
    void bothNodeTypesAreRegisteredThroughTheServicesFile() {
        List<String> ids = ServiceLoader.load(NodeProvider.class).stream()
                .flatMap(p -> p.get().nodeTypes().stream()).map(NodeType::id).toList();
        assertThat(ids).contains("llm/reward-model", "llm/rm-ensemble");
    }

    @Test
    void ensembleNodeTrainsItsMembersOnTheWiredTaskAndCombinesThem() {
        LearnedReward r = NodeBuild.component(RewardModelNodes.ensemble(), Map.of("k", 2, "labels", 64, "steps", 5,
                "width", 8, "heads", 2, "layers", 1, "combination", "worst_case"), Map.of("task", TASK),
                LearnedReward.class);
        assertThat(r.names()).containsExactly("correctness", "format", "brevity");
        Example e = TASK.examples(io.rlwb.plugins.llm.task.Split.TEST, 1, 4).get(0);
        double[][] s = r.scores(List.of(e), List.of(e.answer()), List.of(true));
        RewardEnsemble ens = ((RewardModelNodes.Lazy) r).ensemble();
        assertThat(ens.members()).hasSize(2);
        assertThat(ens.combination()).isEqualTo(RewardEnsemble.Combination.WORST_CASE);
        double[] m0 = ens.members().get(0).scores(List.of(e), List.of(e.answer()), List.of(true))[0];
        double[] m1 = ens.members().get(1).scores(List.of(e), List.of(e.answer()), List.of(true))[0];
        assertThat(m0).isNotEqualTo(m1); // different seeds
        for (int j = 0; j < 3; j++) assertThat(s[0][j]).isEqualTo(Math.min(m0[j], m1[j]));
        RewardHead h = r.heads().get(0);
        assertThat(h.name()).isEqualTo("rm/correctness");
        assertThat(h.score(e, e.answer(), true)).isEqualTo(s[0][0]);
    }

    /**
     * GRPO's collection estimate counts the reward models' forward passes: nothing for rule-based heads, each member's
     * attention arrays (rows x heads x layers x maxLength^2 floats, 16 arrays per layer) for a learned head, known
     * before the ensemble trains.
     */
    @Test
    void grpoCountsEachRewardModelForwardInItsGarbageEstimate() {
        LearnedReward r = NodeBuild.component(RewardModelNodes.ensemble(), Map.of("k", 3, "labels", 16, "steps", 1,
                "width", 8, "heads", 2, "layers", 1), Map.of("task", TASK), LearnedReward.class);
        long t = TASK.maxPromptTokens() + 2L * TASK.maxAnswerLength() + 4; // the recipe's maxLength
        long member = 64L * 2 * 1 * t * t * Float.BYTES * 16;
        assertThat(r.scoringBytes(64)).isEqualTo(3 * member); // from the recipe, untrained
        RewardVector rules = new RewardVector(List.of(new CorrectnessHead(TASK)), new LinearCombiner(),
                new double[] {1});
        assertThat(GrpoNode.scoringGarbage(rules, 64)).isZero();
        RewardVector learned = new RewardVector(List.of(new LearnedRewardHead(r, "correctness"),
                new LearnedRewardHead(r, "format")), new LinearCombiner(), new double[] {0.5, 0.5})
                .withGold(List.of(new CorrectnessHead(TASK)));
        assertThat(GrpoNode.scoringGarbage(learned, 64)).isEqualTo(2 * 3 * member); // one pass per learned head
        RewardEnsemble trained = ((RewardModelNodes.Lazy) r).ensemble();
        assertThat(trained.scoringBytes(64)).isEqualTo(3 * member);
        assertThat(trained.members().get(0).scoringBytes(64)).isEqualTo(member);
    }

    @Test
    void headsThatDoNotDivideTheWidthNameTheNodeAndParameters() {
        assertThatThrownBy(() -> NodeBuild.component(RewardModelNodes.single(), Map.of("width", 10, "heads", 4),
                Map.of("task", TASK), LearnedReward.class)).hasMessageContaining("'heads'")
                .hasMessageContaining("'width'");
    }

    /**
     * Through a checkpoint (written and read as a run does): a trained ensemble comes back with its members' weights
     * and scores as it did without training again; an untrained one comes back untrained.
     */
    @Test
    void aTrainedEnsembleIsRestoredFromItsCheckpointWithoutTrainingAgain(@TempDir Path tmp) throws Exception {
        Map<String, Object> params = Map.of("k", 2, "labels", 32, "steps", 3, "width", 8, "heads", 2, "layers", 1);
        Example e = TASK.examples(io.rlwb.plugins.llm.task.Split.TEST, 1, 4).get(0);
        RewardModelNodes.Lazy trained = (RewardModelNodes.Lazy) NodeBuild.component(RewardModelNodes.ensemble(),
                params, Map.of("task", TASK), LearnedReward.class);
        double[][] want = trained.scores(List.of(e), List.of("17"), List.of(true));
        RewardModelNodes.Lazy untrained = (RewardModelNodes.Lazy) NodeBuild.component(RewardModelNodes.ensemble(),
                params, Map.of("task", TASK), LearnedReward.class);

        Checkpoints.Builder b = Checkpoints.builder();
        NodeInstance.ofComponent(RewardModelNodes.OUT, trained).saveState(
                b.node(new Checkpoints.NodeEntry("rm", "llm/rm-ensemble", 1)));
        NodeInstance.ofComponent(RewardModelNodes.OUT, untrained).saveState(
                b.node(new Checkpoints.NodeEntry("fresh", "llm/rm-ensemble", 1)));
        Checkpoints.Loaded ck = Checkpoints.read(b.write(tmp, 1, 1));
        assertThat(ck.tensors().keySet()).anyMatch(k -> k.startsWith("rm/value.member1."))
                .noneMatch(k -> k.startsWith("fresh/"));

        RewardModelNodes.Lazy restored = (RewardModelNodes.Lazy) NodeBuild.component(RewardModelNodes.ensemble(),
                Map.of("k", 2, "labels", 32, "steps", 0, "width", 8, "heads", 2, "layers", 1), Map.of("task", TASK),
                LearnedReward.class);
        NodeInstance.ofComponent(RewardModelNodes.OUT, restored).restoreState(ck.node("rm"));
        // 'steps' 0: training again would leave fresh weights, so equal scores come from the checkpoint
        assertThat(restored.scores(List.of(e), List.of("17"), List.of(true))).isEqualTo(want);

        RewardModelNodes.Lazy again = (RewardModelNodes.Lazy) NodeBuild.component(RewardModelNodes.ensemble(),
                params, Map.of("task", TASK), LearnedReward.class);
        NodeInstance.ofComponent(RewardModelNodes.OUT, again).restoreState(ck.node("fresh"));
        assertThat(again.scores(List.of(e), List.of("17"), List.of(true))).isEqualTo(want);
    }
}
