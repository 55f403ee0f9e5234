package io.rlwb.engine.morl;

import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import java.util.List;

/**
 * What the adaptive combiners share: the objectives they are bound to, the weighting state made at
 * {@link #bind} ({@link DynamicWeighting}, {@link LagrangianConstraints}), the checks that it is used bound and with
 * as many objectives, and saving that state for checkpoints.
 *
 * @param <S> the weighting state
 */
abstract class BoundCombiner<S extends Stateful> implements AdaptiveCombiner {
    /** The node (and parameter) to name in messages. */
    protected final String where;
    protected List<String> objectives;
    /** Null until {@link #bind}. */
    protected S state;

    BoundCombiner(String where) {
        this.where = where;
    }

    /** Makes the weighting state for these objectives, naming {@link #where} when the parameters do not fit. */
    protected abstract S make(List<String> objectives);

    /** How messages call this combiner ("dynamic", "Lagrangian"). */
    protected abstract String label();

    @Override
    public final void bind(List<String> names) {
        S made = make(names);
        this.objectives = List.copyOf(names);
        this.state = made;
    }

    /** The state, checked to be bound to {@code k} objectives. */
    protected final S bound(int k) {
        if (state == null) {
            throw new IllegalStateException(where + ": " + label() + " combiner used before bind(objectives)");
        }
        if (k != objectives.size()) {
            throw new IllegalArgumentException(where + ": bound to " + objectives.size() + " objectives "
                    + objectives + ", asked for " + k);
        }
        return state;
    }

    /** Whether it is bound, and then the state of its weights (a trainer binds it while the graph is built). */
    @Override
    public final void saveState(StateWriter out) {
        out.value("bound", state == null ? 0L : 1L);
        if (state != null) state.saveState(out.under("state"));
    }

    @Override
    public final void restoreState(StateReader in) {
        if (in.longValue("bound") == 0) return;
        if (state == null) {
            throw new IllegalStateException(where + ": the checkpoint holds a bound " + label() + " combiner, but no "
                    + "trainer bound this one to its objectives");
        }
        state.restoreState(in.under("state"));
    }
}
