package dev.tally.pipeline.fold;

import dev.tally.pipeline.aggregate.AggregateState;
import java.util.function.Supplier;

/**
 * The committed state of one aggregate, which a fold changes in place.
 *
 * @param version    the committed version (0 for a new aggregate)
 * @param state      gives the state at that version; it may throw when a stored state does not fit the
 *                   pipeline's aggregates
 * @param reloadable whether {@code state} gives a fresh copy each time, so a fold can start again without a
 *                   refused change; a state kept in memory between batches is not
 */
public record FoldBase(long version, Supplier<AggregateState> state, boolean reloadable) {

    /** A state read from the store, restored afresh on every call. */
    public static FoldBase stored(long version, Supplier<AggregateState> restore) {
        return new FoldBase(version, restore, true);
    }

    /** The very state committed at {@code version}, kept in memory: a fold changes it, and cannot start again. */
    public static FoldBase cached(long version, AggregateState state) {
        return new FoldBase(version, () -> state, false);
    }
}
