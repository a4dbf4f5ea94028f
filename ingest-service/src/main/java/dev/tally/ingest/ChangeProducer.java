package dev.tally.ingest;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.service.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes change events to their pipeline's changes topic through one idempotent producer, so
 * that sends issued in order land in order within each partition, retries included.
 */
@ApplicationScoped
public class ChangeProducer {

    private final Producer<byte[], byte[]> producer;
    private final IngestMetrics metrics;

    public ChangeProducer(KafkaClients clients, IngestMetrics metrics) {
        this.producer = new KafkaProducer<>(clients.producer("tally-ingest"));
        this.metrics = metrics;
    }

    /**
     * Issues the send now, on the calling thread (it may block while the producer fetches the
     * topic's metadata or waits for buffer space, so never call it on an event loop).
     *
     * @return completes when the broker has acknowledged the event
     */
    public CompletableFuture<RecordMetadata> send(IngestPipeline pipeline, ChangeEvent event) {
        ProducerRecord<byte[], byte[]> record = pipeline.record(event);
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    ack.completeExceptionally(failure(record, event, error));
                } else {
                    metrics.eventsProduced(pipeline.name(), event.source(), 1);
                    ack.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(failure(record, event, e));
        }
        return ack;
    }

    private static IllegalStateException failure(ProducerRecord<byte[], byte[]> record, ChangeEvent event,
                                                 Throwable error) {
        return new IllegalStateException("Kafka did not take change event " + event.eventId() + " for "
                + record.topic() + ": " + error.getMessage(), error);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
