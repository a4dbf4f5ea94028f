package dev.tally.aggregator.apply;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record the aggregator gives up on: it goes to the dead-letter topic with the reason.
 *
 * @param record the Kafka record
 * @param reason what was wrong, and what to do
 */
public record Rejection(ConsumerRecord<byte[], byte[]> record, String reason) {
}
