package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunProgress;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.store.Checkpoints;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.plugins.llm.rl.PreferencePair;
import io.rlwb.plugins.llm.task.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Save and restore of the language-model trainers through a run cancelled part way (during the supervised start,
 * or after the RL / DPO phase began) and resumed: the resumed run ends with the uninterrupted run's step count,
 * every tensor of its final checkpoint (the policy, Adam's moments, the frozen reference) bit for bit, the same
 * scalars, and the same held-out accuracies. Budgets are a few tiny steps.
 */
class LlmResumeTest {
    private final Runner runner = new Runner(NodeRegistry.load(null));

    /** GRPO with a KL term (so the reference is state): 2 supervised steps of 4 examples, 3 steps of 2 x 2. */
    private static final Map<String, String> GRPO = with(AlignmentSamplesTest.SMALL_GRPO, "grpo.beta", "0.04");
    /** DPO from a pairs file (written per test): 2 supervised steps of 4 examples, then 3 steps of 4 pairs. */
    private static final Map<String, String> DPO = Map.of("dpo.sft_steps", "2", "dpo.sft_batch_size", "4",
            "dpo.pairs_per_step", "4", "dpo.eval_prompts", "4");
    /** SFT: 5 steps of 8 examples through warm-up and cosine decay. */
    private static final Map<String, String> SFT = Map.of("sft.batch_size", "8", "sft.warmup_steps", "2",
            "sft.eval_prompts", "4", "sft.log_every", "1");

    private static final Map<String, Map<String, String>> SETS = Map.of("grpo-addition.json", GRPO,
            "dpo-addition.json", DPO, "sft-addition.json", SFT);

    @TempDir
    Path tmp;

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private RunResult run(String sample, Path out, long budget, long cancelAt) throws Exception {
        var doc = new GraphFile().read(Repo.sample(sample));
        Map<String, String> sets = new HashMap<>(SETS.get(sample));
        if (sample.startsWith("dpo")) sets.put("dpo.pairs_file", pairsFile().toString());
        AtomicBoolean cancel = new AtomicBoolean();
        RunListener l = new RunListener() {
            @Override public void progress(RunProgress p) {
                if (p.iteration() == cancelAt) cancel.set(true);
            }
        };
        return runner.run(runner.prepare(doc, new RunOptions(out, 3L, sets, Map.of("env_steps", budget),
                0)), l, null, cancel);
    }

    /** Ten pairs a+b= (chosen the sum, rejected one more); every fifth is held out. */
    private Path pairsFile() throws Exception {
        Path f = tmp.resolve("pairs.tsv");
        if (!Files.exists(f)) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int a = i % 10;
                int b = (3 * i + 1) % 10;
                String sum = Integer.toString(a + b);
                lines.add(new PreferencePair(new Example(a + "+" + b + "=", sum), sum, Integer.toString(a + b + 1))
                        .toLine());
            }
            Files.write(f, lines);
        }
        return f;
    }

    /** Cut in the supervised start (GRPO at 1), and after the RL or DPO phase began (GRPO and DPO at 3). */
    @ParameterizedTest
    @CsvSource({"grpo-addition.json, 20, 1", "grpo-addition.json, 20, 3", "dpo-addition.json, 20, 3",
            "sft-addition.json, 40, 2"})
    void aResumedRunEndsWithTheUninterruptedRunsStateAndAccuracy(String sample, long budget, long cancelAt)
            throws Exception {
        RunResult whole = run(sample, tmp.resolve("whole"), budget, -1);
        assertThat(whole.status()).as(String.valueOf(whole.error())).isEqualTo("completed");
        RunResult first = run(sample, tmp.resolve("cut"), budget, cancelAt);
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo("cancelled");
        assertThat(first.envSteps()).isLessThan(budget);
        String node = sample.substring(0, sample.indexOf('-'));
        String phase = node.equals("grpo") ? "rl_started" : node.equals("dpo") ? "dpo_started" : "finished";
        assertThat(Checkpoints.read(Checkpoints.latest(tmp.resolve("cut"))).node(node).longValue(phase))
                .as("the phase at the cut").isEqualTo(cancelAt >= 3 ? 1 : 0);
        RunResult second = runner.run(runner.resume(tmp.resolve("cut"), 0), RunListener.NONE, null,
                new AtomicBoolean());
        assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo("completed");
        assertThat(second.envSteps()).isEqualTo(whole.envSteps());

        Checkpoints.Loaded a = Checkpoints.read(Checkpoints.latest(tmp.resolve("whole")));
        Checkpoints.Loaded b = Checkpoints.read(Checkpoints.latest(tmp.resolve("cut")));
        assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
        assertThat(a.tensors().keySet()).anyMatch(k -> k.startsWith("policy/params."))
                .anyMatch(k -> k.contains(".adam.state.0.exp_avg"));
        if (!sample.startsWith("sft")) assertThat(a.tensors().keySet()).anyMatch(k -> k.contains(".reference."));
        for (String k : a.tensors().keySet()) {
            INDArray x = a.tensors().get(k);
            assertThat(b.tensors().get(k)).as(sample + ": " + k).isEqualTo(x);
        }
        assertThat(b.manifest().path("nodes")).isEqualTo(a.manifest().path("nodes"));

        ObjectMapper json = new ObjectMapper();
        JsonNode sa = json.readTree(tmp.resolve("whole/summary.json").toFile());
        JsonNode sb = json.readTree(tmp.resolve("cut/summary.json").toFile());
        for (String k : List.of("eval/accuracy", "eval/accuracy_initial", "sft/accuracy", "dpo/eval/rewards/margins")) {
            assertThat(sb.path(k)).as(sample + ": " + k).isEqualTo(sa.path(k));
        }
        assertThat(sa.has(sample.startsWith("sft") ? "sft/accuracy" : "eval/accuracy")).isTrue();
    }

    /** DPO's pairs survive any character (a pairs file cannot hold tabs or line breaks; the state can). */
    @Test
    void dpoPairsRoundTripThroughTheirStateTextAndBadTextNamesTheEntry() {
        List<PreferencePair> pairs = List.of(new PreferencePair(new Example("1+2=\t", "3"), "3\n", "\"4\u00e9"),
                new PreferencePair(new Example("", ""), "", " "));
        assertThat(DpoNode.decodePairs(DpoNode.encodePairs(pairs), "pairs.train")).isEqualTo(pairs);
        assertThatThrownBy(() -> DpoNode.decodePairs("[[\"a\", \"b\"]]", "pairs.held_out"))
                .hasMessageContaining("pairs.held_out").hasMessageContaining("pair 0");
        assertThatThrownBy(() -> DpoNode.decodePairs("{", "pairs.train")).hasMessageContaining("pairs.train");
        assertThatThrownBy(() -> DpoNode.decodePairs(null, "pairs.train")).hasMessageContaining("pairs.train");
    }
}
