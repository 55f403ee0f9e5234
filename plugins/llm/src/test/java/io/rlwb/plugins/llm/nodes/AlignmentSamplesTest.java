package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alignment samples validate and run at reduced budgets (a few supervised steps, two small RL steps), and
 * their summaries hold the keys issue 14 names; GRPO and TEMPO publish credit snapshots with per-token advantages
 * and a prefix tree. The full budgets run under {@code ./workbench run samples/...}.
 */
class AlignmentSamplesTest {
    /** Small GRPO batches: 2 supervised steps of 4 examples, then 2 GRPO steps of 2 prompts x 2 completions. */
    static final Map<String, String> SMALL_GRPO = Map.of("grpo.sft_steps", "2", "grpo.sft_batch_size", "4",
            "grpo.prompts_per_step", "2", "grpo.group_size", "2", "grpo.eval_prompts", "4");

    static JsonNode runReduced(Path sample, Path dir, Map<String, String> sets, long envSteps) throws Exception {
        NodeRegistry reg = NodeRegistry.load(null);
        GraphDocument doc = new GraphFile().read(sample);
        assertThat(new Validator(reg).validate(doc).errors()).as(sample.toString()).isEmpty();
        Runner runner = new Runner(reg);
        RunResult r = runner.run(runner.prepare(doc, new RunOptions(dir, null, sets, Map.of("env_steps", envSteps), 0)),
                RunListener.NONE, null, new AtomicBoolean());
        assertThat(r.status()).as(sample + ": " + r.error()).isEqualTo("completed");
        return new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpo-addition.json", "tempo-addition.json"})
    void aGrpoSampleRunsReducedAndRecordsTrlMetricsAccuracyAndCredit(String name, @TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("run");
        JsonNode s = runReduced(Repo.root().resolve("samples").resolve(name), dir, SMALL_GRPO, 2 * 4 + 2 * 2 * 2);
        for (String k : List.of("eval/accuracy_initial", "eval/accuracy", "grpo/reward", "grpo/reward_std",
                "grpo/loss", "grpo/rewards/correctness/mean", "grpo/rewards/format/mean", "grpo/frac_reward_zero_std",
                "grpo/entropy", "grpo/clip_ratio", "grpo/clip_ratio/region_mean", "grpo/completions/mean_length",
                "grpo/accuracy", "sft/loss")) {
            assertThat(s.has(k)).as(name + " " + k).isTrue();
        }
        assertThat(s.get("eval/accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("eval/accuracy_initial").asDouble()).isBetween(0.0, 1.0);
        List<TelemetryFiles.Stamped<CreditSnapshot>> credit = TelemetryFiles.credit(dir);
        assertThat(credit).as("one credit snapshot per GRPO step").hasSize(2);
        CreditSnapshot c = credit.get(1).data();
        assertThat(c.source()).isEqualTo("grpo");
        assertThat(c.tokens()).isNotEmpty();
        assertThat(c.tree()).isNotEmpty();
        assertThat(c.tokens()).allSatisfy(t -> assertThat(t.completion()).isBetween(0, 1));
    }

    @Test
    void theMultiObjectiveSampleLogsEveryHead(@TempDir Path tmp) throws Exception {
        JsonNode s = runReduced(Repo.root().resolve("samples/mo-grpo-pareto.json"), tmp.resolve("run"), SMALL_GRPO,
                16);
        for (String h : List.of("correctness", "brevity", "safety")) {
            assertThat(s.has("grpo/rewards/" + h + "/mean")).as(h).isTrue();
            assertThat(s.get("grpo/rewards/" + h + "/mean").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theRmEnsembleSampleOptimisesTheProxyAndLogsGoldBesideIt(@TempDir Path tmp) throws Exception {
        Map<String, String> sets = new HashMap<>(SMALL_GRPO);
        sets.putAll(Map.of("rm.k", "2", "rm.labels", "16", "rm.steps", "2", "rm.width", "8", "rm.heads", "2",
                "rm.layers", "1", "rm.batch_size", "4"));
        JsonNode s = runReduced(Repo.root().resolve("samples/rm-ensemble-addition.json"), tmp.resolve("run"), sets,
                2 * 4 + 2 * 2 * 2);
        for (String k : List.of("eval/accuracy_initial", "eval/accuracy", "grpo/reward", "grpo/rewards/rm/correctness/mean",
                "grpo/gold/correctness/mean", "grpo/gold/format/mean")) {
            assertThat(s.has(k)).as(k).isTrue();
        }
        assertThat(s.has("grpo/rewards/correctness/mean")).as("gold heads are not optimised").isFalse();
        // the proxy is the only optimised head under weight 1: the reward is its mean
        assertThat(s.get("grpo/reward").asDouble()).isEqualTo(s.get("grpo/rewards/rm/correctness/mean").asDouble());
        assertThat(s.get("grpo/gold/correctness/mean").asDouble()).isBetween(0.0, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamic", "lagrangian"})
    void anAdaptiveCombinerIsWiredIntoGrpoLikeTheFixedOnes(String kind, @TempDir Path tmp) throws Exception {
        GraphDocument g = new GraphFile().read(Repo.root().resolve("samples/mo-grpo-pareto.json"));
        GraphNode c = g.node("combine").orElseThrow();
        c.setType("core/reward." + kind);
        c.params().removeAll();
        if (kind.equals("lagrangian")) {
            c.params().put("main", "correctness").put("constrained", "safety").put("thresholds", "0.99")
                    .put("lambda_lr", 0.5);
        }
        Path file = tmp.resolve("g.json");
        GraphFile.write(g, file);
        JsonNode s = runReduced(file, tmp.resolve("run"), SMALL_GRPO, 2 * 4 + 2 * 2 * 2);
        if (kind.equals("dynamic")) {
            double sum = 0;
            for (String h : List.of("correctness", "brevity", "safety")) {
                assertThat(s.has("grpo/combiner/weight_" + h)).as(h).isTrue();
                sum += s.get("grpo/combiner/weight_" + h).asDouble();
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        } else {
            assertThat(s.has("grpo/combiner/lambda_safety")).isTrue();
            assertThat(s.has("grpo/combiner/lambda_brevity")).isFalse();
            assertThat(s.get("grpo/combiner/lambda_safety").asDouble()).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void anAdaptiveCombinerThatDoesNotFitTheHeadsIsAValidationErrorNamingItsNodeAndParameter() throws Exception {
        GraphDocument g = new GraphFile().read(Repo.root().resolve("samples/mo-grpo-pareto.json"));
        GraphNode c = g.node("combine").orElseThrow();
        c.setType("core/reward.lagrangian");
        c.params().removeAll();
        c.params().put("main", "correctness").put("constrained", "format").put("thresholds", "0.5");
        assertThat(new Validator(NodeRegistry.load(null)).validate(g).errors()).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("grpo");
            assertThat(d.port()).isEqualTo("combiner");
            assertThat(d.message()).contains("node 'combine'").contains("'constrained'").contains("format");
        });
        GraphNode dyn = g.node("combine").orElseThrow();
        dyn.setType("core/reward.dynamic");
        dyn.params().removeAll();
        dyn.params().put("weights", "0.5,0.5");
        assertThat(new Validator(NodeRegistry.load(null)).validate(g).errors()).anySatisfy(d -> {
            assertThat(d.port()).isEqualTo("combiner");
            assertThat(d.message()).contains("node 'combine', parameter 'weights'");
        });
    }

    @Test
    void theDpoSampleRunsReducedAndRecordsHeldOutPairMetrics(@TempDir Path tmp) throws Exception {
        // enough supervised steps that sampled completions differ in reward, so pairs exist
        Map<String, String> sets = new HashMap<>(Map.of("dpo.sft_steps", "30", "dpo.sft_batch_size", "32",
                "dpo.pairs", "16", "dpo.eval_pairs", "16", "dpo.pairs_per_step", "4", "dpo.eval_prompts", "4"));
        JsonNode s = runReduced(Repo.root().resolve("samples/dpo-addition.json"), tmp.resolve("run"), sets,
                30 * 32 + 2 * 4);
        for (String k : List.of("eval/accuracy_initial", "eval/accuracy", "dpo/loss", "dpo/rewards/chosen",
                "dpo/rewards/rejected", "dpo/rewards/margins", "dpo/rewards/accuracies", "dpo/eval/rewards/accuracies",
                "dpo/pairs/train", "dpo/pairs/held_out")) {
            assertThat(s.has(k)).as(k).isTrue();
        }
        assertThat(s.get("dpo/pairs/train").asDouble()).isPositive();
        assertThat(s.get("dpo/eval/rewards/accuracies").asDouble()).isBetween(0.0, 1.0);
        // the sample's rounds (iterative DPO): the training pairs are sampled again from the current policy once in
        // these 2 steps, recording their count a second time
        assertThat(Files.readAllLines(tmp.resolve("run").resolve("metrics.csv")))
                .filteredOn(l -> l.contains(",dpo/pairs/train,")).hasSize(2);
        // every pair with its final log-probabilities; the held-out rows' margins give the held-out metrics
        List<String> lines = Files.readAllLines(tmp.resolve("run").resolve(DpoNode.PAIRS_FILE));
        assertThat(lines.get(0)).startsWith("split\tprompt\tanswer\tchosen\trejected");
        assertThat(lines).hasSize(1 + s.get("dpo/pairs/train").asInt() + s.get("dpo/pairs/held_out").asInt());
        double margins = 0;
        double right = 0;
        int heldOut = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            assertThat(f).as(line).hasSize(10);
            if (!f[0].equals("held_out")) continue;
            double m = Double.parseDouble(f[9]);
            margins += m;
            right += m > 0 ? 1 : 0;
            heldOut++;
        }
        assertThat(heldOut).isEqualTo(s.get("dpo/pairs/held_out").asInt());
        assertThat(margins / heldOut).isCloseTo(s.get("dpo/eval/rewards/margins").asDouble(), within(1e-4));
        assertThat(right / heldOut).isCloseTo(s.get("dpo/eval/rewards/accuracies").asDouble(), within(1e-6));
    }
}
