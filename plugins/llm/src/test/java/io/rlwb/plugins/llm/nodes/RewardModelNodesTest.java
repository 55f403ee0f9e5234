package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.model.LearnedReward;
import io.rlwb.plugins.llm.reward.model.RewardEnsemble;
import io.rlwb.plugins.llm.task.AdditionTask;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelNodesTest {
    private static final Task TASK = new AdditionTask(new AdditionTask.Config(1, 1, 0.2, 3));

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
