package dev.tally.ingest.cdc;

import dev.tally.ingest.Acknowledgements;
import dev.tally.ingest.ChangeProducer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns a batch of raw Debezium records of one pipeline into change events on its changes topic,
 * record by record in order; a record that cannot be decoded or mapped goes to the dead-letter
 * topic and the batch carries on. The batch completes when every send is acknowledged.
 */
public final class CdcBatchHandler implements BatchHandler {

    private final IngestPipeline pipeline;
    private final Map<String, String> sourcesByTopic;
    private final ChangeProducer producer;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final DebeziumEnvelopeDecoder decoder = new DebeziumEnvelopeDecoder();

    /** @param sourcesByTopic the pipeline source that reads each raw topic */
    public CdcBatchHandler(IngestPipeline pipeline, Map<String, String> sourcesByTopic, ChangeProducer producer,
                           DeadLetters deadLetters, IngestMetrics metrics) {
        this.pipeline = pipeline;
        this.sourcesByTopic = Map.copyOf(sourcesByTopic);
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Decodes, maps and sends on the loop's thread (sends may block on metadata or buffer space); acks come later. */
    @Override
    public Uni<Void> handle(ConsumerRecords<byte[], byte[]> batch) {
        Acknowledgements acks = new Acknowledgements();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            String source = sourcesByTopic.get(record.topic());
            if (source == null) {
                // The loop subscribes to exactly these topics; anything else is a wiring bug, not a bad record.
                throw new IllegalStateException("pipeline " + pipeline.name() + " received a record of topic "
                        + record.topic() + ", which none of its sources reads (" + sourcesByTopic + ")");
            }
            List<ChangeEvent> events;
            try {
                RowChange change = decoder.decode(record.key(), record.value());
                if (change == null) {
                    continue;
                }
                events = pipeline.map(source, change);
            } catch (DecodingException e) {
                acks.add(deadLetter(record, e.reason(), DeadLetterKind.DECODING));
                continue;
            } catch (MappingException e) {
                acks.add(deadLetter(record, e.getMessage(), DeadLetterKind.MAPPING));
                continue;
            } catch (RuntimeException e) {
                // Retrying would fail the same way forever and hold back the whole partition.
                acks.add(deadLetter(record, "source " + source + ": the change could not be mapped: " + e,
                        DeadLetterKind.MAPPING));
                continue;
            }
            for (ChangeEvent event : events) {
                acks.add(producer.send(pipeline, event));
            }
        }
        return acks.all();
    }

    private CompletionStage<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, DeadLetterKind kind) {
        // Subscribing now issues the send now, in record order.
        return deadLetters.send(pipeline.name(), DeadLetter.Stage.INGEST, reason, record, Optional.empty())
                .invoke(() -> metrics.deadLetter(pipeline.name(), kind))
                .subscribeAsCompletionStage();
    }
}
