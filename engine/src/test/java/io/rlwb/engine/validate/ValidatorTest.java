package io.rlwb.engine.validate;

import static io.rlwb.engine.testkit.SampleGraphs.addEdge;
import static io.rlwb.engine.testkit.SampleGraphs.addNode;
import static io.rlwb.engine.testkit.SampleGraphs.node;
import static io.rlwb.engine.testkit.SampleGraphs.removeEdge;
import static io.rlwb.engine.testkit.SampleGraphs.rewire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.SampleGraphs;
import io.rlwb.engine.testkit.TestNodes;
import org.junit.jupiter.api.Test;

/**
 * What the validator reports before anything runs. Every case starts from the sample graph, breaks one thing,
 * and checks that the diagnostic names the node (and port or parameter) and says what is wrong.
 */
class ValidatorTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new TestNodes());

    private static ValidationResult validate(GraphDocument doc) {
        return new Validator(REGISTRY).validate(doc);
    }

    private static GraphDocument sample() {
        return SampleGraphs.ppoCartPole();
    }

    @Test
    void theUnmodifiedSampleValidatesWithoutAnyDiagnostic() {
        ValidationResult r = validate(sample());

        assertThat(r.ok()).isTrue();
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.types()).hasSize(10);
        assertThat(r.order()).containsExactlyInAnyOrder("cartpole", "envs", "policy", "critic", "collector", "gae",
                "loss", "adam", "trainer", "eval");
        assertThat(r.order().indexOf("cartpole")).isLessThan(r.order().indexOf("envs"));
        assertThat(r.order().indexOf("envs")).isLessThan(r.order().indexOf("collector"));
        assertThat(r.order().indexOf("collector")).isLessThan(r.order().indexOf("gae"));
        assertThat(r.order().indexOf("gae")).isLessThan(r.order().indexOf("trainer"));
        assertThat(r.shapes().get("cartpole.env")).isInstanceOfSatisfying(EnvSpec.class,
                s -> assertThat(s.obsDim()).isEqualTo(4));
        assertThat(r.shapes()).containsKeys("policy.policy", "critic.critic", "collector.batch", "gae.batch", "loss.loss");
    }

    @Test
    void theSampleAlsoValidatesWithTheRegistryFoundByServiceLoader() {
        ValidationResult r = new Validator(NodeRegistry.load(null)).validate(sample());
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aParetoMonitorOnAnEnvironmentWithoutACustomaryReferencePointMustBeGivenOne() {
        GraphDocument doc = sample();
        addNode(doc, "pareto", "core/monitor.pareto");
        addEdge(doc, "cartpole.env", "pareto.env");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("pareto");
            assertThat(d.message()).contains("parameter 'reference'").contains("CartPole-v1")
                    .contains("no customary hypervolume reference point");
        });
        node(doc, "pareto").params().put("reference", "0");
        assertThat(validate(doc).errors()).isEmpty();
    }

    @Test
    void anUnknownNodeTypeIsReportedOnTheNodeWithTheTypeItNames() {
        GraphDocument doc = sample();
        addNode(doc, "gizmo", "acme/thing").params().put("depth", 3);

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("gizmo");
            assertThat(d.port()).isNull();
            assertThat(d.message()).contains("unknown node type 'acme/thing'").contains("plugin");
        });
    }

    @Test
    void aMisspelledTypeIsReportedOnceAndItsWiresAreNotReportedAsMissing() {
        GraphDocument doc = sample();
        node(doc, "policy").setType("core/policy.mpl");

        ValidationResult r = validate(doc);

        // The policy's three wires are there; only its type is wrong. Reporting collector.policy, loss.policy
        // and eval.policy as "not wired" would send the user looking for a problem that does not exist.
        assertThat(r.errors()).extracting(Diagnostic::node, Diagnostic::port)
                .containsExactly(tuple("policy", null));
        assertThat(r.errors().get(0).message()).contains("unknown node type 'core/policy.mpl'");
    }

    @Test
    void aWireFromAnUnknownTypeToAMissingInputPortOfAKnownNodeIsStillReported() {
        GraphDocument doc = sample();
        addNode(doc, "gizmo", "acme/thing");
        addEdge(doc, "gizmo.out", "trainer.nonsense");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).extracting(Diagnostic::node, Diagnostic::port)
                .containsExactlyInAnyOrder(tuple("gizmo", null), tuple("trainer", "nonsense"));
    }

    @Test
    void aDuplicateNodeIdIsReportedOnThatId() {
        GraphDocument doc = sample();
        addNode(doc, "adam", "core/optim.adam");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("adam");
            assertThat(d.message()).contains("duplicate node id 'adam'");
        });
    }

    @Test
    void aWireToAMissingNodeIsReportedAtItsOtherEndNamingTheMissingNode() {
        GraphDocument doc = sample();
        addEdge(doc, "policy.policy", "ghost.policy");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("policy");
            assertThat(d.message()).contains("'ghost.policy'").contains("no node 'ghost'");
        });
    }

    @Test
    void aWireFromAMissingNodeIsReportedOnTheInputItFeeds() {
        GraphDocument doc = sample();
        rewire(doc, "gae.critic", "kritik.critic");

        ValidationResult r = validate(doc);

        // One problem, one message: the wire is there, it comes from nowhere; it is not "not wired".
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("gae");
            assertThat(d.port()).isEqualTo("critic");
            assertThat(d.message()).contains("'kritik.critic'").contains("no node 'kritik'");
        });
    }

    @Test
    void aWireFromAMissingOutputPortIsReportedOnThatPortListingTheRealOutputs() {
        GraphDocument doc = sample();
        addEdge(doc, "cartpole.spec", "critic.env");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("cartpole");
            assertThat(d.port()).isEqualTo("spec");
            assertThat(d.message()).contains("core/env.cartpole has no output port 'spec'").contains("outputs: env");
        });
    }

    @Test
    void aWireToAMissingInputPortIsReportedOnThatPortListingTheRealInputs() {
        GraphDocument doc = sample();
        addEdge(doc, "critic.critic", "trainer.critic");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("trainer");
            assertThat(d.port()).isEqualTo("critic");
            assertThat(d.message()).contains("has no input port 'critic'").contains("inputs: batch, loss, optimizer");
        });
    }

    @Test
    void aWireWithoutAPortIsReportedAsNotOfTheFormNodeDotPort() {
        GraphDocument doc = sample();
        addEdge(doc, "policy", "eval.policy");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("eval");
            assertThat(d.message()).contains("'policy' is not of the form node.port");
        });
    }

    @Test
    void aCriticWiredIntoThePolicyInputOfTheCollectorIsAPortTypeMismatch() {
        GraphDocument doc = sample();
        rewire(doc, "collector.policy", "critic.critic");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("collector");
            assertThat(d.port()).isEqualTo("policy");
            assertThat(d.message()).isEqualTo("expects policy but is wired from critic.critic, which gives critic");
        });
    }

    @Test
    void aBox3EnvironmentIntoTheCollectorWhileThePolicyIsBuiltOnCartPoleIsAShapeMismatch() {
        GraphDocument doc = sample();
        addNode(doc, "box", TestNodes.BOX3);
        rewire(doc, "envs.env", "box.env");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).anySatisfy(d -> {
            assertThat(d.node()).isEqualTo("collector");
            assertThat(d.port()).isEqualTo("policy");
            assertThat(d.message()).contains("shape mismatch")
                    .contains("CartPole-v1 (obs 4, Discrete(2))")
                    .contains("Box3 (obs 3, Box(1");
        });
        assertThat(r.errors()).extracting(Diagnostic::node).doesNotContain("policy", "critic", "cartpole", "box");
    }

    @Test
    void aCategoricalPolicyOnABoxActionSpaceIsReportedOnThePolicysEnvInput() {
        GraphDocument doc = sample();
        addNode(doc, "box", TestNodes.BOX3);
        rewire(doc, "policy.env", "box.env");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("env");
            assertThat(d.message()).contains("discrete action space").contains("Box(1");
        });
    }

    @Test
    void aRequiredInputLeftUnwiredIsReportedOnThatInputWithItsType() {
        GraphDocument doc = removeEdge(sample(), "critic.critic", "gae.critic");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("gae");
            assertThat(d.port()).isEqualTo("critic");
            assertThat(d).hasToString("gae.critic: required input 'critic' (critic) is not wired");
        });
    }

    @Test
    void twoWiresIntoOneInputAreReportedOnThatInputNamingBothSources() {
        GraphDocument doc = sample();
        addNode(doc, "cartpole2", "core/env.cartpole");
        addEdge(doc, "cartpole2.env", "policy.env");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("env");
            assertThat(d.message()).contains("2 wires").contains("cartpole.env").contains("cartpole2.env")
                    .contains("takes one");
        });
    }

    @Test
    void aCycleOfWiresIsReportedOnEveryNodeOnIt() {
        GraphDocument doc = sample();
        addNode(doc, "r1", TestNodes.RELAY);
        addNode(doc, "r2", TestNodes.RELAY);
        addEdge(doc, "r1.out", "r2.in");
        addEdge(doc, "r2.out", "r1.in");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).extracting(Diagnostic::node).containsExactlyInAnyOrder("r1", "r2");
        assertThat(r.errors()).allSatisfy(d -> assertThat(d.message()).contains("cycle").contains("r1, r2"));
        assertThat(r.order()).doesNotContain("r1", "r2").contains("trainer");
    }

    @Test
    void theCycleMessageNamesOnlyTheNodesOnThatCycle() {
        GraphDocument doc = sample();
        for (String id : new String[] {"r1", "r2", "after", "s1", "s2"}) addNode(doc, id, TestNodes.RELAY);
        addEdge(doc, "r1.out", "r2.in");
        addEdge(doc, "r2.out", "r1.in");
        addEdge(doc, "r2.out", "after.in"); // downstream of the cycle, not on it
        addEdge(doc, "s1.out", "s2.in");
        addEdge(doc, "s2.out", "s1.in");

        ValidationResult r = validate(doc);

        assertThat(r.errors()).extracting(Diagnostic::node).containsExactlyInAnyOrder("r1", "r2", "s1", "s2");
        assertThat(r.errors()).filteredOn(d -> d.node().startsWith("r")).allSatisfy(d ->
                assertThat(d.message()).contains("(r1, r2)").doesNotContain("after").doesNotContain("s1"));
        assertThat(r.errors()).filteredOn(d -> d.node().startsWith("s")).allSatisfy(d ->
                assertThat(d.message()).contains("(s1, s2)"));
    }

    @Test
    void aRelayInTheDataPathIsNoCycleAndCarriesTheShapeOn() {
        GraphDocument doc = sample();
        addNode(doc, "relay", TestNodes.RELAY);
        rewire(doc, "gae.batch", "relay.out");
        addEdge(doc, "collector.batch", "relay.in");

        ValidationResult r = validate(doc);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.shapes().get("relay.out")).isEqualTo(r.shapes().get("collector.batch"));
    }

    @Test
    void aParameterOutOfRangeIsReportedOnTheNodeAndParameterWithTheRange() {
        GraphDocument doc = sample();
        node(doc, "gae").params().put("lambda", 1.5);

        ValidationResult r = validate(doc);

        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("gae");
            assertThat(d.port()).isEqualTo("lambda");
            assertThat(d.message()).contains("'lambda'").contains("1.5").contains("out of range [0, 1]");
        });
    }

    @Test
    void anIntegerParameterBelowItsMinimumIsOutOfRange() {
        GraphDocument doc = sample();
        node(doc, "envs").params().put("num_envs", 0);

        assertThat(validate(doc).errors()).singleElement().satisfies(d -> {
            assertThat(d).hasToString("envs.num_envs: parameter 'num_envs' = 0 is out of range [1, 4096]");
        });
    }

    @Test
    void aParameterOfTheWrongTypeIsReportedOnTheNodeAndParameter() {
        GraphDocument doc = sample();
        node(doc, "collector").params().put("num_steps", "many");
        node(doc, "loss").params().put("clip_vloss", "yes");
        node(doc, "policy").params().put("activation", "gelu");
        node(doc, "critic").params().putArray("hidden").add(64).add(1.5);

        ValidationResult r = validate(doc);

        assertThat(r.errors()).extracting(Diagnostic::node, Diagnostic::port).containsExactlyInAnyOrder(
                tuple("collector", "num_steps"), tuple("loss", "clip_vloss"), tuple("policy", "activation"),
                tuple("critic", "hidden"));
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.message()).contains("\"many\"").contains("not an integer"));
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.message()).contains("not true or false"));
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.message()).contains("\"gelu\"").contains("tanh"));
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.message()).contains("1.5").contains("not an integer"));
    }

    @Test
    void aNullParameterIsAnErrorNotASilentDefault() {
        GraphDocument doc = sample();
        node(doc, "adam").params().putNull("lr");

        assertThat(validate(doc).errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("adam");
            assertThat(d.port()).isEqualTo("lr");
            assertThat(d.message()).contains("null");
        });
    }

    @Test
    void anUnknownParameterIsAWarningNotAnError() {
        GraphDocument doc = sample();
        node(doc, "policy").params().put("dropout", 0.1);

        ValidationResult r = validate(doc);

        assertThat(r.ok()).isTrue();
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.node()).isEqualTo("policy");
            assertThat(d.port()).isEqualTo("dropout");
            assertThat(d.message()).contains("unknown parameter 'dropout'").contains("hidden, activation");
            assertThat(d.toString()).startsWith("policy.dropout: warning: ");
        });
    }

    @Test
    void aNodeTypeVersionNewerThanTheInstalledOneIsAnError() {
        GraphDocument doc = sample();
        node(doc, "gae").setTypeVersion(9);

        assertThat(validate(doc).errors()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("gae");
            assertThat(d.message()).contains("version 9").contains("installed version 1");
        });
    }

    @Test
    void aGraphWithoutATrainerIsAnErrorAsTheRunWouldRefuseIt() {
        GraphDocument doc = sample();
        doc.nodes().removeIf(n -> n.id().equals("trainer"));
        doc.edges().removeIf(e -> e.to().startsWith("trainer."));

        ValidationResult r = validate(doc);

        assertThat(r.ok()).isFalse();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.node()).isEqualTo("graph");
            assertThat(d.message()).contains("no trainer");
        });
    }

    @Test
    void aGraphWithoutNodesIsAnError() {
        ValidationResult r = validate(new GraphDocument("empty"));
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("no nodes"));
    }

    @Test
    void aNodeFoundByAnAliasValidatesAsTheTypeItNames() {
        GraphDocument doc = sample();
        addNode(doc, "relay", TestNodes.RELAY_ALIAS);
        rewire(doc, "gae.batch", "relay.out");
        addEdge(doc, "collector.batch", "relay.in");

        ValidationResult r = validate(doc);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.types().get("relay").id()).isEqualTo(TestNodes.RELAY);
    }

    @Test
    void threeIndependentProblemsAreAllReportedAtOnce() {
        GraphDocument doc = removeEdge(sample(), "critic.critic", "gae.critic");
        node(doc, "gae").params().put("lambda", 1.5);
        addNode(doc, "gizmo", "acme/thing");

        ValidationResult r = validate(doc);

        assertThat(r.diagnostics()).hasSize(3);
        assertThat(r.errors()).extracting(Diagnostic::node, Diagnostic::port).containsExactlyInAnyOrder(
                tuple("gae", "critic"), tuple("gae", "lambda"), tuple("gizmo", null));
    }

    @Test
    void shapeProblemsInSeveralPlacesAreAllReported() {
        GraphDocument doc = sample();
        addNode(doc, "box", TestNodes.BOX3);
        rewire(doc, "envs.env", "box.env");
        rewire(doc, "eval.env", "box.env");

        ValidationResult r = validate(doc);

        // The collector sees Box3 trajectories but a CartPole policy; the GAE's critic and the trainer's loss
        // are CartPole-shaped too; the evaluator runs a CartPole policy on Box3.
        assertThat(r.errors()).extracting(Diagnostic::node, Diagnostic::port).contains(
                tuple("collector", "policy"), tuple("gae", "critic"), tuple("trainer", "loss"), tuple("eval", "policy"));
    }
}
