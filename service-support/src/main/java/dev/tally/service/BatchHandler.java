package dev.tally.service;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a stage does with one polled batch, and how the batch's offsets move with its effects: by default they are
 * committed to the consumer group once the effects are durable; a stage may instead keep them with its effects (in
 * its database transaction, or in a Kafka transaction) by overriding {@link #commit}, {@link #abandon} and
 * {@link #storedPositions}.
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * Processes a batch. Called on the loop's own thread, so decoding, mapping and even blocking
     * calls belong in the method itself; the returned {@code Uni} is subscribed on a Vert.x
     * context (what Hibernate Reactive and the reactive SQL clients need) and must not block.
     * It completes once the batch's effects are durable; the loop then commits the batch's
     * offsets. A failure makes the loop retry the same batch, so records a stage can never
     * process must go to the dead-letter topic here, not fail the batch.
     */
    Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch);

    /**
     * Moves the group past a batch whose effects are durable, on the loop's thread. By default commits the offsets to
     * the consumer group and waits for the broker; a failure retries the batch.
     *
     * @param next the next offset of every partition of the batch
     */
    default void commit(Map<TopicPartition, OffsetAndMetadata> next, Consumer<byte[], byte[]> consumer) {
        consumer.commitSync(next);
    }

    /**
     * How long the loop may go on handling batches before it commits them together: zero (the default) commits after
     * every batch; more lets a stage whose {@link #commit} is costly (a Kafka transaction) take several polls into
     * one, as Kafka Streams' {@code commit.interval.ms} does. The loop commits earlier when a poll comes back empty or
     * the group takes partitions away; a failure undoes and re-reads everything since the last commit.
     */
    default java.time.Duration commitInterval() {
        return java.time.Duration.ZERO;
    }

    /**
     * Undoes what the batches since the last commit left open (a Kafka transaction), before the loop reads them
     * again.
     */
    default void abandon() {
    }

    /**
     * Where to start reading partitions the group just assigned, when the stage keeps its positions itself: the next
     * offset by partition; a partition left out starts from the group's committed offset. Subscribed on a Vert.x
     * context and awaited on the loop's thread while the group rebalances.
     */
    default Uni<Map<TopicPartition, Long>> storedPositions(Collection<TopicPartition> assigned) {
        return Uni.createFrom().item(Map.of());
    }

    /** Releases what the handler holds (a producer of its own); called once, when the loop stops. */
    default void close() {
    }
}
