package dev.tally.ingest.cdc;

import dev.tally.ingest.IngestMetrics;
import dev.tally.ingest.IngestMetrics.DeadLetterKind;
import dev.tally.ingest.IngestPipeline;
import dev.tally.pipeline.cdc.DebeziumEnvelopeDecoder;
import dev.tally.pipeline.cdc.DecodingException;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.MappingException;
import dev.tally.service.BatchHandler;
import dev.tally.service.DeadLetters;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Turns a batch of raw Debezium records of one pipeline into change events on its changes topic, record by record in
 * order, in a Kafka transaction with the raw offsets: each raw record becomes its change events exactly once, whatever
 * crashes (a read_committed reader sees a transaction's events all or not at all). One transaction takes the batches
 * of a commit interval ({@code tally.ingest.commit-interval}), as Kafka Streams' exactly-once commits do: a small
 * poll does not cost a transaction of its own. A record that cannot be
 * decoded or mapped goes to the dead-letter topic, in the same transaction, and the batch carries on. A raw record
 * re-driven for another pipeline ({@link DeadLetter#REDRIVEN_FOR}) is left alone; one re-driven for this pipeline
 * makes change events marked the same way.
 */
public final class CdcBatchHandler implements BatchHandler {

    private final IngestPipeline pipeline;
    private final Map<String, String> sourcesByTopic;
    private final Map<String, Object> producerProperties;
    private final IngestMetrics metrics;
    private final Duration commitInterval;
    private final DebeziumEnvelopeDecoder decoder = new DebeziumEnvelopeDecoder();
    /** What the open transaction holds, counted once it commits. */
    private final Map<String, Integer> produced = new HashMap<>();
    private final Map<DeadLetterKind, Integer> deadLettered = new EnumMap<>(DeadLetterKind.class);
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;

    /**
     * @param sourcesByTopic     the pipeline source that reads each raw topic
     * @param producerProperties a transactional producer's ({@code KafkaClients.transactionalProducer})
     * @param commitInterval     how long one transaction takes batches before it commits
     */
    public CdcBatchHandler(IngestPipeline pipeline, Map<String, String> sourcesByTopic,
                           Map<String, Object> producerProperties, IngestMetrics metrics, Duration commitInterval) {
        this.pipeline = pipeline;
        this.commitInterval = commitInterval;
        this.sourcesByTopic = Map.copyOf(sourcesByTopic);
        this.producerProperties = Map.copyOf(producerProperties);
        this.metrics = metrics;
    }

    /** Decodes, maps and sends on the loop's thread (sends may block on metadata or buffer space). */
    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        begin();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            String source = sourcesByTopic.get(record.topic());
            if (source == null) {
                // The loop subscribes to exactly these topics; anything else is a wiring bug, not a bad record.
                throw new IllegalStateException("pipeline " + pipeline.name() + " received a record of topic "
                        + record.topic() + ", which none of its sources reads (" + sourcesByTopic + ")");
            }
            String redrivenFor = header(record, DeadLetter.REDRIVEN_FOR);
            if (redrivenFor != null && !redrivenFor.equals(pipeline.name())) {
                continue;
            }
            List<ChangeEvent> events;
            try {
                RowChange change = decoder.decode(record.key(), record.value());
                if (change == null) {
                    continue;
                }
                events = pipeline.map(source, change, record.partition(), record.offset());
            } catch (DecodingException e) {
                deadLetter(record, e.reason(), DeadLetterKind.DECODING);
                continue;
            } catch (MappingException e) {
                deadLetter(record, e.getMessage(), DeadLetterKind.MAPPING);
                continue;
            } catch (RuntimeException e) {
                // Retrying would fail the same way forever and hold back the whole partition.
                deadLetter(record, "source " + source + ": the change could not be mapped: " + e,
                        DeadLetterKind.MAPPING);
                continue;
            }
            for (ChangeEvent event : events) {
                producer.send(pipeline.record(event, redrivenFor != null));
            }
            produced.merge(source, events.size(), Integer::sum);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Duration commitInterval() {
        return commitInterval;
    }

    /** Commits the transaction with its raw offsets: the events and the offsets become visible together. */
    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> next, Consumer<byte[], byte[]> consumer) {
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        produced.forEach((source, count) -> metrics.eventsProduced(pipeline.name(), source, count));
        deadLettered.forEach((kind, count) -> metrics.deadLetters(pipeline.name(), kind, count));
        produced.clear();
        deadLettered.clear();
    }

    /** Aborts what the open transaction sent; a producer that can no longer take part in transactions is replaced. */
    @Override
    public void abandon() {
        produced.clear();
        deadLettered.clear();
        if (producer == null || !inTransaction) {
            return;
        }
        inTransaction = false;
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // Fenced, or in a state it cannot leave: the next batch starts with a new producer.
            producer.close();
            producer = null;
        }
    }

    private void begin() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties);
            // Aborts whatever a predecessor with the same transactional id left open.
            producer.initTransactions();
        }
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, DeadLetterKind kind) {
        producer.send(DeadLetters.record(pipeline.name(), DeadLetter.Stage.INGEST, reason, record, Optional.empty()));
        deadLettered.merge(kind, 1, Integer::sum);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
