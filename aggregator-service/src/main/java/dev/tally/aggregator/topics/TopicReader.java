package dev.tally.aggregator.topics;

import dev.tally.aggregator.AggregatorConfig;
import dev.tally.service.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic by partition and offset (a dead-letter topic for the dead-letter API, a changes topic for reversals)
 * with a consumer of its own that joins no group, so it never moves a stage's offsets. Every method blocks: call it
 * on a worker thread. Each read is bounded by {@code tally.aggregator.dlq.read-timeout}.
 */
@ApplicationScoped
public class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_POLL_RECORDS = 500;

    /** The offsets a partition holds now: from {@code begin} (inclusive) to {@code end} (exclusive). */
    public record Range(long begin, long end) {

        public long size() {
            return Math.max(0, end - begin);
        }

        public boolean contains(long offset) {
            return offset >= begin && offset < end;
        }

        @Override
        public String toString() {
            return size() == 0 ? "no offsets" : "offsets " + begin + " to " + (end - 1);
        }
    }

    private final KafkaClients clients;
    private final Duration timeout;

    public TopicReader(KafkaClients clients, AggregatorConfig config) {
        this.clients = clients;
        this.timeout = config.dlq().readTimeout();
    }

    /** The offsets each partition of {@code topic} holds now, by partition; empty when the topic does not exist. */
    public Map<Integer, Range> extent(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            // Assigned, though nothing is fetched: a read_committed consumer keeps the end offsets it asks for only
            // for partitions it has.
            consumer.assign(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<Integer, Range> extent = new TreeMap<>();
            for (TopicPartition partition : partitions) {
                extent.put(partition.partition(), new Range(begins.get(partition), ends.get(partition)));
            }
            return extent;
        } catch (KafkaException e) {
            throw new TopicUnavailable(topic, e);
        }
    }

    /** The records of {@code topic} within the ranges given by partition, ordered by partition, then offset. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, Map<Integer, Range> ranges) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        scan(topic, ranges, records::add);
        records.sort(Comparator.comparingInt(ConsumerRecord<byte[], byte[]>::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** Hands each record of {@code topic} within the ranges to {@code each}, in offset order within a partition. */
    public void scan(String topic, Map<Integer, Range> ranges, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        scanWhile(topic, ranges, record -> {
            each.accept(record);
            return true;
        });
    }

    /**
     * Hands each record of {@code topic} within the ranges to {@code each}, in offset order within a partition, until
     * {@code each} answers false: the records after that one are not read.
     *
     * @return false when {@code each} stopped the scan
     */
    public boolean scanWhile(String topic, Map<Integer, Range> ranges, Predicate<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Range> open = new HashMap<>();
        ranges.forEach((partition, range) -> {
            if (range.size() > 0) {
                open.put(new TopicPartition(topic, partition), range);
            }
        });
        if (open.isEmpty()) {
            return true;
        }
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(open.keySet());
            open.forEach((partition, range) -> consumer.seek(partition, range.begin()));
            while (!open.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TopicUnavailable(topic, "reading partitions " + open.keySet().stream()
                            .map(TopicPartition::partition).sorted().toList() + " took longer than "
                            + timeout.toSeconds() + " s (tally.aggregator.dlq.read-timeout)");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Range range = open.get(new TopicPartition(topic, record.partition()));
                    if (range != null && range.contains(record.offset()) && !each.test(record)) {
                        return false;
                    }
                }
                // Offsets may have gaps (transaction markers, records removed by retention): the position says when
                // a partition is done.
                List<TopicPartition> done = open.entrySet().stream()
                        .filter(e -> consumer.position(e.getKey(), timeout) >= e.getValue().end())
                        .map(Map.Entry::getKey).toList();
                done.forEach(open::remove);
                consumer.pause(done);
            }
        } catch (KafkaException e) {
            throw new TopicUnavailable(topic, e);
        }
        return true;
    }

    /**
     * The records at {@code offsets} of one partition, by offset; an offset the partition no longer holds (removed by
     * retention) or never held a record at (a transaction marker) is left out.
     */
    public Map<Long, ConsumerRecord<byte[], byte[]>> readAt(String topic, int partition, Collection<Long> offsets) {
        Map<Long, ConsumerRecord<byte[], byte[]>> found = new TreeMap<>();
        if (offsets.isEmpty()) {
            return found;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
            for (long offset : new TreeSet<>(offsets)) {
                if (offset < begin || found.containsKey(offset)) {
                    continue;
                }
                consumer.seek(tp, offset);
                // Polls until the position passes the offset: the record is there, or there is none at it.
                while (consumer.position(tp, timeout) <= offset && !found.containsKey(offset)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new TopicUnavailable(topic, "reading offset " + offset + " of partition " + partition
                                + " took longer than " + timeout.toSeconds() + " s (tally.aggregator.dlq.read-timeout)");
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (offsets.contains(record.offset())) {
                            found.put(record.offset(), record);
                        }
                    }
                }
            }
            return found;
        } catch (KafkaException e) {
            throw new TopicUnavailable(topic, e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        Collection<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(clients.reader("tally-topic-reader", MAX_POLL_RECORDS));
    }

    /** The topic could not be read in time; the request may be tried again. */
    public static final class TopicUnavailable extends RuntimeException {

        TopicUnavailable(String topic, String why) {
            super("cannot read " + topic + ": " + why);
        }

        TopicUnavailable(String topic, KafkaException cause) {
            super("cannot read " + topic + ": " + cause.getMessage(), cause);
        }
    }
}
