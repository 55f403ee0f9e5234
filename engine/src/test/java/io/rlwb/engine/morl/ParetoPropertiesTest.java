package io.rlwb.engine.morl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ParetoPropertiesTest {
    /** Sets of 0-30 points in 2 or 3 objectives, on a coarse grid so that ties and duplicates occur. */
    @Provide
    Arbitrary<List<double[]>> pointSets() {
        return Arbitraries.integers().between(2, 3).flatMap(d ->
                Arbitraries.integers().between(-3, 3).map(Integer::doubleValue).array(double[].class).ofSize(d)
                        .list().ofMinSize(0).ofMaxSize(30));
    }

    @Property(tries = 300, seed = "20261128")
    void noReturnedPointIsDominatedByAnyInputPoint(@ForAll("pointSets") List<double[]> points) {
        for (int i : Pareto.nonDominatedIndices(points)) {
            for (double[] q : points) assertThat(Pareto.dominates(q, points.get(i))).isFalse();
        }
    }

    @Property(tries = 300, seed = "20261128")
    void everyDroppedPointIsDominatedByAReturnedOne(@ForAll("pointSets") List<double[]> points) {
        int[] kept = Pareto.nonDominatedIndices(points);
        List<Integer> keptList = Arrays.stream(kept).boxed().toList();
        for (int i = 0; i < points.size(); i++) {
            if (keptList.contains(i)) continue;
            final double[] p = points.get(i);
            assertThat(keptList.stream().anyMatch(k -> Pareto.dominates(points.get(k), p)))
                    .as("dropped %s", Arrays.toString(p)).isTrue();
        }
    }

    @Property(tries = 200, seed = "20261128")
    void theDistinctFrontHasNoDuplicatesAndTheSameHypervolumeAsAllPoints(@ForAll("pointSets") List<double[]> points) {
        List<double[]> f = Pareto.front(points);
        List<String> seen = new ArrayList<>();
        for (double[] p : f) {
            assertThat(seen).doesNotContain(Arrays.toString(p));
            seen.add(Arrays.toString(p));
        }
        if (!points.isEmpty()) {
            double[] ref = new double[points.get(0).length];
            Arrays.fill(ref, -4);
            assertThat(Hypervolume.of(f, ref)).isEqualTo(Hypervolume.of(points, ref));
        }
    }
}
