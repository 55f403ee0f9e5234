package io.rlwb.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** PPO's minibatches cover every row of the batch, also when the batch is not a multiple of their count. */
class PpoMinibatchTest {
    @Property(tries = 500, seed = "20261203")
    void minibatchesCoverEveryRowWithSizesDifferingByAtMostOne(@ForAll @IntRange(min = 1, max = 5000) int rows,
                                                               @ForAll @IntRange(min = 1, max = 64) int count) {
        assertThat(PpoUpdate.minibatchStart(0, rows, count)).isZero();
        assertThat(PpoUpdate.minibatchStart(count, rows, count)).isEqualTo(rows);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int m = 0; m < count; m++) {
            int size = PpoUpdate.minibatchStart(m + 1, rows, count) - PpoUpdate.minibatchStart(m, rows, count);
            min = Math.min(min, size);
            max = Math.max(max, size);
        }
        assertThat(max - min).isLessThanOrEqualTo(1);
        if (rows % count == 0) assertThat(min).as("a dividing batch: equal minibatches").isEqualTo(rows / count);
    }
}
