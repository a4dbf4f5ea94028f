package dev.tally.aggregator.dlq;

import dev.tally.aggregator.topics.Blocking;
import dev.tally.aggregator.topics.TopicReader;
import dev.tally.aggregator.topics.TopicReader.Range;
import dev.tally.aggregator.dlq.DlqPage;
import dev.tally.aggregator.store.DlqCoordinates;
import dev.tally.aggregator.store.RedriveLog;
import dev.tally.pipeline.model.Pipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Lists a pipeline's dead-letter entries by page, in partition order, then offset order, each with its re-drives.
 * Page {@code n} of size {@code s} holds the entries {@code n*s} to {@code n*s+s-1} of that order, found from the
 * partitions' offsets without reading the entries before it.
 */
@ApplicationScoped
public class DlqListing {

    private record Read(List<ConsumerRecord<byte[], byte[]>> records, long total) {
    }

    private final TopicReader topic;
    private final Mutiny.SessionFactory sessions;

    public DlqListing(TopicReader topic, Mutiny.SessionFactory sessions) {
        this.topic = topic;
        this.sessions = sessions;
    }

    public Uni<DlqPage> page(Pipeline pipeline, int page, int size) {
        return Blocking.call(() -> read(pipeline.dlqTopic(), page, size))
                .chain(read -> sessions.withSession(session -> RedriveLog.of(session, pipeline.name(),
                                read.records().stream().map(DeadLetterRecords::coordinates).toList()))
                        .map(redrives -> new DlqPage(read.records().stream()
                                .map(record -> DeadLetterRecords.entry(record, redrives.getOrDefault(
                                        DeadLetterRecords.coordinates(record), List.of())))
                                .toList(), page, size, read.total())));
    }

    private Read read(String dlqTopic, int page, int size) {
        Map<Integer, Range> extent = topic.extent(dlqTopic);
        long total = extent.values().stream().mapToLong(Range::size).sum();
        long skip = (long) page * size;
        long remaining = size;
        Map<Integer, Range> ranges = new TreeMap<>();
        for (Map.Entry<Integer, Range> partition : extent.entrySet()) {
            Range range = partition.getValue();
            if (remaining == 0) {
                break;
            }
            if (skip >= range.size()) {
                skip -= range.size();
                continue;
            }
            long from = range.begin() + skip;
            long to = Math.min(range.end(), from + remaining);
            ranges.put(partition.getKey(), new Range(from, to));
            remaining -= to - from;
            skip = 0;
        }
        return new Read(topic.read(dlqTopic, ranges), total);
    }
}
