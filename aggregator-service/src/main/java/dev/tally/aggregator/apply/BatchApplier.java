package dev.tally.aggregator.apply;

import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.commit.AggregateCommit;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.EventTimes;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.window.WindowLifecycle;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.window.PartitionClocks;
import dev.tally.pipeline.window.WindowSpec;
import dev.tally.service.BatchHandler;
import dev.tally.service.DeadLetters;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies one polled batch of a pipeline's change events in one database transaction, as a short sequence of
 * steps: decode, judge (windows: late or on time), dedupe (the journal), fold ({@link BatchFold}), commit
 * ({@link AggregateCommit}). The batch's mode is chosen once, when its transaction starts: plain, windowed, or
 * rebuilding (each change first retracts what its row counts now, {@link RowLedger}). Records that cannot be
 * decoded or applied, and late changes under {@code late: dlq}, go to the dead-letter topic once the transaction
 * has committed.
 */
public final class BatchApplier implements BatchHandler {

    /** How a batch is applied; chosen once per batch. */
    private enum Mode {
        /** Changes apply as they come; rows read again by an incremental snapshot are not counted. */
        PLAIN,
        /** As plain, after late changes are set aside; then windows close and expire. */
        WINDOWED,
        /** A rebuild runs: re-read rows count too, each change retracting what its row counts now. */
        REBUILDING
    }

    private static final Function<List<PendingEvent>, Uni<List<PendingEvent>>> AS_THEY_ARE =
            fresh -> Uni.createFrom().item(fresh);

    private final CompiledPipeline pipeline;
    private final Mutiny.SessionFactory sessions;
    private final DeadLetters deadLetters;
    private final AggregatorMetrics metrics;
    private final ChangeDecoder decoder;
    private final PipelineJson json;
    private final StateCache cache;
    private final BatchFold fold;
    private final AggregateCommit commit;
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
        this.json = new PipelineJson(pipeline);
        this.cache = new StateCache(stateCacheSize);
        this.fold = new BatchFold(pipeline, cache);
        this.commit = new AggregateCommit(pipeline);
        this.window = pipeline.pipeline().window().orElse(null);
        this.latePolicy = pipeline.pipeline().latePolicy();
        this.lifecycle = window == null ? null : new WindowLifecycle(pipeline, commit, expiryBatchSize);
    }

    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        ChangeDecoder.Decoded decoded = decoder.decode(batch);
        Uni<Applied> applied = decoded.events().isEmpty() ? Uni.createFrom().item(Applied.NOTHING)
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
        return sessions.withTransaction((session, tx) -> mode(session)
                        .chain(mode -> apply(session, mode, events, updatedAt)))
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

    /** The batch's mode. Windowed pipelines are never rebuilt: they skip the rebuild lock and its query. */
    private Uni<Mode> mode(Mutiny.Session session) {
        if (window != null) {
            return Uni.createFrom().item(Mode.WINDOWED);
        }
        return RebuildStore.runningForBatch(session, pipeline.name())
                .map(running -> running.isPresent() ? Mode.REBUILDING : Mode.PLAIN);
    }

    private Uni<Applied> apply(Mutiny.Session session, Mode mode, List<PendingEvent> events, Instant updatedAt) {
        if (mode == Mode.REBUILDING) {
            return applyChanges(session, events, fresh -> RowLedger.rewrite(session, pipeline.name(), json, fresh),
                    updatedAt);
        }
        // Rows an incremental snapshot reads again count only in a pipeline being rebuilt; any other pipeline on
        // the same table has counted them already.
        List<PendingEvent> counted = events.stream().filter(pending -> !pending.event().reread()).toList();
        int rereads = events.size() - counted.size();
        Uni<Applied> applied = mode == Mode.WINDOWED ? applyWindowed(session, counted, updatedAt)
                : applyChanges(session, counted, AS_THEY_ARE, updatedAt);
        return applied.map(result -> result.withMoreDuplicates(rereads));
    }

    /**
     * Lock, dedupe, prepare, fold, commit.
     *
     * @param prepare what happens to the new changes before they are folded: nothing, or (a rebuild runs) the row
     *                ledger's rewrite
     */
    private Uni<Applied> applyChanges(Mutiny.Session session, List<PendingEvent> events,
                                      Function<List<PendingEvent>, Uni<List<PendingEvent>>> prepare,
                                      Instant updatedAt) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Applied.NOTHING);
        }
        // Locked before the journal is read: a transaction applying the same events meanwhile is waited for.
        return AggregateStore.lock(session, pipeline.name(), BatchFold.byAggregate(events).keySet(), cache::version)
                .chain(stored -> Journal.known(session, pipeline.name(), eventIds(events)).chain(known -> {
                    List<PendingEvent> fresh = events.stream()
                            .filter(pending -> !known.contains(pending.event().eventId())).toList();
                    return prepare.apply(fresh).chain(prepared -> {
                        BatchFold.Outcome folded = fold.fold(prepared, stored, updatedAt);
                        return commit.writeBatch(session, folded.applied(), folded.versions())
                                .replaceWith(Applied.of(folded, events.size() - fresh.size()));
                    });
                }));
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
            PartitionClocks.Judged<PendingEvent> judged = clocks.judge(events, pending -> pending.record().partition(),
                    PendingEvent::event);
            List<String> lateIds = judged.late().stream().map(late -> late.event().eventId()).toList();
            return applyChanges(session, judged.onTime(), AS_THEY_ARE, updatedAt)
                    .chain(applied -> lifecycle.advance(session, clocks, updatedAt)
                            // A late change already in the journal was applied before its window closed: a redelivery.
                            .chain(outcome -> Journal.known(session, pipeline.name(), lateIds)
                                    .map(known -> late(applied.withWindows(outcome), judged.late(), known))));
        });
    }

    private Applied late(Applied applied, List<PartitionClocks.LateChange<PendingEvent>> late, Set<String> alreadyApplied) {
        List<Rejection> rejected = new ArrayList<>();
        int dropped = 0;
        for (PartitionClocks.LateChange<PendingEvent> change : late) {
            if (alreadyApplied.contains(change.event().eventId())) {
                continue;
            }
            if (latePolicy == LateChangePolicy.DROP) {
                dropped++;
            } else {
                rejected.add(new Rejection(change.item().record(), change.reason()));
            }
        }
        return applied.withLate(alreadyApplied.size(), rejected, dropped);
    }

    private static List<String> eventIds(List<PendingEvent> events) {
        return events.stream().map(pending -> pending.event().eventId()).toList();
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
