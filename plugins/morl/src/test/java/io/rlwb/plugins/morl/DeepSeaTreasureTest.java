package io.rlwb.plugins.morl;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.env.StepEnd;
import io.rlwb.engine.morl.Hypervolume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deep Sea Treasure against reference/deep-sea-treasure.md (in the test resources: MO-Gymnasium's rules). */
class DeepSeaTreasureTest {
    /** The 11 x 11 map printed in the reference file after the line starting with {@code header}. */
    static double[][] referenceMap(String header) throws IOException {
        List<String> lines;
        try (InputStream in = DeepSeaTreasureTest.class.getResourceAsStream("/reference/deep-sea-treasure.md")) {
            assertThat(in).as("reference/deep-sea-treasure.md in the test resources").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        int at = 0;
        while (!lines.get(at).startsWith(header)) at++;
        while (!lines.get(at).startsWith("row 0:")) at++;
        double[][] map = new double[11][];
        for (int r = 0; r < 11; r++) {
            String cells = lines.get(at + r).substring(lines.get(at + r).indexOf(':') + 1).trim();
            map[r] = java.util.Arrays.stream(cells.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            assertThat(map[r]).hasSize(11);
        }
        return map;
    }

    @Test
    void theConcaveMapMatchesTheReferenceCellByCell() throws IOException {
        double[][] ref = referenceMap("Concave map");
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 100);
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 11; c++) assertThat(env.cell(r, c)).as("cell (%d, %d)", r, c).isEqualTo(ref[r][c]);
        }
    }

    @Test
    void theConvexMapIsTheSameLayoutWithTheReferenceTreasures() throws IOException {
        double[][] concave = referenceMap("Concave map");
        double[] convex = {0.7, 8.2, 11.5, 14.0, 15.1, 16.1, 19.6, 20.3, 22.4, 23.7};
        double[] classic = {1, 2, 3, 5, 8, 16, 24, 50, 74, 124};
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONVEX, 100);
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 11; c++) {
                double want = concave[r][c];
                for (int i = 0; i < 10; i++) if (want == classic[i]) want = convex[i];
                assertThat(env.cell(r, c)).as("cell (%d, %d)", r, c).isEqualTo(want);
            }
        }
    }

    /** Drives the submarine down column 0 then right along the sea floor to each treasure; returns (treasure, time). */
    private static double[] walkTo(DeepSeaTreasure env, int targetRow, int targetCol) {
        float[] obs = new float[2];
        float[] r = new float[2];
        env.reset(1, obs);
        double treasure = 0, time = 0;
        // go right along row 0 to the target column, then straight down: the sea above each treasure is open
        StepEnd end = StepEnd.NONE;
        for (int c = 0; c < targetCol && !end.done(); c++) {
            end = env.step(new float[] {3}, obs, r);
            treasure += r[0];
            time += r[1];
        }
        while (!end.done()) {
            end = env.step(new float[] {1}, obs, r);
            treasure += r[0];
            time += r[1];
        }
        assertThat(end).isEqualTo(StepEnd.TERMINATED);
        assertThat(env.row()).isEqualTo(targetRow);
        assertThat(env.col()).isEqualTo(targetCol);
        return new double[] {treasure, time};
    }

    @Test
    void shortestPathsReachEveryTreasureAtTheReferenceFrontPoints() {
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 100);
        List<double[]> found = new ArrayList<>();
        for (int[] cell : DeepSeaTreasure.TREASURE_CELLS) found.add(walkTo(env, cell[0], cell[1]));
        assertThat(found).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(DeepSeaTreasure.trueFront(DeepSeaTreasure.MapKind.CONCAVE, 1.0));
        assertThat(Hypervolume.of(found, new double[] {0, -25})).isEqualTo(1155.0);
        assertThat(Hypervolume.of(DeepSeaTreasure.trueFront(DeepSeaTreasure.MapKind.CONVEX, 1.0), new double[] {0, -25}))
                .isCloseTo(401.8, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void rockAndTheGridEdgeLeaveTheSubmarineInPlaceAndStillCostAStep() {
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 100);
        float[] obs = new float[2];
        float[] r = new float[2];
        env.reset(0, obs);
        assertThat(env.step(new float[] {0}, obs, r)).isEqualTo(StepEnd.NONE); // up, off the grid
        assertThat(r).containsExactly(0f, -1f);
        env.step(new float[] {3}, obs, r); // (0, 1)
        env.step(new float[] {1}, obs, r); // (1, 1)
        env.step(new float[] {2}, obs, r); // left onto treasure 1 at (1, 0)
        assertThat(r).containsExactly(1f, -1f);
        env.reset(0, obs);
        for (int i = 0; i < 6; i++) env.step(new float[] {3}, obs, r); // (0, 6)
        for (int i = 0; i < 5; i++) env.step(new float[] {1}, obs, r); // (5, 6)
        assertThat(env.step(new float[] {2}, obs, r)).isEqualTo(StepEnd.NONE); // left into rock at (5, 5)
        assertThat(env.col()).isEqualTo(6);
        assertThat(r).containsExactly(0f, -1f);
        env.reset(0, obs);
        for (int i = 0; i < 10; i++) env.step(new float[] {3}, obs, r); // (0, 10)
        for (int i = 0; i < 10; i++) env.step(new float[] {1}, obs, r); // (10, 10)
        assertThat(env.step(new float[] {1}, obs, r)).isEqualTo(StepEnd.NONE); // bottom edge
        assertThat(env.row()).isEqualTo(10);
        assertThat(obs).containsExactly(1.0f, 1.0f);
    }

    @Test
    void episodesAreTruncatedAtTheStepLimitNotTerminated() {
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 100);
        float[] obs = new float[2];
        float[] r = new float[2];
        env.reset(0, obs);
        for (int t = 1; t < 100; t++) assertThat(env.step(new float[] {0}, obs, r)).isEqualTo(StepEnd.NONE);
        assertThat(env.step(new float[] {0}, obs, r)).isEqualTo(StepEnd.TRUNCATED);
    }

    @Test
    void theDiscountedFrontFollowsTheReferenceFormula() {
        List<double[]> f = DeepSeaTreasure.trueFront(DeepSeaTreasure.MapKind.CONCAVE, 0.9);
        // treasure 124 in 19 steps: (124 * 0.9^18, -(1 - 0.9^19) / (1 - 0.9))
        assertThat(f.get(9)[0]).isCloseTo(124 * Math.pow(0.9, 18), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(f.get(9)[1]).isCloseTo(-(1 - Math.pow(0.9, 19)) / 0.1, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anActionOutsideZeroToThreeIsRefused() {
        DeepSeaTreasure env = new DeepSeaTreasure(DeepSeaTreasure.MapKind.CONCAVE, 100);
        float[] obs = new float[2];
        env.reset(0, obs);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.step(new float[] {4}, obs, new float[2]))
                .hasMessageContaining("0-3");
    }
}
