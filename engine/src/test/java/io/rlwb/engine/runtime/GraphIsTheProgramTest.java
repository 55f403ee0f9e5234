package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.TrajectoryBatch;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.testkit.TestRunServices;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing the graph changes the computation: no node ignores its wiring. */
class GraphIsTheProgramTest {
    private final NodeRegistry registry = NodeRegistry.load(null);

    private static GraphDocument sample() throws Exception {
        return new GraphFile().read(Repo.sample("ppo-cartpole.json"));
    }

    private AdvantageBatch firstBatch(GraphDocument doc) {
        ValidationResult v = new Validator(registry).validate(doc);
        assertThat(v.errors()).isEmpty();
        Plan plan = Plan.compile(doc, v, 3, new TestRunServices(3, 150_000));
        plan.nextEpoch();
        return (AdvantageBatch) plan.output("gae", "batch");
    }

    @Test
    void aDifferentGaeLambdaOnTheEstimatorNodeGivesDifferentAdvantages() throws Exception {
        GraphDocument a = sample();
        GraphDocument b = sample();
        b.node("gae").orElseThrow().params().put("lambda", 0.5);
        AdvantageBatch ba = firstBatch(a);
        AdvantageBatch bb = firstBatch(b);
        // Same seed, same trajectories and values: only the estimator's parameter differs.
        assertThat(bb.trajectories().rewards).isEqualTo(ba.trajectories().rewards);
        assertThat(bb.trajectories().obs).isEqualTo(ba.trajectories().obs);
        assertThat(bb.values()).isEqualTo(ba.values());
        // Within an episode A_t - gamma * lambda * A_{t+1} is the TD error d_t, whatever lambda is: so the sample's
        // lambda (0.8) on one batch and the edited node's 0.5 on the other must give the same d_t everywhere.
        // Had the node ignored its parameter, the 0.5 side would be off by gamma * 0.3 * A_{t+1}.
        TrajectoryBatch tb = ba.trajectories();
        int n = tb.numEnvs;
        double gamma = 0.98;
        int checked = 0;
        for (int t = 0; t + 1 < tb.numSteps; t++) {
            for (int e = 0; e < n; e++) {
                int i = t * n + e;
                if (tb.ends[i].done()) continue;
                double deltaA = ba.advantages()[i] - gamma * 0.8 * ba.advantages()[i + n];
                double deltaB = bb.advantages()[i] - gamma * 0.5 * bb.advantages()[i + n];
                assertThat(deltaB).as("TD error of row %d", i).isCloseTo(deltaA, within(1e-4 * (1 + Math.abs(deltaA))));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(bb.advantages()).isNotEqualTo(ba.advantages());
    }

    @Test
    void removingTheCriticWireIsAValidationErrorNotASilentDefault() throws Exception {
        GraphDocument doc = sample();
        doc.edges().removeIf(e -> e.to().equals("gae.critic"));
        ValidationResult v = new Validator(registry).validate(doc);
        assertThat(v.ok()).isFalse();
        assertThat(v.errors()).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("gae");
            assertThat(d.port()).isEqualTo("critic");
            assertThat(d.toString()).isEqualTo("gae.critic: required input 'critic' (critic) is not wired");
        });
    }

    /** The sample plus a second, independent PPO pipeline with its own policy and trainer ("…2" ids). */
    private static GraphDocument twoPipelines(boolean keepFirst) throws Exception {
        GraphDocument doc = sample();
        List<GraphNode> copies = new ArrayList<>();
        for (GraphNode n : doc.nodes()) {
            if (n.id().equals("cartpole") || n.id().equals("eval")) continue;
            GraphNode c = n.deepCopy();
            c.setId(n.id() + "2");
            copies.add(c);
        }
        List<GraphEdge> edges = new ArrayList<>();
        for (GraphEdge e : doc.edges()) {
            if (e.to().startsWith("eval.")) continue;
            String from = e.fromRef().node().equals("cartpole") ? e.from() : e.fromRef().node() + "2." + e.fromRef().port();
            edges.add(new GraphEdge(from, e.toRef().node() + "2." + e.toRef().port()));
        }
        if (!keepFirst) {
            doc.nodes().removeIf(n -> !n.id().equals("cartpole"));
            doc.edges().clear();
        }
        doc.nodes().addAll(copies);
        doc.edges().addAll(edges);
        // A different learning rate for the second pipeline makes it a different program too.
        doc.node("adam2").orElseThrow().params().set("lr", JsonNodeFactory.instance.numberNode(1e-3));
        return doc;
    }

    @Test
    void aSecondPolicyWiredToItsOwnTrainerTrainsIndependently(@TempDir Path tmp) throws Exception {
        Runner runner = new Runner(registry);
        // The env_steps budget is the whole run's and drives learning-rate annealing: two pipelines share it,
        // so the run with both gets twice the budget to give each pipeline the same schedule.
        RunOptions both = new RunOptions(tmp.resolve("both"), 4L, Map.of(), Map.of("iterations", 3L, "env_steps", 300_000L), 0);
        RunOptions alone = new RunOptions(tmp.resolve("alone"), 4L, Map.of(), Map.of("iterations", 3L, "env_steps", 150_000L), 0);
        RunResult r1 = runner.run(runner.prepare(twoPipelines(true), both), RunListener.NONE, null, new AtomicBoolean());
        RunResult r2 = runner.run(runner.prepare(twoPipelines(false), alone), RunListener.NONE, null, new AtomicBoolean());
        assertThat(r1.status()).isEqualTo("completed");
        assertThat(r2.status()).isEqualTo("completed");
        assertThat(r1.envSteps()).isEqualTo(2 * r2.envSteps());

        var withBoth = RunStore.readCheckpoint(tmp.resolve("both/checkpoints/latest.ckpt"));
        var secondAlone = RunStore.readCheckpoint(tmp.resolve("alone/checkpoints/latest.ckpt"));
        // The second pipeline ends in exactly the same place whether or not the first one runs beside it.
        for (var e : secondAlone.get("policy2").entrySet()) {
            assertThat(withBoth.get("policy2").get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        // And the two policies are different objects with different parameters.
        assertThat(withBoth.get("policy").get("l0.W")).isNotEqualTo(withBoth.get("policy2").get("l0.W"));
        // Training moved both away from their initial parameters.
        Plan fresh = Plan.compile(twoPipelines(true), new Validator(registry).validate(twoPipelines(true)), 4,
                new TestRunServices(4, 1));
        var init = fresh.instances().get("policy2").checkpoint();
        assertThat(withBoth.get("policy2").get("l0.W")).isNotEqualTo(init.get("l0.W"));
        var init1 = fresh.instances().get("policy").checkpoint();
        assertThat(withBoth.get("policy").get("l0.W")).isNotEqualTo(init1.get("l0.W"));
    }
}
