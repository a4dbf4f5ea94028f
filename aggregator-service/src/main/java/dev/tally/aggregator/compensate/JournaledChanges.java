package dev.tally.aggregator.compensate;

import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.topics.TopicReader;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads journaled changes back from the pipeline's changes topic, where the journal says they are: the journal keeps
 * only their coordinates, the topic their contributions. Blocks: call it on a worker thread.
 */
final class JournaledChanges {

    private final TopicReader reader;
    private final ChangeEventCodec codec;
    private final String topic;

    JournaledChanges(CompiledPipeline pipeline, TopicReader reader) {
        this.reader = reader;
        this.codec = new ChangeEventCodec(pipeline);
        this.topic = pipeline.pipeline().changesTopic();
    }

    /**
     * The changes of the entries (all of one partition: the changes of one aggregate are), by event id; an entry
     * whose record the topic no longer holds (removed by retention) is left out.
     */
    Map<String, ChangeEvent> read(List<Journal.Entry> entries) {
        Map<String, ChangeEvent> changes = new HashMap<>();
        if (entries.isEmpty()) {
            return changes;
        }
        int partition = entries.getFirst().partition();
        Map<Long, ConsumerRecord<byte[], byte[]>> records = reader.readAt(topic, partition,
                entries.stream().map(Journal.Entry::offset).toList());
        for (Journal.Entry entry : entries) {
            ConsumerRecord<byte[], byte[]> record = records.get(entry.offset());
            if (record != null) {
                ChangeEvent change = codec.decode(record.value());
                if (change.eventId().equals(entry.eventId())) {
                    changes.put(entry.eventId(), change);
                }
            }
        }
        return changes;
    }
}
