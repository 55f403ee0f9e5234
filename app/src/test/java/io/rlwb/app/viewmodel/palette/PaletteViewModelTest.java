package io.rlwb.app.viewmodel.palette;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteViewModelTest {
    private final PaletteViewModel vm = PaletteViewModel.of(FxTestSupport.registry());

    private List<String> headers() {
        return vm.rows().stream().filter(r -> r instanceof PaletteRow.Header).map(PaletteRow::category).toList();
    }

    private List<String> entryIds() {
        return vm.visibleEntries().stream().map(NodeType::id).toList();
    }

    private String selectedId() {
        NodeType t = vm.selectedProperty().get();
        return t == null ? null : t.id();
    }

    @Test
    void groupsTypesByCategoryInTheOrderAGraphIsBuiltThenOthers() {
        assertThat(headers()).containsExactly("Environment", "Policy", "Critic", "Data", "Estimator", "Reward", "Loss",
                "Optimiser", "Trainer", "Monitor", "Attention");
        // Each header is followed by its own types, by display name.
        assertThat(entryIds()).startsWith("core/env.cartpole", "core/env.vector", "core/policy.mlp");
        assertThat(vm.rows().get(0)).isEqualTo(new PaletteRow.Header("Environment", 2, false));
        assertThat(vm.matches()).hasSize(vm.types().size());
        assertThat(vm.selectedProperty().get()).isNull();
    }

    @Test
    void leavesOutTypesThatOtherNodesGenerate() {
        NodeType member = NodeType.builder("test/trainer.member", 1).category("Trainer").displayName("Member")
                .generated().factory(ctx -> new io.rlwb.engine.spi.NodeInstance() {}).build();
        List<NodeType> all = new ArrayList<>(FxTestSupport.registry().all());
        all.add(member);
        PaletteViewModel palette = new PaletteViewModel(all);
        assertThat(palette.types()).hasSize(all.size() - 1).doesNotContain(member);
        palette.setTypesInOrder(all);
        assertThat(palette.types()).doesNotContain(member);
        palette.filterProperty().set("Member");
        assertThat(palette.matches()).doesNotContain(member);
    }

    @Test
    void categoryRankKnowsBothSpellingsOfOptimiserAndPutsUnknownCategoriesLast() {
        assertThat(PaletteViewModel.categoryRank("Optimizer")).isEqualTo(PaletteViewModel.categoryRank("optimiser"));
        assertThat(PaletteViewModel.categoryRank("Zebra")).isGreaterThan(PaletteViewModel.categoryRank("Monitor"));
        assertThat(PaletteViewModel.categoryRank("Environment")).isZero();
    }

    @Test
    void filteringRanksTheBestMatchFirstAndSelectsIt() {
        vm.filterProperty().set("adam");
        assertThat(vm.matches().get(0).id()).isEqualTo("core/optim.adam");
        assertThat(selectedId()).isEqualTo("core/optim.adam");

        vm.filterProperty().set("gae");
        assertThat(selectedId()).isEqualTo("core/estimator.gae");

        vm.filterProperty().set("cart");
        assertThat(selectedId()).isEqualTo("core/env.cartpole");

        vm.filterProperty().set("ppo");
        assertThat(vm.matches().subList(0, 2)).extracting(NodeType::id)
                .containsExactlyInAnyOrder("core/trainer.ppo", "core/loss.ppo");

        // Several words: each must match somewhere.
        vm.filterProperty().set("mlp pol");
        assertThat(selectedId()).isEqualTo("core/policy.mlp");
        assertThat(vm.matches()).extracting(NodeType::id).doesNotContain("core/critic.mlp");
    }

    @Test
    void filterMatchesIdCategoryAndDescriptionToo() {
        vm.filterProperty().set("optim.ad");
        assertThat(selectedId()).isEqualTo("core/optim.adam");
        vm.filterProperty().set("optimiser");
        assertThat(selectedId()).isEqualTo("core/optim.adam");
        vm.filterProperty().set("merges");
        assertThat(vm.matches()).extracting(NodeType::id).containsExactly("llm/kv.minicache");
    }

    @Test
    void aSubsequenceMatchesButRanksBelowAWholeWord() {
        vm.filterProperty().set("vecenv");
        assertThat(selectedId()).isEqualTo("core/env.vector");
        vm.filterProperty().set("critic");
        // The critic category first; the PPO loss (which mentions a critic in its ports only) is not a match.
        assertThat(headers().get(0)).isEqualTo("Critic");
        assertThat(selectedId()).isEqualTo("core/critic.mlp");
    }

    @Test
    void noMatchLeavesNoRowsAndNothingSelected() {
        vm.filterProperty().set("zzzq");
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.choose()).isEmpty();
    }

    @Test
    void upAndDownWalkTheTypesSkippingHeadersAndEnterChooses() {
        List<NodeType> chosen = new ArrayList<>();
        vm.setOnChoose(chosen::add);
        vm.selectNext();
        assertThat(selectedId()).isEqualTo("core/env.cartpole");
        vm.selectNext();
        vm.selectNext();
        assertThat(selectedId()).isEqualTo("core/policy.mlp");
        vm.selectPrevious();
        vm.selectPrevious();
        vm.selectPrevious();
        assertThat(selectedId()).isEqualTo("core/env.cartpole");
        vm.moveSelection(1000);
        assertThat(selectedId()).isEqualTo("llm/kv.minicache");
        assertThat(vm.choose()).map(NodeType::id).contains("llm/kv.minicache");
        assertThat(chosen).extracting(NodeType::id).containsExactly("llm/kv.minicache");
    }

    @Test
    void aFoldedCategoryHidesItsTypesUntilTheUserSearches() {
        vm.toggleCollapsed("Environment");
        assertThat(vm.rows().get(0)).isEqualTo(new PaletteRow.Header("Environment", 2, true));
        assertThat(entryIds()).doesNotContain("core/env.cartpole");
        vm.filterProperty().set("cartpole");
        assertThat(entryIds()).containsExactly("core/env.cartpole");
        vm.filterProperty().set("");
        vm.toggleCollapsed("Environment");
        assertThat(entryIds()).contains("core/env.cartpole");
    }

    @Test
    void aWireFromAPolicyOutputOffersOnlyTypesWithAPolicyInput() {
        List<NodeType> fits = vm.compatibleTypes("policy", PortDirection.OUTPUT);
        assertThat(fits).extracting(NodeType::id).containsExactly("core/rollout.collector", "core/loss.ppo",
                "core/monitor.eval", "core/monitor.pareto", "llm/kv.minicache");
        assertThat(fits).allMatch(t -> t.inputs().stream().anyMatch(p -> p.type().id().equals("policy")));
        NodeType collector = fits.get(0);
        assertThat(PaletteViewModel.compatiblePort(collector, "policy", PortDirection.OUTPUT)).map(PortSpec::name)
                .contains("policy");
    }

    @Test
    void aWireFromAnInputOffersOnlyTypesWithAMatchingOutput() {
        assertThat(vm.compatibleTypes("env", PortDirection.INPUT)).extracting(NodeType::id)
                .containsExactly("core/env.cartpole");
        assertThat(vm.compatibleTypes("vec-env", PortDirection.INPUT)).extracting(NodeType::id)
                .containsExactly("core/env.vector");
        assertThat(vm.compatibleTypes("no-such-type", PortDirection.INPUT)).isEmpty();
        // The filter does not narrow the compatible types.
        vm.filterProperty().set("adam");
        assertThat(vm.compatibleTypes("optimizer", PortDirection.OUTPUT)).extracting(NodeType::id)
                .containsExactly("core/trainer.ppo");
    }

    @Test
    void typesGivenLaterReplaceTheOldOnes() {
        PaletteViewModel late = new PaletteViewModel();
        assertThat(late.rows()).isEmpty();
        late.setTypes(FxTestSupport.extraTypes());
        assertThat(late.rows()).extracting(PaletteRow::category).containsExactly("Monitor", "Monitor", "Attention",
                "Attention");
    }
}
