package dev.tally.aggregator.apply;

import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.commit.AggregateCommit;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.EventTimes;
import dev.tally.aggregator.store.InputPositions;
import dev.tally.aggregator.store.InputPositions.InputPosition;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.topics.Blocking;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Applies one polled batch of a pipeline's change events in one database transaction, as a short sequence of
 * steps: decode, dedupe (the stored input positions, {@link InputJudge}, and the journal for changes without a log
 * position), judge (windows: late or on time), fold ({@link BatchFold}), commit ({@link AggregateCommit}, which
 * stores where the input stands with the effects). The batch's mode is chosen once, when its transaction starts:
 * plain, windowed, or rebuilding (each change first retracts what its row counts now, {@link RowLedger}). Records
 * that cannot be decoded or applied, and late changes under {@code late: dlq}, go to the dead-letter topic before
 * the transaction commits: they are never lost, and at worst sent twice.
 */
public final class BatchApplier implements BatchHandler {

    private static final Logger LOG = Logger.getLogger(BatchApplier.class);

    /** How a batch is applied; chosen once per batch. */
    private enum Mode {
        /** Changes apply as they come; rows read again by an incremental snapshot are not counted. */
        PLAIN,
        /** As plain, after late changes are set aside; then windows close and expire. */
        WINDOWED,
        /** A rebuild runs: re-read rows count too, each change retracting what its row counts now. */
        REBUILDING
    }

    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(60);

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
                        AggregatorMetrics metrics, int stateCacheSize, long stateCacheValues, int expiryBatchSize) {
        this.pipeline = pipeline;
        this.sessions = sessions;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.decoder = new ChangeDecoder(pipeline);
        this.json = new PipelineJson(pipeline);
        this.cache = new StateCache(stateCacheSize, stateCacheValues);
        this.fold = new BatchFold(pipeline, cache);
        this.commit = new AggregateCommit(pipeline);
        this.window = pipeline.pipeline().window().orElse(null);
        this.latePolicy = pipeline.pipeline().latePolicy();
        this.lifecycle = window == null ? null : new WindowLifecycle(pipeline, commit, expiryBatchSize);
    }

    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        ChangeDecoder.Decoded decoded = decoder.decode(batch);
        return transaction(decoded, ends(batch)).invoke(result -> {
            metrics.eventsApplied().increment(result.applied());
            metrics.duplicatesDropped().increment(result.duplicates() + decoded.repeats());
            metrics.aggregatesUpdated().increment(result.aggregates());
            metrics.lateDropped().increment(result.lateDropped());
            metrics.windowsClosed().increment(result.windows().closed().size());
            metrics.windowsExpired().increment(result.windows().expired().size());
            metrics.deadLetters().increment(result.rejected().size() + decoded.undecoded().size());
        }).replaceWithVoid();
    }

    /** The stored positions are what count; the group's offsets only show progress (lag, a rebuild's catch-up). */
    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> next, Consumer<byte[], byte[]> consumer) {
        consumer.commitAsync(next, (offsets, error) -> {
            if (error != null) {
                LOG.debugf("committing %s to the group failed (the stored positions stand): %s", offsets, error);
            }
        });
    }

    @Override
    public Uni<Map<TopicPartition, Long>> storedPositions(Collection<TopicPartition> assigned) {
        Map<Integer, TopicPartition> byNumber = new HashMap<>();
        assigned.forEach(partition -> byNumber.put(partition.partition(), partition));
        return sessions.withSession(session -> InputPositions.nextOffsets(session, pipeline.name(), byNumber.keySet()))
                .map(offsets -> {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    offsets.forEach((partition, offset) -> positions.put(byNumber.get(partition), offset));
                    return positions;
                });
    }

    private Uni<Applied> transaction(ChangeDecoder.Decoded decoded, Map<Integer, Long> ends) {
        // Truncated to what PostgreSQL keeps, so the row and the published update carry the same time.
        Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Timer.Sample sample = Timer.start();
        return sessions.withTransaction((session, tx) -> InputPositions.lock(session, pipeline.name(), ends.keySet())
                        .chain(stored -> dedupe(session, InputJudge.judge(decoded.events(), ends, stored)))
                        .chain(input -> mode(session).chain(mode -> apply(session, mode, input, updatedAt)))
                        // Dead letters first: the transaction commits only once the broker has them.
                        .call(applied -> sendToDeadLetters(decoded.undecoded(), applied.rejected())))
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

    /**
     * What is left of the batch to apply, and where the input stands after it.
     *
     * @param changes    the changes not applied before, in record order
     * @param duplicates how many were
     * @param positions  each partition's position after the batch
     */
    private record Input(List<PendingEvent> changes, int duplicates, Map<Integer, InputPosition> positions) {
    }

    /** Drops what the input positions say was applied, then what the journal knows of the rest that has no log. */
    private Uni<Input> dedupe(Mutiny.Session session, InputJudge.Judged judged) {
        if (judged.byId().isEmpty()) {
            return Uni.createFrom().item(new Input(judged.fresh(), judged.repeats(), judged.next()));
        }
        return Journal.known(session, pipeline.name(), eventIds(judged.byId())).map(known -> {
            List<PendingEvent> changes = judged.fresh().stream()
                    .filter(pending -> !known.contains(pending.event().eventId())).toList();
            return new Input(changes, judged.repeats() + judged.fresh().size() - changes.size(), judged.next());
        });
    }

    /** The batch's mode. Windowed pipelines are never rebuilt: they skip the rebuild lock and its query. */
    private Uni<Mode> mode(Mutiny.Session session) {
        if (window != null) {
            return Uni.createFrom().item(Mode.WINDOWED);
        }
        return RebuildStore.runningForBatch(session, pipeline.name())
                .map(running -> running.isPresent() ? Mode.REBUILDING : Mode.PLAIN);
    }

    private Uni<Applied> apply(Mutiny.Session session, Mode mode, Input input, Instant updatedAt) {
        if (mode == Mode.REBUILDING) {
            return applyChanges(session, input.changes(), input.positions(),
                    fresh -> RowLedger.rewrite(session, pipeline.name(), json, fresh), updatedAt)
                    .map(applied -> applied.withMoreDuplicates(input.duplicates()));
        }
        // Rows an incremental snapshot reads again count only in a pipeline being rebuilt; any other pipeline on
        // the same table has counted them already.
        List<PendingEvent> counted = input.changes().stream().filter(pending -> !pending.event().reread()).toList();
        int rereads = input.changes().size() - counted.size();
        Uni<Applied> applied = mode == Mode.WINDOWED ? applyWindowed(session, counted, input.positions(), updatedAt)
                : applyChanges(session, counted, input.positions(), AS_THEY_ARE, updatedAt);
        return applied.map(result -> result.withMoreDuplicates(input.duplicates() + rereads));
    }

    /**
     * Lock, prepare, fold, commit.
     *
     * @param prepare what happens to the new changes before they are folded: nothing, or (a rebuild runs) the row
     *                ledger's rewrite
     */
    private Uni<Applied> applyChanges(Mutiny.Session session, List<PendingEvent> events,
                                      Map<Integer, InputPosition> positions,
                                      Function<List<PendingEvent>, Uni<List<PendingEvent>>> prepare,
                                      Instant updatedAt) {
        return AggregateStore.lock(session, pipeline.name(), BatchFold.byAggregate(events).keySet(), cache::version)
                .chain(stored -> prepare.apply(events).chain(prepared -> {
                    BatchFold.Outcome folded = fold.fold(prepared, stored, updatedAt);
                    return commit.writeBatch(session, positions, folded.applied(), folded.versions())
                            .replaceWith(Applied.of(folded, 0));
                }));
    }

    /**
     * Judges the changes against their partitions' committed clocks, applies those on time, moves the clocks and
     * closes and expires windows. Late changes are neither applied nor journaled: a re-drive is judged anew.
     */
    private Uni<Applied> applyWindowed(Mutiny.Session session, List<PendingEvent> events,
                                       Map<Integer, InputPosition> positions, Instant updatedAt) {
        return EventTimes.lock(session, pipeline.name(), positions.keySet()).chain(stored -> {
            PartitionClocks clocks = PartitionClocks.restore(window.grace(), stored);
            PartitionClocks.Judged<PendingEvent> judged = clocks.judge(events, pending -> pending.record().partition(),
                    PendingEvent::event);
            return applyChanges(session, judged.onTime(), positions, AS_THEY_ARE, updatedAt)
                    .chain(applied -> lifecycle.advance(session, clocks, updatedAt)
                            .map(outcome -> late(applied.withWindows(outcome), judged.late())));
        });
    }

    private Applied late(Applied applied, List<PartitionClocks.LateChange<PendingEvent>> late) {
        if (latePolicy == LateChangePolicy.DROP) {
            return applied.withLate(List.of(), late.size());
        }
        return applied.withLate(late.stream().map(change -> new Rejection(change.item().record(), change.reason()))
                .toList(), 0);
    }

    /** Each partition of the batch with the offset after its last record. */
    private static Map<Integer, Long> ends(ConsumerRecords<byte[], byte[]> batch) {
        Map<Integer, Long> ends = new TreeMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            ends.put(partition.partition(), records.getLast().offset() + 1);
        }
        return ends;
    }

    private static List<String> eventIds(List<PendingEvent> events) {
        return events.stream().map(pending -> pending.event().eventId()).toList();
    }

    /**
     * Sends the records to the dead-letter topic and waits for the broker, on a worker thread (the producer's first
     * send to a topic may block on metadata); carries on on the transaction's own context.
     */
    private Uni<Void> sendToDeadLetters(List<Rejection> undecoded, List<Rejection> rejected) {
        List<Rejection> all = new ArrayList<>(undecoded);
        all.addAll(rejected);
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Blocking.call(() -> {
            List<Uni<Void>> sends = new ArrayList<>(all.size());
            for (Rejection rejection : all) {
                sends.add(deadLetters.send(pipeline.name(), DeadLetter.Stage.AGGREGATE, rejection.reason(),
                        rejection.record(), Optional.empty()));
            }
            Uni.join().all(sends).andFailFast().await().atMost(DEAD_LETTER_TIMEOUT);
            return null;
        });
    }
}
