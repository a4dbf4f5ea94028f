package dev.tally.publisher;

import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.BatchHandler;
import dev.tally.service.DeadLetters;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns a polled batch of {@code tally.<pipeline>.aggregates} records into one write of a sink: decodes each record
 * (what cannot be decoded goes to the dead-letter topic), keeps the newest version per aggregate (or every version,
 * for a sink that wants them), hands those to the sink, and sends what the sink gave up on to the dead-letter topic.
 */
final class SinkBatchHandler implements BatchHandler {

    private final Sink sink;
    private final AggregateUpdateCodec codec;
    private final boolean windowed;
    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;

    SinkBatchHandler(CompiledPipeline pipeline, Sink sink, DeadLetters deadLetters, SinkMetrics metrics) {
        this.sink = sink;
        this.codec = new AggregateUpdateCodec(pipeline);
        this.windowed = pipeline.pipeline().window().isPresent();
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        BatchUpdates decoded = new BatchUpdates();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() == null) {
                continue; // a tombstone: an expired window left the aggregator's store; its sink rows stay
            }
            try {
                decoded.add(checked(codec.decode(record.value())), record);
            } catch (RuntimeException e) {
                rejected.add(deadLetter(record, "not an aggregate update of pipeline '" + sink.pipeline() + "': "
                        + e.getMessage()));
            }
        }
        List<AggregateUpdate> updates = sink.everyVersion() ? decoded.every() : decoded.newest();
        return all(rejected).chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem() : sink.write(updates)
                .chain(result -> {
                    recordLatency(result.written());
                    return all(result.undelivered().stream()
                            .map(undelivered -> deadLetter(decoded.recordOf(undelivered.update()),
                                    undelivered.reason()))
                            .toList());
                }));
    }

    private static Uni<Void> all(List<Uni<Void>> unis) {
        return unis.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(unis).andFailFast().replaceWithVoid();
    }

    /** What the codec cannot see alone: whether the update has a window exactly when its pipeline has windows. */
    private AggregateUpdate checked(AggregateUpdate update) {
        if (windowed && update.window() == null) {
            throw new IllegalArgumentException("aggregate " + update.aggregateId() + " has no window, but the pipeline "
                    + "has windows");
        }
        if (!windowed && update.window() != null) {
            throw new IllegalArgumentException("aggregate " + update.aggregateId() + " has a window, but the pipeline "
                    + "has none");
        }
        return update;
    }

    /** Subscribed on a worker thread: the producer may block while it waits for metadata or buffer space. */
    private Uni<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return Uni.createFrom().deferred(() -> deadLetters.send(sink.pipeline(), DeadLetter.Stage.PUBLISH, reason,
                        record, Optional.of(sink.name())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(metrics::deadLetter);
    }

    /** Only for what was written: a replayed old version would time the replay, not the pipeline. */
    private void recordLatency(List<AggregateUpdate> written) {
        Instant now = Instant.now();
        for (AggregateUpdate update : written) {
            if (update.cause() != null && update.cause().lastCommitTime() != null) {
                metrics.written(update.cause().lastCommitTime(), now);
            }
        }
    }
}
