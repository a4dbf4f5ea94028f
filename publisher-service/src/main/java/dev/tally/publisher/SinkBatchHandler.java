package dev.tally.publisher;

import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.BatchHandler;
import dev.tally.service.DeadLetters;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns a polled batch of {@code tally.<pipeline>.aggregates} records into one write of a sink: decodes each record
 * (what cannot be decoded goes to the dead-letter topic), keeps the newest version per aggregate, and hands those to
 * the sink.
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
        NewestVersions newest = new NewestVersions();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() == null) {
                continue; // a tombstone carries no version: the aggregator never writes one, compaction may
            }
            try {
                newest.add(checked(codec.decode(record.value())));
            } catch (RuntimeException e) {
                rejected.add(deadLetter(record, e));
            }
        }
        List<AggregateUpdate> updates = newest.newest();
        Uni<Void> dead = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        return dead.chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem() : sink.write(updates)
                .invoke(this::recordLatency).replaceWithVoid());
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

    private Uni<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        String reason = "not an aggregate update of pipeline '" + sink.pipeline() + "': " + e.getMessage();
        return deadLetters.send(sink.pipeline(), DeadLetter.Stage.PUBLISH, reason, record, Optional.of(sink.name()))
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
