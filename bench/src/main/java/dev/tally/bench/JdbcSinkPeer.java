package dev.tally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.localstack.StackEndpoints;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Debezium's JDBC sink connector, the peer of Tally's SQL sink: it needs records with schemas, so
 * the aggregates topic is copied, record for record, into a topic of JSON with embedded schemas
 * (decimals as Connect decimals, an emptied group as a tombstone); the connector then upserts it.
 */
final class JdbcSinkPeer {

    static final String TOPIC = "bench.jdbc.sales-by-product";
    static final String TABLE = "jdbc_sales_by_product";
    static final String CONNECTOR = "bench-jdbc-sink";
    /** The consumer group Connect gives the sink connector. */
    static final String GROUP = "connect-" + CONNECTOR;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JdbcSinkPeer() {
    }

    /** Copies every record of {@code aggregatesTopic} into {@link #TOPIC}; returns how many. */
    static long copy(String bootstrap, String aggregatesTopic, AggregateUpdateCodec codec, long records) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            List<TopicPartition> partitions = consumer.partitionsFor(aggregatesTopic).stream()
                    .map(p -> new TopicPartition(aggregatesTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (copied < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    AggregateUpdate update = codec.decode(record.value());
                    producer.send(new ProducerRecord<>(TOPIC, record.partition(), key(update), value(update)));
                    copied++;
                }
            }
            producer.flush();
        }
        return copied;
    }

    static Map<String, String> connectorConfig(StackEndpoints endpoints) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("connection.url", "jdbc:postgresql://127.0.0.1:" + endpoints.postgresPort() + "/sink");
        config.put("connection.username", StackEndpoints.USER);
        config.put("connection.password", StackEndpoints.PASSWORD);
        config.put("insert.mode", "upsert");
        config.put("delete.enabled", "true");
        config.put("primary.key.mode", "record_key");
        config.put("schema.evolution", "basic");
        config.put("collection.name.format", TABLE);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "true");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        return config;
    }

    private static String key(AggregateUpdate update) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode schema = root.putObject("schema").put("type", "struct").put("optional", false);
        schema.putArray("fields").addObject().put("field", "product_id").put("type", "int64").put("optional", false);
        root.putObject("payload").put("product_id", (Long) update.key().values().get(0));
        return root.toString();
    }

    private static String value(AggregateUpdate update) {
        if (update.isEmpty()) {
            return null;
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode schema = root.putObject("schema").put("type", "struct").put("optional", false);
        ArrayNode fields = schema.putArray("fields");
        ObjectNode payload = root.putObject("payload");
        field(fields, "product_id", "int64");
        payload.put("product_id", (Long) update.key().values().get(0));
        field(fields, "lines", "int64");
        payload.put("lines", (Long) update.aggregates().get("lines"));
        field(fields, "units", "int64");
        payload.put("units", (Long) update.aggregates().get("units"));
        for (String decimal : List.of("revenue", "min_price", "max_price")) {
            BigDecimal amount = ((BigDecimal) update.aggregates().get(decimal)).setScale(2);
            fields.addObject().put("field", decimal).put("type", "bytes").put("optional", true)
                    .put("name", "org.apache.kafka.connect.data.Decimal").put("version", 1)
                    .putObject("parameters").put("scale", "2");
            payload.put(decimal, Base64.getEncoder().encodeToString(amount.unscaledValue().toByteArray()));
        }
        field(fields, "version", "int64");
        payload.put("version", update.version());
        return root.toString();
    }

    private static void field(ArrayNode fields, String name, String type) {
        fields.addObject().put("field", name).put("type", type).put("optional", false);
    }
}
