package io.rlwb.app.gui;

import static io.rlwb.app.gui.palette.FxTestSupport.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.app.inspect.credit.CreditView;
import io.rlwb.app.inspect.credit.DivergingScale;
import io.rlwb.app.ui.plot.Snapshots;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * As a user would: open the grpo-addition sample of plugin llm, open the Credit tab, run a shortened version from
 * the window (a short supervised start, then a few small GRPO steps), and see the trainer's credit snapshots arrive
 * live and drawn: completion tokens coloured by their advantage (both signs) and the group's prefix tree. Headless.
 */
@ExtendWith(ApplicationExtension.class)
class CreditTabWindowTest {
    static {
        FxTestSupport.init();
    }

    /** Supervised steps and their batch, and the GRPO steps of 4 prompts x 8 completions the budget leaves. */
    static final int SFT_STEPS = 20;
    static final int SFT_BATCH = 32;
    static final int GRPO_STEPS = 6;

    private WorkbenchViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        vm = WorkbenchViewModel.createDefault();
        view = WorkbenchApp.show(stage, vm);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static Path shortGrpoSample(Path tmp) throws Exception {
        return WindowRuns.shortSample(tmp, "grpo-addition", (id, p) -> {
            if (id.equals("grpo")) {
                p.put("sft_steps", SFT_STEPS).put("sft_batch_size", SFT_BATCH).put("prompts_per_step", 4)
                        .put("group_size", 8).put("eval_prompts", 4);
            }
        });
    }

    @Test
    void theCreditTabDrawsPerTokenAdvantagesFromALiveGrpoRun(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("runs").resolve("grpo-live");
        WindowRuns.open(vm, shortGrpoSample(tmp), Map.of("env_steps", (long) SFT_STEPS * SFT_BATCH + GRPO_STEPS * 32L),
                runDir);
        CreditView credit = WindowRuns.selectTab(robot, view, KeyCode.DIGIT7, "creditTab", CreditView.class);
        CreditViewModel m = fx(credit::viewModel);
        assertThat(fx(m::isEmpty)).isTrue();

        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS, () -> fx(() -> !m.groups().isEmpty()));
        assertThat(fx(() -> m.sourceProperty().get())).endsWith("(live)");
        WindowRuns.awaitCompleted(vm);

        assertThat(fx(() -> m.groups().size())).as("one group per GRPO step").isEqualTo(GRPO_STEPS);
        // show the latest group whose completions differ in reward (a group of equal rewards has zero advantages)
        int shown = fx(() -> {
            for (int i = m.snapshots().size() - 1; i >= 0; i--) {
                CreditSnapshot s = m.snapshots().get(i).data();
                if (s.tokens().stream().anyMatch(t -> t.advantage() > 0)
                        && s.tokens().stream().anyMatch(t -> t.advantage() < 0)) {
                    return i;
                }
            }
            return -1;
        });
        assertThat(shown).as("a GRPO step whose first group has tokens above and below its baseline").isNotNegative();
        fx(() -> {
            m.groupProperty().set(shown);
            credit.showTokens(true);
            return null;
        });
        FxTestSupport.pulses(3);
        CreditSnapshot g = fx(m::shownGroup);
        assertThat(g.source()).isEqualTo("grpo");
        assertThat(fx(() -> m.completions().size())).isEqualTo(8);
        var tokens = fx(() -> Snapshots.snapshot(credit.tokens()));
        assertThat(Snapshots.countColour(tokens, DivergingScale.BLUE, 0.25)).as("positive-advantage tokens")
                .isGreaterThan(100);
        assertThat(Snapshots.countColour(tokens, DivergingScale.RED, 0.25)).as("negative-advantage tokens")
                .isGreaterThan(100);
        var tree = fx(() -> Snapshots.snapshot(credit.tree()));
        assertThat(Snapshots.countNonBackground(tree, 0.1)).as("prefix tree").isGreaterThan(300);
        FxTestScreens.save(view, "inspect-live-credit-grpo.png");
        assertThat(Files.exists(runDir.resolve("telemetry").resolve("credit.jsonl"))).isTrue();
    }
}
