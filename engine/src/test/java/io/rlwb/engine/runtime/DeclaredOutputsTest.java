package io.rlwb.engine.runtime;

import static io.rlwb.engine.testkit.SampleGraphs.addEdge;
import static io.rlwb.engine.testkit.SampleGraphs.addNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.nn.Parameter;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.testkit.TestRunServices;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The compiler holds every component to what its output port declares, so a capability is not a claim only. */
class DeclaredOutputsTest {
    /** Declares a replicable policy and hands out one that is not. */
    private static final PortSpec<Policy> LIAR_OUT = PortSpec.out("policy",
            PortTypes.POLICY.with(PortTypes.REPLICABLE), "Claims to be replicable");

    private static final class Liar implements NodeProvider {
        @Override public String name() { return "liar"; }

        @Override public String version() { return "0"; }

        @Override public List<NodeType> nodeTypes() {
            return List.of(NodeType.builder("test/policy.liar", 1).category("Policy").displayName("Liar")
                    .output(LIAR_OUT)
                    .factory(ctx -> NodeInstance.ofComponent(LIAR_OUT, new ActsOnly()))
                    .build());
        }
    }

    /** A policy that is never asked to act: the compiler refuses it first. */
    private static final class ActsOnly implements Policy {
        @Override public EnvSpec spec() { return null; }

        @Override public List<Parameter> parameters() { return List.of(); }

        @Override public void act(float[][] obs, boolean greedy, SplittableRandom rng, float[][] a, float[] logp) {
            throw new AssertionError("not reached");
        }

        @Override public Evaluation evaluate(INDArray obs, INDArray actions) {
            throw new AssertionError("not reached");
        }
    }

    @Test
    void aComponentWithoutACapabilityItsPortDeclaresFailsTheBuildNamingItsNode() {
        NodeRegistry reg = NodeRegistry.of(new CoreNodes(), new Liar());
        GraphDocument doc = new GraphDocument("liar");
        addNode(doc, "cartpole", "core/env.cartpole");
        addNode(doc, "liar", "test/policy.liar");
        addNode(doc, "eval", "core/monitor.eval");
        addEdge(doc, "cartpole.env", "eval.env");
        addEdge(doc, "liar.policy", "eval.policy");
        ValidationResult v = new Validator(reg).validate(doc);
        // The graph has no trainer (an error of its own since runs refuse such graphs); nothing is said of its nodes.
        assertThat(v.diagnostics()).as(v.diagnostics().toString())
                .allSatisfy(d -> assertThat(d.node()).isEqualTo("graph"));

        // Compile what the validator found of the nodes, without the graph-level refusal, to reach the factory.
        ValidationResult nodesOk = new ValidationResult(List.of(), v.analysis());
        assertThatThrownBy(() -> Plan.compile(doc, nodesOk, 1, new TestRunServices(1, 100)))
                .isInstanceOf(NodeFailure.class)
                .satisfies(e -> assertThat(((NodeFailure) e).nodeId()).isEqualTo("liar"))
                .hasMessageContaining("declared replicable").hasMessageContaining("does not implement Replicable");
    }
}
