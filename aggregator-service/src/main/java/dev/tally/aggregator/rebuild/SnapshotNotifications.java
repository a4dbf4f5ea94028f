package dev.tally.aggregator.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a connector's Debezium notifications ({@code notification.sink.topic.name}) for the outcome of
 * one incremental snapshot: Debezium gives its notifications the id of the signal that asked for it.
 * Blocking: for the rebuild watcher's own thread.
 */
final class SnapshotNotifications {

    /** How an incremental snapshot ended, if it has. */
    enum Outcome {
        COMPLETED,
        ABORTED
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_EMPTY_POLLS = 10;

    private SnapshotNotifications() {
    }

    /** Scans the topic up to its current end for the snapshot's final notification. */
    static Optional<Outcome> outcome(Map<String, Object> readerConfig, String topic, String signalId) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Optional<Outcome> outcome = Optional.empty();
            int emptyPolls = 0;
            while (!reached(consumer, end) && emptyPolls < MAX_EMPTY_POLLS) {
                var records = consumer.poll(POLL);
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Optional<Outcome> reported = read(record.value(), signalId);
                    if (reported.isPresent()) {
                        outcome = reported;
                    }
                }
            }
            return outcome;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** The outcome a notification reports for this signal's incremental snapshot, if it reports one. */
    static Optional<Outcome> read(byte[] value, String signalId) {
        if (value == null) {
            return Optional.empty();
        }
        JsonNode notification;
        try {
            notification = JSON.readTree(value);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!signalId.equals(notification.path("id").asText())
                || !"Incremental Snapshot".equals(notification.path("aggregate_type").asText())) {
            return Optional.empty();
        }
        return switch (notification.path("type").asText()) {
            case "COMPLETED" -> Optional.of(Outcome.COMPLETED);
            case "ABORTED" -> Optional.of(Outcome.ABORTED);
            default -> Optional.empty();
        };
    }
}
