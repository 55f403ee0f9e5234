package io.rlwb.engine.core;

import io.rlwb.engine.rl.AdvantageBatch;
import io.rlwb.engine.rl.Critic;
import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.SnapshotSpec;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;

/**
 * What the core GAE node publishes beside its output, driven by its {@code telemetry_every} parameter: the credit
 * of a finished episode ({@link CreditPublisher}) and the critic's value at fixed probe states
 * ({@link ProbeValuePublisher}). With {@code telemetry_every = 0} it does nothing.
 */
final class EstimatorTelemetry {
    /** One finished episode's credit assignment. */
    static final SnapshotSpec CREDIT = SnapshotSpec.of(CreditSnapshot.KIND, CreditSnapshot.class,
            "One finished episode's rewards, values, TD errors, advantages and returns");
    /** The critic's value at fixed probe states. */
    static final SnapshotSpec DISTRIBUTION = SnapshotSpec.of(ValueDistributionSnapshot.KIND,
            ValueDistributionSnapshot.class, "The critic's value at fixed probe states (a point mass per state)");
    /** Probe states published (the reset states of the first environments). */
    static final int PROBES = 3;

    private final CreditPublisher credit;
    private final ProbeValuePublisher probes;

    private EstimatorTelemetry(CreditPublisher credit, ProbeValuePublisher probes) {
        this.credit = credit;
        this.probes = probes;
    }

    /** The telemetry of the GAE node being built by {@code ctx} with critic {@code critic}. */
    static EstimatorTelemetry of(BuildContext ctx, Critic critic) {
        int every = ctx.intParam("telemetry_every");
        if (every <= 0) return new EstimatorTelemetry(null, null);
        double gamma = ctx.doubleParam("gamma");
        return new EstimatorTelemetry(new CreditPublisher(ctx.nodeId(), gamma, ctx.doubleParam("lambda"), every),
                critic instanceof io.rlwb.engine.rl.SelfProbingCritic ? null
                        : new ProbeValuePublisher(ctx.nodeId(), critic, gamma, every, PROBES));
    }

    /** Publishes what is due for batch {@code a} and returns it unchanged. */
    AdvantageBatch observe(AdvantageBatch a, RunServices run) {
        if (credit != null) credit.observe(a, run);
        if (probes != null) probes.observe(a, run);
        return a;
    }
}
