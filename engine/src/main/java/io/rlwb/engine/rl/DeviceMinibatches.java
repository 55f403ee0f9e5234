package io.rlwb.engine.rl;

import io.rlwb.engine.nn.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One PPO batch on the device path (ADR 0038): every row's observation, action, old log-probability, advantage,
 * return and collection-time value in one FLOAT array {@code [rows, obs + act + 4]}, written from Java once per
 * batch ({@link HostArrays#fromFloats}); a minibatch is gathered from it by row index ({@link Gather} along axis
 * 0, the indices one named write) and split into its columns on the device. One array rather than six: a minibatch
 * is one gather, not six. The columns keep the host path's data types: observations, actions, returns and values
 * in the parameters' type, old log-probabilities and advantages FLOAT (as the host path hands them over).
 */
final class DeviceMinibatches {
    /** One minibatch's columns, on the device. */
    record Minibatch(INDArray obs, INDArray actions, INDArray oldLogProb, INDArray advantages, INDArray returns,
                     INDArray oldValues) {}

    private final INDArray rows;
    private final int od;
    private final int ad;
    private final DataType dt;

    private DeviceMinibatches(INDArray rows, int od, int ad, DataType dt) {
        this.rows = rows;
        this.od = od;
        this.ad = ad;
        this.dt = dt;
    }

    /**
     * The batch, written to the device by one named write.
     *
     * @param dt the parameters' data type
     */
    static DeviceMinibatches of(TrajectoryBatch tb, float[] advantages, float[] returns, float[] values, DataType dt) {
        int n = tb.rows();
        int od = tb.spec.obsDim();
        int ad = TrajectoryBatch.actionValues(tb.spec);
        int w = od + ad + 4;
        float[] block = new float[n * w];
        for (int r = 0; r < n; r++) {
            int at = r * w;
            System.arraycopy(tb.obs, r * od, block, at, od);
            System.arraycopy(tb.actions, r * ad, block, at + od, ad);
            block[at + od + ad] = tb.logProb[r];
            block[at + od + ad + 1] = advantages[r];
            block[at + od + ad + 2] = returns[r];
            block[at + od + ad + 3] = values[r];
        }
        return new DeviceMinibatches(HostArrays.fromFloats(block, n, w), od, ad, dt);
    }

    /** The rows {@code picked} (in order), gathered and split into columns on the device. */
    Minibatch gather(int[] picked) {
        INDArray g = Nd4j.exec(new Gather(rows, HostArrays.fromInts(picked), 0))[0];
        int c = od + ad;
        return new Minibatch(column(g, 0, od).castTo(dt), column(g, od, c).castTo(dt), column(g, c, c + 1).reshape(-1),
                column(g, c + 1, c + 2).reshape(-1), column(g, c + 2, c + 3).reshape(-1).castTo(dt),
                column(g, c + 3, c + 4).reshape(-1).castTo(dt));
    }

    private static INDArray column(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }
}
