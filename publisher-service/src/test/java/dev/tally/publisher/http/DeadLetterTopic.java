package dev.tally.publisher.http;

import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a pipeline's dead-letter topic from the start: what each sink gave up on, and why. */
final class DeadLetterTopic {

    /** A dead letter of a sink: the update it carries and the facts of its headers. */
    record Letter(String sink, String reason, AggregateUpdate update) {
        long productId() {
            return (Long) update.key().values().get(0);
        }
    }

    private final String bootstrapServers;
    private final CompiledPipeline pipeline;

    DeadLetterTopic(String bootstrapServers, CompiledPipeline pipeline) {
        this.bootstrapServers = bootstrapServers;
        this.pipeline = pipeline;
    }

    /** Every dead letter written so far. */
    List<Letter> read() {
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        List<Letter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records()) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            letters.add(new Letter(headers.get(DeadLetter.SINK), headers.get(DeadLetter.REASON),
                    codec.decode(record.value())));
        }
        return letters;
    }

    /** Every dead letter written so far as text: its key, value and every header, one record per line. */
    String raw() {
        StringBuilder raw = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : records()) {
            raw.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append(' ')
                    .append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
            for (Header header : record.headers()) {
                raw.append(' ').append(header.key()).append('=')
                        .append(new String(header.value(), StandardCharsets.UTF_8));
            }
            raw.append('\n');
        }
        return raw.toString();
    }

    private List<ConsumerRecord<byte[], byte[]>> records() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(pipeline.pipeline().dlqTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The dead letters of one sink. */
    List<Letter> of(String sink) {
        return read().stream().filter(letter -> sink.equals(letter.sink())).toList();
    }
}
