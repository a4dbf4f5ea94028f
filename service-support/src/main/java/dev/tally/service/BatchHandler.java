package dev.tally.service;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** What a stage does with one polled batch. */
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
}
