package dev.tally.service;

import dev.tally.pipeline.dlq.DeadLetter;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Sends what a stage cannot process to the pipeline's dead-letter topic: the original key, value
 * and headers, plus the stage, the reason and the original coordinates.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;

    public DeadLetters(KafkaClients clients) {
        this.producer = new KafkaProducer<>(clients.producer("tally-dead-letters"));
    }

    /** Sends {@code original} to {@code tally.<pipeline>.dlq}; completes when the broker has it. */
    public Uni<Void> send(String pipeline, DeadLetter.Stage stage, String reason, ConsumerRecord<byte[], byte[]> original,
                          Optional<String> sink) {
        ProducerRecord<byte[], byte[]> record = record(pipeline, stage, reason, original, sink);
        return Uni.createFrom().emitter(emitter -> producer.send(record, (metadata, error) -> {
            if (error != null) {
                emitter.fail(error);
            } else {
                emitter.complete(null);
            }
        }));
    }

    /**
     * The record of {@code tally.<pipeline>.dlq} for {@code original}, for a stage that sends it itself (in a Kafka
     * transaction of its own); logs it.
     */
    public static ProducerRecord<byte[], byte[]> record(String pipeline, DeadLetter.Stage stage, String reason,
                                                        ConsumerRecord<byte[], byte[]> original, Optional<String> sink) {
        DeadLetter letter = new DeadLetter(pipeline, stage, reason, original.topic(), original.partition(),
                original.offset(), Instant.ofEpochMilli(original.timestamp()), sink);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("tally." + pipeline + ".dlq", original.key(),
                original.value());
        for (Header header : original.headers()) {
            record.headers().add(header);
        }
        letter.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        LOG.warnf("dead letter for %s from %s-%d@%d (%s): %s", pipeline, original.topic(), original.partition(),
                original.offset(), stage.label(), letter.reason());
        return record;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
