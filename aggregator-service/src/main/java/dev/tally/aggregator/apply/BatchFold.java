package dev.tally.aggregator.apply;

import dev.tally.aggregator.commit.NewVersion;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.StoredAggregate;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.fold.AggregateFold;
import dev.tally.pipeline.fold.FoldBase;
import dev.tally.pipeline.fold.Folded;
import dev.tally.pipeline.fold.Refusal;
import dev.tally.pipeline.load.CompiledPipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch's new changes into the aggregates they touch, each from its committed state (the one in the
 * {@link StateCache} when it is still the stored version, else the stored one), with {@link AggregateFold}:
 * one new version per aggregate that changed.
 */
final class BatchFold {

    /**
     * What folding a batch came to.
     *
     * @param versions the new versions, one per aggregate that changed
     * @param applied  the changes applied, in record order per aggregate, as the journal keeps them
     * @param rejected the changes refused, with reasons
     * @param states   the state of each new version, to cache once committed
     */
    record Outcome(List<NewVersion> versions, List<Journal.Applied> applied, List<Rejection> rejected,
                   Map<String, AggregateState> states) {
    }

    private final String pipeline;
    private final AggregateFold fold;
    private final StateCache cache;

    BatchFold(CompiledPipeline pipeline, StateCache cache) {
        this.pipeline = pipeline.name();
        this.fold = new AggregateFold(pipeline.aggregateDefinitions());
        this.cache = cache;
    }

    /**
     * @param events the new changes, in record order
     * @param stored the locked rows of the aggregates they touch (absent: a new aggregate)
     */
    Outcome fold(List<PendingEvent> events, Map<String, StoredAggregate> stored, Instant updatedAt) {
        Map<String, List<PendingEvent>> byAggregate = byAggregate(events);
        List<NewVersion> versions = new ArrayList<>(byAggregate.size());
        List<Journal.Applied> applied = new ArrayList<>(events.size());
        List<Rejection> rejected = new ArrayList<>();
        Map<String, AggregateState> states = LinkedHashMap.newLinkedHashMap(byAggregate.size());
        byAggregate.forEach((aggregateId, changes) -> {
            Folded<PendingEvent> folded = fold.fold(aggregateId, base(stored.get(aggregateId)), changes,
                    PendingEvent::event);
            for (Refusal<PendingEvent> refusal : folded.refused()) {
                rejected.add(new Rejection(refusal.item().record(), refusal.reason()));
            }
            if (folded.changed()) {
                folded.applied().forEach(pending -> applied.add(journaled(pending)));
                versions.add(version(aggregateId, folded, updatedAt));
                states.put(aggregateId, folded.state());
            }
        });
        return new Outcome(versions, applied, rejected, states);
    }

    static Map<String, List<PendingEvent>> byAggregate(List<PendingEvent> events) {
        Map<String, List<PendingEvent>> byAggregate = new LinkedHashMap<>();
        for (PendingEvent pending : events) {
            byAggregate.computeIfAbsent(pending.event().aggregateId(), id -> new ArrayList<>()).add(pending);
        }
        return byAggregate;
    }

    private static Journal.Applied journaled(PendingEvent pending) {
        ChangeEvent event = pending.event();
        String aggregateId = event.aggregateId();
        return new Journal.Applied(event.eventId(), aggregateId, Journal.rowHash(aggregateId, event.rowKey()),
                pending.record().partition(), pending.record().offset());
    }

    private FoldBase base(StoredAggregate row) {
        if (row == null) {
            return fold.newAggregate();
        }
        if (row.state() == null) {
            // The store left the state out: the cache holds the one of this very version.
            return FoldBase.cached(row.version(), cache.state(row.aggregateId(), row.version()));
        }
        return fold.stored(row.version(), row.state(), row.values());
    }

    private NewVersion version(String aggregateId, Folded<PendingEvent> folded, Instant updatedAt) {
        PendingEvent first = folded.applied().getFirst();
        ChangeEvent event = first.event();
        ChangeEvent last = folded.applied().getLast().event();
        AggregateUpdate update = new AggregateUpdate(pipeline, AggregateUpdate.Type.UPDATED, aggregateId, event.key(),
                event.window(), folded.version(), folded.state().rows(), folded.results(), folded.delta(),
                new AggregateUpdate.Cause(folded.applied().size(), last.eventId(), folded.lastCommitTime()), updatedAt);
        // Changes are keyed by group key: all windows of a key, and all its changes, are on one partition.
        Integer partition = event.window() == null ? null : first.record().partition();
        long baseVersion = folded.version() - folded.applied().size();
        return new NewVersion(update, folded.state().toState(),
                AggregateValues.Write.of(folded.state(), baseVersion, folded.version()), partition);
    }
}
