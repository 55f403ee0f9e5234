package io.rlwb.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.rl.CategoricalMlpPolicy;
import io.rlwb.engine.rl.Policy;
import org.junit.jupiter.api.Test;

/** Port types match by name, kind, Java type and capabilities, and say why not. */
class PortTypeTest {
    @Test
    void anOutputFeedsAnInputOfTheSameNameWhenItOffersEveryCapabilityTheInputNeeds() {
        PortType<Policy> acts = PortTypes.POLICY;
        PortType<Policy> trainable = PortTypes.POLICY.with(PortTypes.TRAINABLE, PortTypes.REPLICABLE);
        PortType<Policy> needsTrainable = PortTypes.POLICY.with(PortTypes.TRAINABLE);

        assertThat(trainable.canFeed(needsTrainable)).isTrue();
        assertThat(trainable.canFeed(acts)).isTrue();
        assertThat(acts.canFeed(acts)).isTrue();
        assertThat(acts.mismatch(needsTrainable)).hasValue("gives a policy without 'trainable' (its "
                + "log-probabilities carry gradients to its parameters)");
    }

    @Test
    void differentNamesKindsOrJavaTypesDoNotFeed() {
        assertThat(PortTypes.CRITIC.mismatch(PortTypes.POLICY)).hasValue("gives critic, not policy");
        PortType<Object> dataPolicy = new PortType<>("policy", PortKind.DATA, Object.class, null, "");
        assertThat(dataPolicy.canFeed(PortTypes.POLICY)).isFalse();
        PortType<CategoricalMlpPolicy> narrow = PortType.component("policy", CategoricalMlpPolicy.class, "");
        assertThat(narrow.canFeed(PortTypes.POLICY)).isTrue();
        assertThat(PortTypes.POLICY.mismatch(narrow)).hasValue("gives Policy values, not CategoricalMlpPolicy");
    }

    @Test
    void describeShowsKindJavaTypeAndCapabilities() {
        assertThat(PortTypes.POLICY.with(PortTypes.TRAINABLE).describe())
                .isEqualTo("policy (component, Policy; trainable)");
        assertThat(PortTypes.TRAJECTORIES.describe()).isEqualTo("trajectories (data, TrajectoryBatch)");
    }
}
