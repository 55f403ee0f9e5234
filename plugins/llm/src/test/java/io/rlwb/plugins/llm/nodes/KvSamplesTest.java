package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.SampleRuns;
import io.rlwb.engine.validate.Validator;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kv sample and the SFT sample validate and run at reduced budgets (two SFT steps of four examples, two
 * decoded prompts) with the sample's own task and policy shapes, and their summaries hold the keys the issue
 * names with sane values. The full budgets run under {@code ./workbench run samples/...}.
 */
class KvSamplesTest {
    static final List<String> KV_KEYS = List.of("kv/bytes", "kv/bytes_full", "kv/compression_ratio",
            "kv/bytes_read_per_token", "kv/top1_agreement", "kv/kl", "kv/task_accuracy", "kv/tokens_per_s");

    static Stream<Path> kvSamples() throws Exception {
        List<Path> l = SampleRuns.runnableWith("llm").stream()
                .filter(p -> p.getFileName().toString().startsWith("kv-")
                        && !p.getFileName().toString().equals("kv-compare.json")).toList();
        assertThat(l).extracting(p -> p.getFileName().toString()).contains("kv-full.json", "kv-sink-window.json",
                "kv-kivi-2bit.json", "kv-kivi-4bit.json", "kv-minicache.json", "kv-double-sparsity.json",
                "kv-sentencekv.json", "kv-heavy-hitter.json");
        return l.stream();
    }

    private static JsonNode runReduced(Path sample, Path dir, Map<String, String> sets, long envSteps)
            throws Exception {
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
    @MethodSource("kvSamples")
    void aKvSampleRunsAtAReducedBudgetAndReportsEveryKvMetric(Path sample, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        JsonNode s = runReduced(sample, dir, Map.of("sft.batch_size", "4", "sft.eval_prompts", "2",
                "sft.warmup_steps", "1", "decode.prompts", "2"), 8);
        for (String k : KV_KEYS) assertThat(s.has(k)).as(sample.getFileName() + " " + k).isTrue();
        double bytes = s.get("kv/bytes").asDouble();
        double full = s.get("kv/bytes_full").asDouble();
        assertThat(bytes).isPositive();
        // recall prompts of 256 characters + <sep>, the 2-letter key (value after key, no colon), <bos>: 260
        // positions, then the decoded answer tokens but the last; 2 layers, 4 heads of 16, fp32 keys and values
        assertThat(full).isEqualTo(2 * 2 * 4 * 16 * 4 * (260 + 2));
        assertThat(s.get("kv/compression_ratio").asDouble()).isCloseTo(full / bytes, within(1e-9));
        assertThat(s.get("kv/bytes_read_per_token").asDouble()).isPositive();
        assertThat(s.get("kv/top1_agreement").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("kv/kl").asDouble()).isGreaterThan(-1e-6).isLessThan(20.0);
        assertThat(s.get("kv/task_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("kv/tokens_per_s").asDouble()).isPositive();
        String name = sample.getFileName().toString();
        switch (name) {
            case "kv-full.json" -> {
                assertThat(s.get("kv/compression_ratio").asDouble()).isEqualTo(1.0);
                assertThat(s.get("kv/top1_agreement").asDouble()).isEqualTo(1.0);
                assertThat(s.get("kv/kl").asDouble()).isLessThan(1e-6);
            }
            case "kv-double-sparsity.json", "kv-sentencekv.json" ->
                    // they keep every position (plus labels or sentence vectors) and save reads, not memory
                    assertThat(s.get("kv/bytes_read_per_token").asDouble()).isLessThan(full);
            default -> assertThat(s.get("kv/compression_ratio").asDouble()).as(name).isGreaterThan(1.0);
        }
        // the snapshots the KV view draws: one per decode step (two prompts of five: <sep>, the 2-letter key and
        // 2 answer digits, all through the kernel), numbered across prompts, each with the policy's two layers
        List<TelemetryFiles.Stamped<KvCacheSnapshot>> snaps = TelemetryFiles.kvCache(dir);
        assertThat(snaps).hasSize(2 * 5);
        KvCacheSnapshot last = snaps.get(snaps.size() - 1).data();
        assertThat(last.layers()).hasSize(2);
        assertThat(last.decodeStep()).isEqualTo(10);
        assertThat((double) last.bytesFull()).isEqualTo(full); // every recall prompt has the same length
        assertThat(last.layers().get(0).tokenStates()).hasSize(262);
        assertThat(last.top1Agreement()).isBetween(0.0, 1.0);
    }

    @Test
    void theSftSampleTrainsAndSavesWeightsTheKvSamplesCouldLoad(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        JsonNode s = runReduced(Repo.sample("sft-addition.json"), dir, Map.of("sft.eval_prompts", "8",
                "sft.batch_size", "16"), 48);
        assertThat(s.get("sft/loss").asDouble()).isPositive().isLessThan(5.0);
        assertThat(s.get("sft/accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.exists(dir.resolve("policy").resolve(PolicyCheckpoint.MANIFEST))).isTrue();
        assertThat(Files.exists(dir.resolve("policy").resolve(PolicyCheckpoint.WEIGHTS + ".json"))).isTrue();
        assertThat(PolicyCheckpoint.load(dir.resolve("policy")).step()).isEqualTo(3);
    }
}
