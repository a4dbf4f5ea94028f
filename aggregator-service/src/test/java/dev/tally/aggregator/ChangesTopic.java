package dev.tally.aggregator;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes records to a pipeline's changes topic as the ingest service would: keyed by group key. */
final class ChangesTopic {

    private final String bootstrapServers;
    private final String topic;
    private final ChangeEventCodec codec;

    ChangesTopic(String bootstrapServers, CompiledPipeline pipeline) {
        this.bootstrapServers = bootstrapServers;
        this.topic = pipeline.pipeline().changesTopic();
        this.codec = new ChangeEventCodec(pipeline);
    }

    /** Sends the events in order and waits until the broker has them all. */
    void send(List<ChangeEvent> events) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties(Map.of()))) {
            for (ChangeEvent event : events) {
                producer.send(record(event));
            }
            producer.flush();
        }
    }

    /**
     * Sends the events in one Kafka transaction: a read_committed consumer sees them all at once,
     * so they arrive in one polled batch.
     */
    void sendInOneTransaction(List<ChangeEvent> events) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties(
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aggregator-test-" + UUID.randomUUID())))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ChangeEvent event : events) {
                producer.send(record(event));
            }
            producer.commitTransaction();
        }
    }

    /** Sends raw bytes, whatever they are. */
    void sendRaw(String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties(Map.of()))) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    private ProducerRecord<byte[], byte[]> record(ChangeEvent event) {
        return new ProducerRecord<>(topic, event.key().encoded().getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }

    private Map<String, Object> properties(Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        props.putAll(extra);
        return props;
    }
}
