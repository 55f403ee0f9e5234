package io.rlwb.plugins.llm.text;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Token sequences of different lengths right-padded into one {@code [B, T]} batch.
 *
 * @param ids {@code [B, T]} INT, {@link CharTokenizer#PAD} after each row's end
 * @param attentionMask {@code [B, T]} in the requested floating-point type: 1 on real tokens, 0 on padding
 * @param lengths real tokens per row
 */
public record TokenBatch(INDArray ids, INDArray attentionMask, int[] lengths) {
    /** Right-pads {@code rows} to the longest one. */
    public static TokenBatch pad(List<int[]> rows, DataType dtype) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot pad an empty list of sequences");
        }
        int t = 1;
        for (int[] r : rows) t = Math.max(t, r.length);
        int[][] ids = new int[rows.size()][t];
        float[][] mask = new float[rows.size()][t];
        int[] lengths = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            int[] r = rows.get(i);
            System.arraycopy(r, 0, ids[i], 0, r.length);
            for (int k = 0; k < r.length; k++) mask[i][k] = 1;
            lengths[i] = r.length;
        }
        return new TokenBatch(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask).castTo(dtype), lengths);
    }
}
