package io.rlwb.engine.morl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HypervolumeTest {
    /** The concave Deep Sea Treasure front, undiscounted. */
    static final List<double[]> DST = List.of(new double[] {1, -1}, new double[] {2, -3}, new double[] {3, -5},
            new double[] {5, -7}, new double[] {8, -8}, new double[] {16, -9}, new double[] {24, -13},
            new double[] {50, -14}, new double[] {74, -17}, new double[] {124, -19});

    @Test
    void theConcaveDeepSeaTreasureFrontHasHypervolume1155AgainstZeroMinus25() {
        assertThat(Hypervolume.of(DST, new double[] {0, -25})).isEqualTo(1155.0);
    }

    @Test
    void pointsNotAboveTheReferenceAndDominatedPointsAddNothing() {
        List<double[]> pts = new ArrayList<>(DST);
        pts.add(new double[] {0, -1});    // on the reference's treasure value
        pts.add(new double[] {10, -30});  // below the reference's time
        pts.add(new double[] {4, -8});    // dominated by (5, -7)
        assertThat(Hypervolume.of(pts, new double[] {0, -25})).isEqualTo(1155.0);
    }

    /**
     * Exact volume of the union of boxes [ref, p] by coordinate compression: every cell of the grid spanned by
     * all coordinates is either inside some box or not.
     */
    static double bruteForce(List<double[]> pts, double[] ref) {
        int d = ref.length;
        double[][] axes = new double[d][];
        for (int j = 0; j < d; j++) {
            final int jj = j;
            axes[j] = java.util.stream.Stream.concat(pts.stream().map(p -> Math.max(p[jj], ref[jj])),
                    java.util.stream.Stream.of(ref[jj])).mapToDouble(Double::doubleValue).distinct().sorted().toArray();
        }
        int[] idx = new int[d];
        double total = 0;
        while (true) {
            boolean valid = true;
            for (int j = 0; j < d; j++) valid &= idx[j] + 1 < axes[j].length;
            if (valid) {
                double vol = 1;
                double[] centre = new double[d];
                for (int j = 0; j < d; j++) {
                    vol *= axes[j][idx[j] + 1] - axes[j][idx[j]];
                    centre[j] = (axes[j][idx[j] + 1] + axes[j][idx[j]]) / 2;
                }
                for (double[] p : pts) {
                    boolean in = true;
                    for (int j = 0; j < d; j++) in &= centre[j] < p[j];
                    if (in) {
                        total += vol;
                        break;
                    }
                }
            }
            int j = 0;
            while (j < d && ++idx[j] >= axes[j].length - 1) idx[j++] = 0;
            if (j == d) return total;
        }
    }

    private static List<double[]> random(SplittableRandom rng, int n, int d, boolean grid) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = new double[d];
            for (int j = 0; j < d; j++) p[j] = grid ? rng.nextInt(6) : rng.nextDouble(-1, 5);
            pts.add(p);
        }
        return pts;
    }

    @Test
    void exactTwoDimensionalHypervolumeMatchesBruteForceOnRandomFronts() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            List<double[]> pts = random(rng, 1 + rng.nextInt(15), 2, trial % 2 == 0);
            double[] ref = {0, 0};
            assertThat(Hypervolume.of(pts, ref)).as("trial %d", trial).isCloseTo(bruteForce(pts, ref), within(1e-9));
        }
    }

    @Test
    void slicingHypervolumeMatchesBruteForceInThreeAndFourDimensions() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 150; trial++) {
            int d = trial < 100 ? 3 : 4;
            List<double[]> pts = random(rng, 1 + rng.nextInt(12), d, trial % 3 == 0);
            double[] ref = new double[d];
            Arrays.fill(ref, 0.5);
            assertThat(Hypervolume.of(pts, ref)).as("trial %d", trial).isCloseTo(bruteForce(pts, ref), within(1e-9));
        }
    }

    @Test
    void aSinglePointsHypervolumeIsItsBox() {
        assertThat(Hypervolume.of(List.of(new double[] {2, 3, 4}), new double[] {0, 0, 0})).isEqualTo(24.0);
    }
}
