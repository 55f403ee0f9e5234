package io.rlwb.plugins.distributional;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphEdge;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphNode;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.Repo;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the port types of this plugin let through: a policy that acts is not a policy that PPO can train. */
class TypedPortsTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new DistributionalPlugin());

    private static GraphDocument graph(String name) throws Exception {
        return new GraphFile().read(Path.of(TypedPortsTest.class.getResource("/graphs/" + name).toURI()));
    }

    @Test
    void ppoFedByTheEpsilonGreedyPolicyOfAC51CriticIsRefusedAtTheLossWithTheReason() throws Exception {
        ValidationResult r = new Validator(REGISTRY).validate(graph("ppo-on-epsilon-greedy.json"));

        assertThat(r.ok()).isFalse();
        // The collector and the evaluator may act with it; only the loss, which differentiates it, refuses it.
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("loss");
            assertThat(d.port()).isEqualTo("policy");
            assertThat(d.message()).contains("policy.policy").contains("without 'trainable'")
                    .contains("log-probabilities carry gradients");
        });
    }

    @Test
    void theSameGraphWithATrainablePolicyOnTheLossValidates() throws Exception {
        GraphDocument g = graph("ppo-on-epsilon-greedy.json");
        g.nodes().add(new GraphNode("mlp", "core/policy.mlp", 1));
        g.edges().removeIf(e -> e.to().equals("loss.policy"));
        g.edges().add(new GraphEdge("cartpole.env", "mlp.env"));
        g.edges().add(new GraphEdge("mlp.policy", "loss.policy"));

        ValidationResult r = new Validator(REGISTRY).validate(g);

        assertThat(r.errors()).extracting(Diagnostic::toString).isEmpty();
    }

    @Test
    void theSoftTrainersRefuseAPolicyThatIsNotTanhGaussian() throws Exception {
        GraphDocument g = new GraphFile().read(Repo.sample("sac-pendulum.json"));
        g.nodes().add(new GraphNode("cartpole", "core/env.cartpole", 1));
        g.nodes().add(new GraphNode("q", "distributional/critic.c51", 1));
        g.nodes().add(new GraphNode("greedy", "distributional/policy.epsilon_greedy", 1));
        g.edges().add(new GraphEdge("cartpole.env", "q.env"));
        g.edges().add(new GraphEdge("q.critic", "greedy.critic"));
        g.edges().removeIf(e -> e.to().equals("trainer.policy"));
        g.edges().add(new GraphEdge("greedy.policy", "trainer.policy"));

        ValidationResult r = new Validator(REGISTRY).validate(g);

        assertThat(r.errors()).filteredOn(d -> "trainer".equals(d.node()) && "policy".equals(d.port()))
                .singleElement().satisfies(d -> assertThat(d.message()).contains("greedy.policy")
                        .contains("without 'tanh-gaussian'"));
    }
}
