package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DivergenceGuardTest {
    private static Mlp net(long seed) {
        return new Mlp(3, new int[] {4}, 2, Activation.TANH, Math.sqrt(2), 1.0, seed, DataType.FLOAT);
    }

    private static DivergenceGuard actorCritic(Mlp actor, Mlp critic) {
        Map<String, List<Parameter>> groups = new LinkedHashMap<>();
        groups.put("actor", actor.parameters());
        groups.put("critic", critic.parameters());
        return DivergenceGuard.of(groups);
    }

    @Test
    void aFiniteLossPassesAndANonFiniteOneIsNamedWithItsValueAndPosition() {
        assertThatCode(() -> DivergenceGuard.check("policy loss", 1e300)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DivergenceGuard.check("policy loss", Double.NaN, "update 3"))
                .isInstanceOf(DivergenceException.class).hasMessage("policy loss is NaN (update 3)");
        assertThatThrownBy(() -> DivergenceGuard.check("value loss", Double.NEGATIVE_INFINITY))
                .isInstanceOf(DivergenceException.class).hasMessage("value loss is -infinity")
                .satisfies(e -> assertThat(((DivergenceException) e).quantity()).isEqualTo("value loss"));
    }

    @Test
    void finiteNetworksPassAndEveryCheckCountsAsAStep() {
        DivergenceGuard g = actorCritic(net(1), net(2));
        g.gradients();
        g.parameters();
        g.parameters();
        assertThat(g.steps()).isEqualTo(2);
    }

    @Test
    void aNanGradientIsNamedByItsGroupAndParameterBeforeTheParameterItPoisons() {
        Mlp actor = net(1);
        Mlp critic = net(2);
        DivergenceGuard g = actorCritic(actor, critic);
        critic.parameters().get(2).grad().putScalar(1, Float.NaN); // critic l1.W
        critic.parameters().get(3).value().putScalar(0, Float.NaN); // and a parameter after it
        assertThatThrownBy(g::gradients).isInstanceOf(DivergenceException.class)
                .hasMessage("gradient of critic.l1.W is NaN (before update 1)");
        assertThatThrownBy(g::parameters).isInstanceOf(DivergenceException.class)
                .hasMessage("gradient of critic.l1.W is NaN (update 1)");
    }

    @Test
    void anInfiniteParameterWithFiniteGradientsIsNamedAsAParameter() {
        Mlp actor = net(1);
        DivergenceGuard g = actorCritic(actor, net(2));
        actor.parameters().get(1).value().putScalar(2, Float.POSITIVE_INFINITY); // actor l0.b
        assertThatCode(g::gradients).doesNotThrowAnyException();
        assertThatThrownBy(g::parameters).isInstanceOf(DivergenceException.class)
                .hasMessage("parameter actor.l0.b is +infinity (update 1)")
                .satisfies(e -> assertThat(((DivergenceException) e).value()).isInfinite());
    }

    @Test
    void looseParametersAndUnlabelledGuardsUseTheBareName() {
        Parameter alpha = new Parameter("log_alpha", Nd4j.create(new double[] {Double.NaN}, new long[] {1, 1},
                DataType.DOUBLE));
        assertThatThrownBy(() -> DivergenceGuard.of(List.of(alpha)).parameters())
                .hasMessage("parameter log_alpha is NaN (update 1)");
    }

    @Test
    void aSumThatOverflowsWhileEveryElementIsFiniteIsNoDivergence() {
        Parameter big = new Parameter("big", Nd4j.valueArrayOf(new long[] {1, 8}, 3e38f, DataType.FLOAT));
        assertThat(big.value().sumNumber().doubleValue()).isInfinite();
        assertThatCode(() -> DivergenceGuard.of("x", List.of(big)).parameters()).doesNotThrowAnyException();
    }

    @Test
    void bothPathsFindEveryKindOfNonFiniteElementAnywhereInABlock() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (UpdatePath path : UpdatePath.values()) {
            for (float v : bad) {
                for (int k = 0; k < 4; k++) {
                    Mlp actor = net(1);
                    Map<String, List<Parameter>> groups = Map.of("actor", actor.parameters());
                    DivergenceGuard g = DivergenceGuard.of(groups, path);
                    assertThatCode(g::parameters).as(path.name()).doesNotThrowAnyException();
                    Parameter p = actor.parameters().get(k);
                    p.value().putScalar(p.size() - 1, v); // the last element of each parameter
                    assertThatThrownBy(g::parameters).as(path + " " + v + " in " + p.name())
                            .hasMessageStartingWith("parameter actor." + p.name() + " is ");
                }
            }
            // Largest finite floats and subnormals are finite.
            Mlp edge = net(3);
            edge.parameters().get(0).value().putScalar(0, Float.MAX_VALUE);
            edge.parameters().get(0).value().putScalar(1, -Float.MAX_VALUE);
            edge.parameters().get(1).value().putScalar(0, Float.MIN_VALUE);
            assertThatCode(() -> DivergenceGuard.of(Map.of("x", edge.parameters()), path).parameters())
                    .as(path.name()).doesNotThrowAnyException();
        }
    }

    @Test
    void aParameterSharedByTwoGroupsIsCheckedOnceUnderTheFirstLabel() {
        Mlp shared = net(1);
        Map<String, List<Parameter>> groups = new LinkedHashMap<>();
        groups.put("policy", shared.parameters());
        groups.put("critic", shared.parameters());
        shared.parameters().get(0).grad().putScalar(0, Float.NaN);
        assertThatThrownBy(() -> DivergenceGuard.of(groups).gradients()).hasMessageStartingWith("gradient of policy.l0.W");
    }
}
