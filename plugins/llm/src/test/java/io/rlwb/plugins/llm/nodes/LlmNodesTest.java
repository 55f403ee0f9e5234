package io.rlwb.plugins.llm.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.RunListener;
import io.rlwb.engine.runtime.RunOptions;
import io.rlwb.engine.runtime.RunResult;
import io.rlwb.engine.runtime.Runner;
import io.rlwb.engine.testkit.NodeTypeContract;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Validator;
import io.rlwb.plugins.llm.policy.PolicyCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node types of {@link LlmNodes}: the node-type contract on tiny graphs, validation that names the node and
 * port when a kernel or a task does not fit the policy, and weights saved by one graph loaded by another.
 */
class LlmNodesTest {
    static GraphDocument sample(String name) throws Exception {
        return new GraphFile().read(Repo.sample(name));
    }

    static GraphNode node(GraphDocument g, String id) {
        return g.node(id).orElseThrow();
    }

    /** A kv sample shrunk to a recall context of 24 characters, a policy of context 40, one-example batches. */
    static GraphDocument tiny(String name) throws Exception {
        GraphDocument g = sample(name);
        node(g, "task").params().put("context_length", 24).put("pairs", 2);
        node(g, "policy").params().put("context_length", 40).put("width", 32).put("heads", 2);
        node(g, "sft").params().put("batch_size", 2).put("eval_prompts", 2).put("warmup_steps", 1)
                .put("queries", 2).put("min_context", 12).put("short_steps", 1);
        node(g, "decode").params().put("prompts", 2);
        return g;
    }

    static List<GraphDocument> minimalGraphs() throws Exception {
        GraphDocument mini = tiny("kv-minicache.json"); // kv-kivi under kv-minicache
        GraphDocument ds = tiny("kv-double-sparsity.json");
        node(ds, "kernel").params().put("tokens", 8).put("calibration_prompts", 2);
        GraphDocument sk = tiny("kv-sentencekv.json");
        node(sk, "kernel").params().put("tokens", 8);
        GraphDocument hh = tiny("kv-heavy-hitter.json");
        node(hh, "kernel").params().put("recent", 4).put("heavy", 4);
        GraphDocument sw = tiny("kv-sink-window.json");
        node(sw, "kernel").params().put("window", 8);
        GraphDocument add = sample("sft-addition.json");
        node(add, "sft").params().put("batch_size", 4).put("eval_prompts", 4).put("save_weights", false);
        return List.of(tiny("kv-full.json"), mini, ds, sk, hh, sw, add);
    }

    @Test
    void everyNodeTypePassesTheNodeTypeContract(@TempDir Path tmp) throws Exception {
        NodeTypeContract.checkProvider(new LlmNodes(), NodeRegistry.of(new CoreNodes(), new LlmNodes()),
                minimalGraphs(), tmp, 2);
    }

    @Test
    void registryFindsTheNodesThroughServiceLoader() {
        NodeRegistry reg = NodeRegistry.load(null);
        assertThat(reg.find("llm/kv-kivi")).isPresent();
        assertThat(reg.providerOf("llm/transformer-policy").orElseThrow().name()).isEqualTo("llm");
    }

    private static List<Diagnostic> validate(GraphDocument g) {
        return new Validator(NodeRegistry.of(new CoreNodes(), new LlmNodes())).validate(g).diagnostics();
    }

