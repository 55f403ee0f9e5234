package io.rlwb.plugins.llm.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Top-k selection (ND4J's own top_k op returns repeated indices) and the per-head row gather. */
class GathersTest {
    @Test
    void topKPicksKDistinctIndicesOfTheLargestScoresEvenWithTies() {
        Nd4j.getRandom().setSeed(1);
        for (int trial = 0; trial < 120; trial++) {
            int n = 2 + (trial * 7) % 150;
            int k = 1 + (trial * 13) % n;
            INDArray s = Nd4j.rand(DataType.FLOAT, 2, 3, 1, n);
            if (trial % 2 == 0) s = s.muli(4).castTo(DataType.INT).castTo(DataType.FLOAT); // many ties
            INDArray idx = Gathers.topK(s, k);
            assertThat(idx.shape()).containsExactly(2, 3, 1, k);
            for (int b = 0; b < 2; b++) {
                for (int h = 0; h < 3; h++) {
                    double[] row = s.get(NDArrayIndex.point(b), NDArrayIndex.point(h)).reshape(-1).toDoubleVector();
                    double[] sorted = row.clone();
                    Arrays.sort(sorted);
                    long[] got = idx.get(NDArrayIndex.point(b), NDArrayIndex.point(h)).reshape(-1).toLongVector();
                    assertThat(got).as("n %d k %d", n, k).doesNotHaveDuplicates().isSorted();
                    for (long g : got) assertThat(row[(int) g]).isGreaterThanOrEqualTo(sorted[n - k]);
                }
            }
        }
    }

    @Test
    void rowsGatherPerBatchRowAndHead() {
        INDArray backing = Nd4j.arange(0, 2 * 3 * 5 * 2).castTo(DataType.DOUBLE).reshape(2, 3, 5, 2);
        INDArray idx = Nd4j.createFromArray(new long[] {4, 0, 1, 1, 2, 3, 0, 4, 3, 3, 2, 2}).reshape(2, 3, 1, 2);
        INDArray got = Gathers.rows(backing, idx);
        assertThat(got.shape()).containsExactly(2, 3, 2, 2);
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                for (int j = 0; j < 2; j++) {
                    long row = idx.getLong(b, h, 0, j);
                    assertThat(got.getDouble(b, h, j, 1)).isEqualTo(backing.getDouble(b, h, row, 1));
                }
            }
        }
    }
}
