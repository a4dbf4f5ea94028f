package dev.tally.aggregator.apply;

import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.PipelineJson;
import dev.tally.aggregator.rebuild.RowLedger;
import dev.tally.aggregator.store.AggregateRow;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.OutboxWriter;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.store.StoredAggregate;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.BatchHandler;
import dev.tally.service.DeadLetters;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies one polled batch of a pipeline's change events in one database transaction: journal the
 * events (only new ids go on), lock and load the touched aggregates, fold the events in memory,
 * upsert the aggregates, write one outbox row per changed aggregate. Records that cannot be
 * decoded or applied go to the dead-letter topic once the transaction has committed.
 */
public final class BatchApplier implements BatchHandler {

    private final CompiledPipeline pipeline;
    private final Mutiny.SessionFactory sessions;
    private final DeadLetters deadLetters;
    private final AggregatorMetrics metrics;
    private final ChangeDecoder decoder;
    private final GroupFold fold;
    private final PipelineJson json;
    private final AggregateUpdateCodec updates;
    private final StateCache cache;

    public BatchApplier(CompiledPipeline pipeline, Mutiny.SessionFactory sessions, DeadLetters deadLetters,
                        AggregatorMetrics metrics, int stateCacheSize) {
        this.pipeline = pipeline;
        this.sessions = sessions;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.decoder = new ChangeDecoder(pipeline);
        this.fold = new GroupFold(pipeline.aggregateDefinitions());
        this.json = new PipelineJson(pipeline);
        this.updates = new AggregateUpdateCodec(pipeline);
        this.cache = new StateCache(stateCacheSize);
    }

    /** What one committed batch did, and the states it committed. */
    private record Applied(int applied, int duplicates, int aggregates, List<Rejection> rejected,
                           List<Committed> committed) {
    }

    private record Committed(String aggregateId, long version, AggregateState state) {
    }

    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        ChangeDecoder.Decoded decoded = decoder.decode(batch);
        Uni<Applied> applied = decoded.events().isEmpty()
                ? Uni.createFrom().item(new Applied(0, 0, 0, List.of(), List.of()))
                : transaction(decoded.events());
        return applied.chain(result -> {
            metrics.eventsApplied().increment(result.applied());
            metrics.duplicatesDropped().increment(result.duplicates() + decoded.repeats());
            metrics.aggregatesUpdated().increment(result.aggregates());
            List<Rejection> rejected = new ArrayList<>(decoded.undecoded());
            rejected.addAll(result.rejected());
            return sendToDeadLetters(rejected);
        });
    }

    private Uni<Applied> transaction(List<PendingEvent> events) {
        // Truncated to what PostgreSQL keeps, so the row and the published update carry the same time.
        Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Timer.Sample sample = Timer.start();
        List<ChangeEvent> changes = events.stream().map(PendingEvent::event).toList();
        return sessions.withTransaction((session, tx) -> Journal.insertNew(session, pipeline.name(), json, changes)
                        .chain(newIds -> newEvents(session, events, newIds)
                                .chain(fresh -> applyNew(session, fresh, events.size() - newIds.size(), updatedAt))))
                .invoke(applied -> applied.committed().forEach(c -> cache.put(c.aggregateId(), c.version(), c.state())))
                // States may have been changed in place by a transaction that did not commit.
                .onFailure().invoke(cache::clear)
                .onTermination().invoke(() -> sample.stop(metrics.transaction()));
    }

    /** The events not in the journal yet; while a rebuild runs, each retracts what its row counts now ({@link RowLedger}). */
    private Uni<List<PendingEvent>> newEvents(Mutiny.Session session, List<PendingEvent> events, Set<String> newIds) {
        List<PendingEvent> fresh = events.stream().filter(pending -> newIds.contains(pending.event().eventId())).toList();
        return RebuildStore.runningForBatch(session, pipeline.name())
                .chain(rebuild -> rebuild.isEmpty() ? Uni.createFrom().item(fresh)
                        : RowLedger.rewrite(session, pipeline.name(), json, fresh));
    }

    private Uni<Applied> applyNew(Mutiny.Session session, List<PendingEvent> fresh, int duplicates, Instant updatedAt) {
        Map<String, List<PendingEvent>> byAggregate = new LinkedHashMap<>();
        for (PendingEvent pending : fresh) {
            byAggregate.computeIfAbsent(pending.event().aggregateId(), id -> new ArrayList<>()).add(pending);
        }
        return AggregateStore.lock(session, pipeline.name(), byAggregate.keySet(), cache::version).chain(stored -> {
            List<AggregateRow> rows = new ArrayList<>(byAggregate.size());
            List<Committed> committed = new ArrayList<>(byAggregate.size());
            List<AggregateUpdate> outbox = new ArrayList<>(byAggregate.size());
            List<Rejection> rejected = new ArrayList<>();
            List<String> rejectedIds = new ArrayList<>();
            int applied = 0;
            for (Map.Entry<String, List<PendingEvent>> entry : byAggregate.entrySet()) {
                StoredAggregate row = stored.get(entry.getKey());
                AggregateState cached = row != null && row.state() == null ? cache.state(row.aggregateId(), row.version()) : null;
                GroupFold.Outcome outcome = fold.fold(entry.getKey(), row, cached, entry.getValue());
                rejected.addAll(outcome.rejected());
                rejectedIds.addAll(outcome.rejectedIds());
                if (outcome.changed()) {
                    applied += outcome.applied().size();
                    ChangeEvent first = outcome.applied().getFirst().event();
                    rows.add(new AggregateRow(entry.getKey(), json.groupKey(first.key()), first.window(),
                            outcome.version(), outcome.state().rows(), json.results(outcome.results()),
                            outcome.state().toState()));
                    outbox.add(update(entry.getKey(), first, outcome, updatedAt));
                    committed.add(new Committed(entry.getKey(), outcome.version(), outcome.state()));
                }
            }
            Applied result = new Applied(applied, duplicates, outbox.size(), rejected, committed);
            // Rejected events leave the journal again: a redelivery is judged anew instead of being dropped unseen.
            return Journal.forget(session, pipeline.name(), rejectedIds)
                    .chain(() -> AggregateStore.upsert(session, pipeline.name(), rows, updatedAt))
                    .chain(() -> OutboxWriter.write(session, updates, outbox))
                    .replaceWith(result);
        });
    }

    private AggregateUpdate update(String aggregateId, ChangeEvent first, GroupFold.Outcome outcome, Instant updatedAt) {
        ChangeEvent last = outcome.applied().getLast().event();
        return new AggregateUpdate(pipeline.name(), AggregateUpdate.Type.UPDATED, aggregateId, first.key(),
                first.window(), outcome.version(), outcome.state().rows(), outcome.results(), outcome.delta(),
                new AggregateUpdate.Cause(outcome.applied().size(), last.eventId(), outcome.lastCommitTime()),
                updatedAt);
    }

    private Uni<Void> sendToDeadLetters(List<Rejection> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(rejected.size());
        for (Rejection rejection : rejected) {
            // The producer's first send to a topic may block on metadata: never on the event loop.
            sends.add(Uni.createFrom().deferred(() -> deadLetters.send(pipeline.name(), DeadLetter.Stage.AGGREGATE,
                            rejection.reason(), rejection.record(), Optional.empty()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .invoke(() -> metrics.deadLetters().increment()));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
