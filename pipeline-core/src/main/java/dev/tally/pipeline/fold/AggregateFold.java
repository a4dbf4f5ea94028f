package dev.tally.pipeline.fold;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.RowRef;
import dev.tally.pipeline.aggregate.ValueCount;
import dev.tally.pipeline.event.ChangeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "A change becomes an aggregate version": applies the change events of one aggregate, in order, to its
 * committed state. Each applied event moves the version by one. An event the accumulators refuse (it
 * retracts what was never added: the input is corrupt or out of step) is refused with the reason, and the
 * state is rebuilt without it, so the other events still apply.
 */
public final class AggregateFold {

    private final List<AggregateDefinition> definitions;
    private final ResultDelta delta;

    public AggregateFold(List<AggregateDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
        this.delta = new ResultDelta(this.definitions);
    }

    /** The committed state of an aggregate that has none yet: version 0, no rows. */
    public FoldBase newAggregate() {
        return FoldBase.stored(0, () -> AggregateState.empty(definitions));
    }

    /** The state stored at {@code version}, restored from its persisted form. */
    public FoldBase stored(long version, JsonNode state) {
        return stored(version, state, List.of());
    }

    /** The state stored at {@code version}, restored from its document and the values of its mins and maxes. */
    public FoldBase stored(long version, JsonNode state, Collection<ValueCount> values) {
        return FoldBase.stored(version, () -> AggregateState.restore(definitions, state, values));
    }

    /**
     * Folds the events of one aggregate ({@code items}, in record order) into {@code base}, whose state it
     * changes in place.
     *
     * @param event how an item holds its change event
     * @throws RefusedOnCachedState when an event is refused and {@code base} cannot be reloaded: the caller
     *                              must start again from the stored state
     */
    public <T> Folded<T> fold(String aggregateId, FoldBase base, List<T> items, Function<T, ChangeEvent> event) {
        AggregateState state;
        Map<String, Object> previous;
        try {
            state = base.state().get();
            previous = state.results();
        } catch (RuntimeException e) {
            return Folded.unfit(aggregateId, base.version(), items, e);
        }
        Map<String, Object> current = previous;
        List<T> applied = new ArrayList<>(items.size());
        List<Refusal<T>> refused = new ArrayList<>();
        for (T item : items) {
            ChangeEvent change = event.apply(item);
            try {
                apply(state, change);
                // Results are taken here too: a sum that no longer fits its type is this event's fault.
                current = state.results();
                applied.add(item);
            } catch (RuntimeException e) {
                if (!base.reloadable()) {
                    throw new RefusedOnCachedState(aggregateId, e);
                }
                refused.add(new Refusal<>(item, reason(aggregateId, base.version(), change, e)));
                // The failed apply may have changed the state half-way: start again from the committed state.
                state = base.state().get();
                for (T done : applied) {
                    apply(state, event.apply(done));
                }
            }
        }
        Instant lastCommitTime = null;
        for (T item : applied) {
            Instant t = event.apply(item).commitTime();
            if (t != null && (lastCommitTime == null || t.isAfter(lastCommitTime))) {
                lastCommitTime = t;
            }
        }
        return new Folded<>(applied, refused, state, base.version() + applied.size(), previous, current,
                delta.between(previous, current), lastCommitTime);
    }

    /** For count and sum: {@code current} minus {@code previous}, as aggregate updates carry it. */
    public Map<String, Object> delta(Map<String, Object> previous, Map<String, Object> current) {
        return delta.between(previous, current);
    }

    private static void apply(AggregateState state, ChangeEvent event) {
        RowRef row = new RowRef(event.rowKey(), event.order());
        state.apply(event.before(), row, event.after(), row);
    }

    private static String reason(String aggregateId, long version, ChangeEvent event, RuntimeException e) {
        return "event " + event.eventId() + " (row " + event.rowKey() + ", source " + event.source() + " at "
                + event.position() + ") cannot be applied to aggregate " + aggregateId + " at version " + version
                + ": " + e.getMessage()
                + "; the change does not fit what the aggregate holds (out of order or corrupt input). "
                + "The other changes were applied; check the source row and rebuild the pipeline if it is out of step";
    }

    /** An event was refused while folding into a state that cannot be reloaded (a cached one). */
    public static final class RefusedOnCachedState extends RuntimeException {
        RefusedOnCachedState(String aggregateId, RuntimeException cause) {
            super("an event was refused on the cached state of aggregate " + aggregateId
                    + "; the batch runs again from the stored states: " + cause.getMessage(), cause);
        }
    }
}
