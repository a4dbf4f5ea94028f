package dev.tally.aggregator.apply;

import dev.tally.pipeline.event.ChangeEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A decoded change event and the record it came in, kept for the dead-letter topic.
 *
 * @param record the Kafka record
 * @param event  the change event it holds
 */
public record PendingEvent(ConsumerRecord<byte[], byte[]> record, ChangeEvent event) {
}
