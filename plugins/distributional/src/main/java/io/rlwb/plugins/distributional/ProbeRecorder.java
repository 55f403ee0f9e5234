package io.rlwb.plugins.distributional;

import io.rlwb.engine.nn.HostArrays;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Publishes a critic's predicted distribution at fixed probe states as {@link ValueDistributionSnapshot}
 * telemetry. The probe states are the first {@code count} observations of the first batch the critic is
 * fitted on (so they are states the agent really visits), kept for the whole run; a snapshot goes out on the
 * first fit and every {@code every} fits after it.
 */
public final class ProbeRecorder {
    /** What the critics of this plugin publish through a recorder. */
    public static final SnapshotSpec SNAPSHOT = SnapshotSpec.of(ValueDistributionSnapshot.KIND,
            ValueDistributionSnapshot.class, "The critic's predicted return distribution at fixed probe states");

    private final RunServices run;
    private final String criticId;
    private final int count;
    private final int every;
    private double[][] states;
    private long fits;

    /**
     * The recorder of the critic node being built, as its {@code probes} and {@code snapshot_every} parameters
     * ({@link Nodes#probes()}, {@link Nodes#snapshotEvery()}) say.
     */
    static ProbeRecorder of(BuildContext ctx) {
        return new ProbeRecorder(ctx.run(), ctx.nodeId(), ctx.intParam("probes"), ctx.intParam("snapshot_every"));
    }

    /**
     * @param run where snapshots go
     * @param criticId node id of the critic, written into each record
     * @param count probe states to keep (0 turns snapshots off)
     * @param every fits between snapshots
     */
    public ProbeRecorder(RunServices run, String criticId, int count, int every) {
        this.run = run;
        this.criticId = criticId;
        this.count = count;
        this.every = Math.max(1, every);
    }

    /** Called with each fitted batch; captures probes once and publishes when due. */
    void observe(INDArray obs, Function<double[][], List<ValueDistributionSnapshot.Probe>> describe) {
        if (count == 0 || run == null) return;
        if (states == null) {
            int n = (int) Math.min(count, obs.rows());
            int od = (int) obs.columns();
            double[] flat = HostArrays.toDoubles(obs);
            states = new double[n][od];
            for (int i = 0; i < n; i++) System.arraycopy(flat, i * od, states[i], 0, od);
        }
        if (fits++ % every == 0) {
            run.telemetry(ValueDistributionSnapshot.KIND, new ValueDistributionSnapshot(criticId, describe.apply(states)));
        }
    }

    /** The probe states (null before the first fit). */
    double[][] states() {
        return states;
    }
}