    @Test
    void aKernelWhoseGroupsDoNotDivideTheHeadSizeIsRefusedOnThePolicysKernelPort() throws Exception {
        GraphDocument g = sample("kv-kivi-4bit.json");
        node(g, "kernel").params().put("value_group", 12);
        assertThat(validate(g)).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ERROR);
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("kernel");
            assertThat(d.message()).contains("kivi-4bit").contains("divisible by 12").contains("head size is 16");
        });
        node(g, "kernel").params().put("value_group", 16);
        assertThat(validate(g)).noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    @Test
    void doubleSparsityWithMoreLabelChannelsThanTheHeadHasIsRefused() throws Exception {
        GraphDocument g = sample("kv-double-sparsity.json");
        node(g, "kernel").params().put("channels", 17);
        assertThat(validate(g)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("kernel");
            assertThat(d.message()).contains("at least 17");
        });
    }

    @Test
    void aKernelThatSelectsRowsCannotBeAnotherKernelsInnerStore() throws Exception {
        GraphDocument g = sample("kv-minicache.json");
        node(g, "kivi").setType("llm/kv-heavy-hitter");
        node(g, "kivi").params().removeAll();
        assertThat(validate(g)).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ERROR);
            assertThat(d.node()).isEqualTo("kernel");
            assertThat(d.port()).isEqualTo("inner");
            assertThat(d.message()).contains("heavy-hitter").contains("cannot serve as storage");
        });
    }

    @Test
    void aTaskLongerThanTheContextAndABudgetAtTheContextAreReported() throws Exception {
        GraphDocument g = sample("kv-heavy-hitter.json");
        node(g, "policy").params().put("context_length", 200);
        assertThat(validate(g)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("task");
            // <bos>, 256 characters, <sep>, the 2-letter key, 2 digits, <eos> (value after key: no colon)
            assertThat(d.message()).contains("263 tokens").contains("'context_length' = 200");
        });
        GraphDocument w = sample("kv-heavy-hitter.json");
        node(w, "kernel").params().put("recent", 260).put("heavy", 100); // 360 > the context of 336
        assertThat(validate(w)).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.port()).isEqualTo("kernel");
            assertThat(d.message()).contains("never compresses");
        });
    }

    private static RunResult run(GraphDocument g, Path dir, long envSteps) throws Exception {
        Runner runner = new Runner(NodeRegistry.of(new CoreNodes(), new LlmNodes()));
        return runner.run(runner.prepare(g, new RunOptions(dir, null, Map.of(), Map.of("env_steps", envSteps), 0)),
                RunListener.NONE, null, new AtomicBoolean());
    }

    @Test
    void thePolicyNodesHeadAndInitialScaleReachTheModel() {
        Map<String, Object> task = Map.of("task", new io.rlwb.plugins.llm.task.AdditionTask(
                io.rlwb.plugins.llm.task.AdditionTask.Config.defaults()));
        LanguagePolicy untied = NodeBuild.component(PolicyNodes.policy(), Map.of("context_length", 16, "head",
                "untied", "init_std", 0.1), task, LanguagePolicy.class);
        assertThat(untied.policy().config().tiedHead()).isFalse();
        assertThat(untied.policy().config().initStd()).isEqualTo(0.1);
        assertThat(untied.policy().namedParameters().get("head.weight").value().stdNumber().doubleValue())
                .isBetween(0.09, 0.11);
        LanguagePolicy byDefault = NodeBuild.component(PolicyNodes.policy(), Map.of("context_length", 16), task,
                LanguagePolicy.class);
        assertThat(byDefault.policy().config().tiedHead()).isTrue();
        assertThat(byDefault.policy().namedParameters()).doesNotContainKey("head.weight");
        assertThat(byDefault.policy().namedParameters().get("tok.weight").value().stdNumber().doubleValue())
                .isBetween(0.018, 0.022);
    }

    @Test
    void weightsSavedBySftAreLoadedByALaterGraphAndAMismatchNamesTheParameter(@TempDir Path tmp) throws Exception {
        GraphDocument g = sample("sft-addition.json");
        node(g, "sft").params().put("batch_size", 8).put("eval_prompts", 4);
        RunResult first = run(g, tmp.resolve("first"), 24);
        assertThat(first.status()).as(first.error()).isEqualTo("completed");
        Path saved = tmp.resolve("first").resolve("policy");
        PolicyCheckpoint.Loaded l = PolicyCheckpoint.load(saved);
        assertThat(l.step()).isEqualTo(3);
        // the saved weights are the trained ones, not the initial ones from the seed
        GraphDocument fresh = sample("sft-addition.json");
        var init = new io.rlwb.plugins.llm.policy.TransformerPolicy(l.policy().config(), l.policy().vocabSize());
        assertThat(l.policy().namedParameters().get("tok.weight").value())
                .isNotEqualTo(init.namedParameters().get("tok.weight").value());

        LanguagePolicy reloaded = NodeBuild.component(PolicyNodes.policy(), Map.of("context_length", 16, "weights",
                saved.toString()), Map.of("task", new io.rlwb.plugins.llm.task.AdditionTask(
                io.rlwb.plugins.llm.task.AdditionTask.Config.defaults())), LanguagePolicy.class);
        assertThat(reloaded.policy().namedParameters().get("tok.weight").value())
                .isEqualTo(l.policy().namedParameters().get("tok.weight").value());

        GraphDocument second = sample("sft-addition.json");
        node(second, "policy").params().put("weights", saved.toString());
        node(second, "sft").params().put("batch_size", 8).put("eval_prompts", 4).put("save_weights", false);
        assertThat(validate(second)).noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        RunResult loaded = run(second, tmp.resolve("second"), 8);
        assertThat(loaded.status()).as(loaded.error()).isEqualTo("completed");

        node(second, "policy").params().put("width", 32);
        RunResult mismatch = run(second, tmp.resolve("third"), 8);
        assertThat(mismatch.status()).isEqualTo("failed");
        assertThat(mismatch.error()).contains("policy").contains("'weights'").contains("width 64")
                .contains("width 32");

        node(second, "policy").params().put("width", 64).put("head", "untied");
        RunResult untied = run(second, tmp.resolve("fourth"), 8);
        assertThat(untied.status()).isEqualTo("failed");
        assertThat(untied.error()).contains("'weights'").contains("head tied").contains("head untied");

        node(second, "policy").params().put("head", "tied").put("weights", tmp.resolve("nowhere").toString());
        assertThat(validate(second)).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.message()).contains("'weights'").contains("does not exist");
        });
        assertThat(fresh.nodes()).isNotEmpty();
    }
}
