package dev.tally.bench.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How far topics and consumer groups have got: record counts, committed offsets, lag. */
public final class KafkaProgress implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;

    public KafkaProgress(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The records of a topic written in Kafka transactions, whose offsets also count the transactions' commit
     * markers: a group that consumed everything commits {@code end}, below the topic's end offsets.
     *
     * @param count the data records
     * @param end   the sum over partitions of the offset after the last data record
     */
    public record Records(long count, long end) {

        /** Records consumed, from a group's committed offsets: exact at the end, pro rata before it. */
        public long consumed(long committed) {
            return committed >= end ? count : Math.round((double) committed * count / Math.max(1, end));
        }
    }

    /** Reads {@code topic} once, read_committed, to count its data records and find where they end. */
    public Records records(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> next = new HashMap<>();
            long count = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
            }
            return new Records(count, next.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /** The sum of the end offsets of the topic's partitions: its record count, with no deletion or compaction yet. */
    public long endOffsets(String topic) {
        try {
            Map<String, TopicDescription> description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            return offsets.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    /** The sum of the offsets {@code group} committed on {@code topic}. */
    public long committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e, e);
        }
    }

    /** Waits until {@code group} has committed every record of {@code topic} ({@code expected} of them). */
    public void awaitConsumed(String group, String topic, long expected, Duration timeout) {
        await(() -> committed(group, topic) >= expected, timeout,
                () -> "group " + group + " committed " + committed(group, topic) + " of " + expected + " on " + topic);
    }

    /**
     * Waits until {@code group} has committed up to the end of every partition it has offsets on:
     * for Kafka Streams that includes its internal repartition topics, not just its input.
     */
    public void awaitCaughtUp(String group, Duration timeout) {
        await(() -> lagging(group) == 0, timeout, () -> "group " + group + " still lags on " + lagging(group)
                + " partitions");
    }

    /** Whether {@code group} has committed up to the end of every partition it has offsets on. */
    public boolean caughtUp(String group) {
        return lagging(group) == 0;
    }

    private int lagging(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return Integer.MAX_VALUE;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
            return (int) committed.entrySet().stream()
                    .filter(e -> e.getValue() == null || e.getValue().offset() < ends.get(e.getKey()).offset())
                    .count();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + group + ": " + e, e);
        }
    }

    /** Waits until {@code topic} holds {@code expected} records. */
    public void awaitRecords(String topic, long expected, Duration timeout) {
        await(() -> endOffsets(topic) >= expected, timeout,
                () -> topic + " holds " + endOffsets(topic) + " of " + expected + " records");
    }

    /** Polls {@code done} every 50 ms until it holds or {@code timeout} passes. */
    public static void await(BooleanSupplier done, Duration timeout, java.util.function.Supplier<String> state) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not done within " + timeout.toSeconds() + " s: " + state.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Creates {@code topic} with {@code partitions} partitions (replication factor 1: the local stack has one broker). */
    public void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(Set.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + e, e);
        }
    }

    /** How many partitions {@code topic} has. */
    public int partitions(String topic) {
        try {
            return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
