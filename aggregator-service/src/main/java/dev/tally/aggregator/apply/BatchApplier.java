package dev.tally.aggregator.apply;

import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.PipelineJson;
import dev.tally.aggregator.rebuild.RowLedger;
import dev.tally.aggregator.store.AggregateRow;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.EventTimes;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.OutboxWriter;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.store.StoredAggregate;
import dev.tally.aggregator.window.PartitionClocks;
import dev.tally.aggregator.window.WindowLifecycle;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.window.WindowSpec;
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
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies one polled batch of a pipeline's change events in one database transaction: journal the
 * events (only new ids go on), lock and load the touched aggregates, fold the events in memory,
 * upsert the aggregates, write one outbox row per changed aggregate. With windows, the changes are
 * first judged against their partition's event-time clock (late ones are not applied), and the batch
 * then closes and expires windows (see {@link WindowLifecycle}). Records that cannot be decoded or
 * applied, and late changes under {@code late: dlq}, go to the dead-letter topic once the transaction
 * has committed.
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
    private final WindowSpec window;
    private final LateChangePolicy latePolicy;
    private final WindowLifecycle lifecycle;

    public BatchApplier(CompiledPipeline pipeline, Mutiny.SessionFactory sessions, DeadLetters deadLetters,
                        AggregatorMetrics metrics, int stateCacheSize, int expiryBatchSize) {
        this.pipeline = pipeline;
        this.sessions = sessions;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.decoder = new ChangeDecoder(pipeline);
        this.fold = new GroupFold(pipeline.aggregateDefinitions());
        this.json = new PipelineJson(pipeline);
        this.updates = new AggregateUpdateCodec(pipeline);
        this.cache = new StateCache(stateCacheSize);
        this.window = pipeline.pipeline().window().orElse(null);
        this.latePolicy = pipeline.pipeline().latePolicy();
        this.lifecycle = window == null ? null : new WindowLifecycle(pipeline, expiryBatchSize);
    }

    /** What one committed batch did, and the states it committed. */
    private record Applied(int applied, int duplicates, int aggregates, List<Rejection> rejected,
                           List<Committed> committed, int lateDropped, WindowLifecycle.Outcome windows) {

        static final Applied NOTHING = new Applied(0, 0, 0, List.of(), List.of(), 0,
                new WindowLifecycle.Outcome(List.of(), List.of()));

        Applied withMoreDuplicates(int more) {
            return new Applied(applied, duplicates + more, aggregates, rejected, committed, lateDropped, windows);
        }

        Applied withLate(int moreDuplicates, List<Rejection> late, int dropped, WindowLifecycle.Outcome outcome) {
            List<Rejection> all = new ArrayList<>(rejected);
            all.addAll(late);
            return new Applied(applied, duplicates + moreDuplicates, aggregates, all, committed, dropped, outcome);
        }
    }

    private record Committed(String aggregateId, long version, AggregateState state) {
    }

    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        ChangeDecoder.Decoded decoded = decoder.decode(batch);
        Uni<Applied> applied = decoded.events().isEmpty()
                ? Uni.createFrom().item(Applied.NOTHING)
                : transaction(decoded.events());
        return applied.chain(result -> {
            metrics.eventsApplied().increment(result.applied());
            metrics.duplicatesDropped().increment(result.duplicates() + decoded.repeats());
            metrics.aggregatesUpdated().increment(result.aggregates());
            metrics.lateDropped().increment(result.lateDropped());
            metrics.windowsClosed().increment(result.windows().closed().size());
            metrics.windowsExpired().increment(result.windows().expired().size());
            List<Rejection> rejected = new ArrayList<>(decoded.undecoded());
            rejected.addAll(result.rejected());
            return sendToDeadLetters(rejected);
        });
    }

    private Uni<Applied> transaction(List<PendingEvent> events) {
        // Truncated to what PostgreSQL keeps, so the row and the published update carry the same time.
        Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Timer.Sample sample = Timer.start();
        return sessions.withTransaction((session, tx) -> runningRebuild(session)
                        .chain(rebuild -> {
                            // Rows an incremental snapshot reads again count only in a pipeline being rebuilt; any other
                            // pipeline on the same table has counted them already. Windowed pipelines are never rebuilt.
                            List<PendingEvent> counted = rebuild.isPresent() ? events
                                    : events.stream().filter(pending -> !pending.event().reread()).toList();
                            int rereads = events.size() - counted.size();
                            if (counted.isEmpty()) {
                                return Uni.createFrom().item(Applied.NOTHING.withMoreDuplicates(rereads));
                            }
                            Uni<Applied> applied = window == null ? applyAll(session, counted, rebuild.isPresent(), updatedAt)
                                    : applyWindowed(session, counted, updatedAt);
                            return applied.map(result -> result.withMoreDuplicates(rereads));
                        }))
                .invoke(applied -> {
                    applied.committed().forEach(c -> cache.put(c.aggregateId(), c.version(), c.state()));
                    // A closed window takes no more changes, an expired one is gone: neither is to come back from memory.
                    applied.windows().closed().forEach(cache::remove);
                    applied.windows().expired().forEach(cache::remove);
                })
                // States may have been changed in place by a transaction that did not commit.
                .onFailure().invoke(cache::clear)
                .onTermination().invoke(() -> sample.stop(metrics.transaction()));
    }

    /** The pipeline's running rebuild; windowed pipelines are never rebuilt, so they skip the lock and the query. */
    private Uni<Optional<String>> runningRebuild(Mutiny.Session session) {
        return window == null ? RebuildStore.runningForBatch(session, pipeline.name())
                : Uni.createFrom().item(Optional.empty());
    }

    /** Applies the events not in the journal yet; while a rebuild runs, each retracts what its row counts now ({@link RowLedger}). */
    private Uni<Applied> applyAll(Mutiny.Session session, List<PendingEvent> events, boolean rebuilding,
                                  Instant updatedAt) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Applied.NOTHING);
        }
        List<ChangeEvent> changes = events.stream().map(PendingEvent::event).toList();
        return Journal.insertNew(session, pipeline.name(), json, changes).chain(newIds -> {
            List<PendingEvent> fresh = events.stream().filter(pending -> newIds.contains(pending.event().eventId())).toList();
            Uni<List<PendingEvent>> toApply = rebuilding ? RowLedger.rewrite(session, pipeline.name(), json, fresh)
                    : Uni.createFrom().item(fresh);
            return toApply.chain(list -> applyNew(session, list, events.size() - newIds.size(), updatedAt));
        });
    }

    /**
     * Judges the changes against their partitions' committed clocks, applies those on time, moves the clocks and
     * closes and expires windows. Late changes are neither applied nor journaled, so a re-drive is judged anew.
     */
    private Uni<Applied> applyWindowed(Mutiny.Session session, List<PendingEvent> events, Instant updatedAt) {
        Set<Integer> partitions = new TreeSet<>();
        events.forEach(pending -> partitions.add(pending.record().partition()));
        return EventTimes.lock(session, pipeline.name(), partitions).chain(stored -> {
            PartitionClocks clocks = PartitionClocks.restore(window.grace(), stored);
            PartitionClocks.Judged judged = clocks.judge(events);
            List<String> lateIds = judged.late().stream().map(late -> late.pending().event().eventId()).toList();
            return applyAll(session, judged.onTime(), false, updatedAt)
                    .chain(applied -> lifecycle.advance(session, clocks, updatedAt)
                            // A late change already in the journal was applied before its window closed: a redelivery.
                            .chain(outcome -> Journal.known(session, pipeline.name(), lateIds)
                                    .map(known -> late(applied, judged.late(), known, outcome))));
        });
    }

    private Applied late(Applied applied, List<PartitionClocks.LateChange> late, Set<String> alreadyApplied,
                         WindowLifecycle.Outcome outcome) {
        List<Rejection> rejected = new ArrayList<>();
        int dropped = 0;
        for (PartitionClocks.LateChange change : late) {
            if (alreadyApplied.contains(change.pending().event().eventId())) {
                continue;
            }
            if (latePolicy == LateChangePolicy.DROP) {
                dropped++;
            } else {
                rejected.add(new Rejection(change.pending().record(), change.reason()));
            }
        }
        return applied.withLate(alreadyApplied.size(), rejected, dropped, outcome);
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
                    PendingEvent firstApplied = outcome.applied().getFirst();
                    ChangeEvent first = firstApplied.event();
                    // Changes are keyed by group key: all windows of a key, and all its changes, are on one partition.
                    Integer partition = first.window() == null ? null : firstApplied.record().partition();
                    rows.add(new AggregateRow(entry.getKey(), json.groupKey(first.key()), first.window(),
                            outcome.version(), outcome.state().rows(), json.results(outcome.results()),
                            outcome.state().toState(), partition));
                    outbox.add(update(entry.getKey(), first, outcome, updatedAt));
                    committed.add(new Committed(entry.getKey(), outcome.version(), outcome.state()));
                }
            }
            Applied result = new Applied(applied, duplicates, outbox.size(), rejected, committed, 0,
                    Applied.NOTHING.windows());
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
