package dev.tally.bench;

import dev.tally.bench.streams.PeerSerdes;
import dev.tally.bench.streams.Sales;
import dev.tally.cli.verify.SalesByProduct;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A Kafka Streams peer's result: the newest value per product on its output topic, as rows to compare. */
final class StreamsOutput {

    /** The raw-topic peer keys its output by product id (a serialized long). */
    static final ToLongFunction<byte[]> LONG_KEY = key -> ByteBuffer.wrap(key).getLong();

    private StreamsOutput() {
    }

    /** @param product the product id of an output record's key */
    static Map<Long, SalesByProduct.Row> read(String bootstrap, String topic, ToLongFunction<byte[]> product) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Long, byte[]> newest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    newest.put(product.applyAsLong(record.key()), record.value());
                }
            }
        }
        Map<Long, SalesByProduct.Row> rows = new TreeMap<>();
        for (Map.Entry<Long, byte[]> entry : newest.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            Sales sales = PeerSerdes.sales().deserializer().deserialize(topic, entry.getValue());
            if (sales.lines > 0) {
                rows.put(entry.getKey(), new SalesByProduct.Row(sales.lines, sales.units, sales.revenue,
                        sales.minPrice(), sales.maxPrice()));
            }
        }
        return rows;
    }
}
