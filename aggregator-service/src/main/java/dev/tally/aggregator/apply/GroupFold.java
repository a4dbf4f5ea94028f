package dev.tally.aggregator.apply;

import dev.tally.aggregator.store.StoredAggregate;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.RowRef;
import dev.tally.pipeline.event.ChangeEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the new events of one aggregate, in order, to its stored state, in memory. An event the
 * accumulators refuse (it retracts what was never added: the input is corrupt or out of step) is
 * rejected, and the state is rebuilt without it, so the other events still apply.
 */
public final class GroupFold {

    private final List<AggregateDefinition> definitions;

    public GroupFold(List<AggregateDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    /**
     * The outcome of applying one aggregate's events.
     *
     * @param applied        the events applied, in order
     * @param rejected       the events refused, with reasons
     * @param rejectedIds    the ids of the refused events
     * @param state          the state after the applied events
     * @param version        the version after them: the stored one plus one per applied event
     * @param previous       the results before the batch
     * @param results        the results after the applied events
     * @param delta          for count and sum: new minus previous result
     * @param lastCommitTime the newest source commit time among the applied events, or null
     */
    public record Outcome(List<PendingEvent> applied, List<Rejection> rejected, List<String> rejectedIds,
                          AggregateState state, long version, Map<String, Object> previous,
                          Map<String, Object> results, Map<String, Object> delta, Instant lastCommitTime) {

        public boolean changed() {
            return !applied.isEmpty();
        }
    }

    /**
     * Folds {@code events} (all of one aggregate, in record order) into {@code stored}.
     *
     * @param stored the locked row, or null for a new aggregate
     */
    public Outcome fold(String aggregateId, StoredAggregate stored, List<PendingEvent> events) {
        return fold(aggregateId, stored, null, events);
    }

    /**
     * Folds {@code events} into {@code cached}, the state committed at {@code stored.version()},
     * which it changes in place.
     *
     * @throws RefusedOnCachedState when an event is refused: a state changed in place cannot be
     *                              rebuilt without it, so the batch must run again from stored states
     */
    public Outcome fold(String aggregateId, StoredAggregate stored, AggregateState cached, List<PendingEvent> events) {
        AggregateState state;
        Map<String, Object> previous;
        try {
            state = cached != null ? cached : base(stored);
            previous = state.results();
        } catch (RuntimeException e) {
            String reason = "the stored state of aggregate " + aggregateId + " does not fit the pipeline's aggregates ("
                    + e.getMessage() + "); were the aggregates changed without a rebuild? Rebuild the pipeline";
            return new Outcome(List.of(), events.stream().map(p -> new Rejection(p.record(), reason)).toList(),
                    events.stream().map(p -> p.event().eventId()).toList(), null, stored.version(), Map.of(),
                    Map.of(), Map.of(), null);
        }
        Map<String, Object> current = previous;
        List<PendingEvent> applied = new ArrayList<>(events.size());
        List<Rejection> rejected = new ArrayList<>();
        List<String> rejectedIds = new ArrayList<>();
        for (PendingEvent pending : events) {
            try {
                apply(state, pending.event());
                // Results are taken here too: a sum that no longer fits its type is this event's fault.
                current = state.results();
                applied.add(pending);
            } catch (RuntimeException e) {
                if (cached != null) {
                    throw new RefusedOnCachedState(aggregateId, e);
                }
                rejected.add(new Rejection(pending.record(), reason(aggregateId, stored, pending.event(), e)));
                rejectedIds.add(pending.event().eventId());
                // The failed apply may have changed the state half-way: start again from the stored state.
                state = base(stored);
                for (PendingEvent done : applied) {
                    apply(state, done.event());
                }
            }
        }
        long version = (stored == null ? 0 : stored.version()) + applied.size();
        Instant lastCommitTime = null;
        for (PendingEvent pending : applied) {
            Instant t = pending.event().commitTime();
            if (t != null && (lastCommitTime == null || t.isAfter(lastCommitTime))) {
                lastCommitTime = t;
            }
        }
        return new Outcome(applied, rejected, rejectedIds, state, version, previous, current,
                delta(previous, current), lastCommitTime);
    }

    /** An event was refused while folding into a cached state; see {@link #fold(String, StoredAggregate, AggregateState, List)}. */
    public static final class RefusedOnCachedState extends RuntimeException {
        RefusedOnCachedState(String aggregateId, RuntimeException cause) {
            super("an event was refused on the cached state of aggregate " + aggregateId
                    + "; the batch runs again from the stored states: " + cause.getMessage(), cause);
        }
    }

    private AggregateState base(StoredAggregate stored) {
        return stored == null ? AggregateState.empty(definitions) : AggregateState.restore(definitions, stored.state());
    }

    private static void apply(AggregateState state, ChangeEvent event) {
        RowRef row = new RowRef(event.rowKey(), event.order());
        state.apply(event.before(), row, event.after(), row);
    }

    /** For count and sum: {@code current} minus {@code previous}, as aggregate updates carry it. */
    public Map<String, Object> delta(Map<String, Object> previous, Map<String, Object> current) {
        Map<String, Object> delta = new LinkedHashMap<>();
        for (AggregateDefinition definition : definitions) {
            if (definition.function().acceptsDelta()) {
                delta.put(definition.name(), difference(current.get(definition.name()), previous.get(definition.name())));
            }
        }
        return delta;
    }

    /** {@code a - b}, a missing sum counting as zero. */
    static Object difference(Object a, Object b) {
        if (a == null && b == null) {
            return null;
        }
        Object sample = a != null ? a : b;
        return switch (sample) {
            case Long l -> orZero(a, 0L) - orZero(b, 0L);
            case Double d -> orZero(a, 0.0) - orZero(b, 0.0);
            case BigDecimal d -> orZero(a, BigDecimal.ZERO).subtract(orZero(b, BigDecimal.ZERO));
            default -> throw new IllegalStateException("no difference of " + sample.getClass().getSimpleName() + " values");
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T orZero(Object value, T zero) {
        return value == null ? zero : (T) value;
    }

    private static String reason(String aggregateId, StoredAggregate stored, ChangeEvent event, RuntimeException e) {
        return "event " + event.eventId() + " (row " + event.rowKey() + ", source " + event.source() + " at "
                + event.position() + ") cannot be applied to aggregate " + aggregateId + " at version "
                + (stored == null ? 0 : stored.version()) + ": " + e.getMessage()
                + "; the change does not fit what the aggregate holds (out of order or corrupt input). "
                + "The other changes were applied; check the source row and rebuild the pipeline if it is out of step";
    }
}
