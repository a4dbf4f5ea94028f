package dev.tally.aggregator.dlq;

import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.dlq.RedriveTarget;
import dev.tally.service.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Republishes dead letters: each entry's original key, value and headers (without those a dead letter or an earlier
 * re-drive added) to its target topic, keyed as before, marked as re-driven for its pipeline
 * ({@link DeadLetter#REDRIVEN_FOR}). Blocks: call it on a worker thread.
 */
@ApplicationScoped
public class Redriver {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    /** A dead letter of {@code pipeline} to republish. */
    record Outgoing(String pipeline, ConsumerRecord<byte[], byte[]> record, RedriveTarget target) {
    }

    private final Producer<byte[], byte[]> producer;

    public Redriver(KafkaClients clients) {
        this.producer = new KafkaProducer<>(clients.producer("tally-redrive"));
    }

    /** Sends every record (in the order given, so one partition keeps their order) and waits until the broker has them. */
    List<RecordMetadata> send(List<Outgoing> outgoing) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(outgoing.size());
        for (Outgoing out : outgoing) {
            sends.add(producer.send(record(out)));
        }
        List<RecordMetadata> sent = new ArrayList<>(sends.size());
        try {
            for (Future<RecordMetadata> send : sends) {
                sent.add(send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedriveFailed("interrupted after " + sent.size() + " of " + sends.size() + " records", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RedriveFailed("failed after " + sent.size() + " of " + sends.size() + " records: "
                    + cause.getMessage(), cause);
        }
        return sent;
    }

    private static ProducerRecord<byte[], byte[]> record(Outgoing out) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(out.target().topic(), out.record().key(),
                out.record().value());
        for (Header header : out.record().headers()) {
            if (!DeadLetter.isTallyHeader(header.key())) {
                record.headers().add(header);
            }
        }
        record.headers().add(DeadLetter.REDRIVEN_FOR, out.pipeline().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    /** The broker did not take every record; those sent are not logged, and go again with the next re-drive. */
    public static final class RedriveFailed extends RuntimeException {
        RedriveFailed(String message, Throwable cause) {
            super("re-driving " + message, cause);
        }
    }
}
