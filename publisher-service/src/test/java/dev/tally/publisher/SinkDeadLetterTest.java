package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SinkDeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void anUndecodableRecordGoesToTheDlqWithItsSinkAndLaterRecordsAreStillWritten() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        double deadBefore = PublisherMetrics.sinkMeter("tally_sink_dead_letters_total", "sales-by-product", "sql");
        String badKey = "[4001]-" + UUID.randomUUID();
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.sendRaw(sales.pipeline().aggregatesTopic(), badKey, "{not json".getBytes(StandardCharsets.UTF_8));
            producer.send(sales, Updates.of(sales, null, 1, 1, Map.of("lines", 1L, "units", 2L,
                    "revenue", new BigDecimal("3.00")), 4002L));
        }

        SinkDatabase sink = new SinkDatabase(endpoints);
        await("product 4002 written after the bad record").atMost(WAIT).until(() ->
                sink.single("SELECT version FROM sales_by_product WHERE product_id = 4002"), Optional::isPresent);

        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(sales.pipeline().dlqTopic(), badKey);
        Map<String, String> headers = headers(letter);
        assertThat(headers).containsEntry(DeadLetter.STAGE, "publish").containsEntry(DeadLetter.SINK, "sql")
                .containsEntry(DeadLetter.PIPELINE, "sales-by-product")
                .containsEntry(DeadLetter.TOPIC, sales.pipeline().aggregatesTopic());
        assertThat(headers.get(DeadLetter.REASON)).contains("not JSON");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        await("dead-letter meter").atMost(WAIT).until(() ->
                PublisherMetrics.sinkMeter("tally_sink_dead_letters_total", "sales-by-product", "sql") > deadBefore);
    }

    @Test
    void anUpdateWithoutTheWindowItsPipelineHasGoesToTheDlq() {
        CompiledPipeline minutes = pipelines.get("reporting-sales-per-minute").orElseThrow();
        AggregateUpdate windowless = Updates.of(minutes, null, 1, 1, Map.of("lines", 1L), 4003L);
        String key = "[4003]-" + UUID.randomUUID();
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.sendRaw(minutes.pipeline().aggregatesTopic(), key, new AggregateUpdateCodec(minutes).encode(windowless));
        }

        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(minutes.pipeline().dlqTopic(), key);
        assertThat(headers(letter)).containsEntry(DeadLetter.SINK, "minutes").containsEntry(DeadLetter.STAGE, "publish");
        assertThat(headers(letter).get(DeadLetter.REASON)).contains("has no window");
        assertThat(new SinkDatabase(endpoints).query("SELECT * FROM reporting.sales_per_minute WHERE product_id = 4003"))
                .isEmpty();
    }

    @Test
    void aRowTheSinkTableRefusesGoesToTheDlqAndTheRestOfItsBatchIsWritten() throws Exception {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        await("the sink table").atMost(WAIT).until(() -> !sink.query("SELECT 1 FROM pg_tables WHERE tablename = "
                + "'sales_by_product'").isEmpty());
        // A sink table with a rule of its own: the version with too many units can never be written.
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl("sink"));
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE sales_by_product ADD CONSTRAINT dlq_test_units CHECK (units < 1000000) "
                    + "NOT VALID");
            try {
                try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
                    producer.send(sales,
                            Updates.of(sales, null, 1, 1, Map.of("lines", 1L, "units", 5L), 94101L),
                            Updates.of(sales, null, 1, 1, Map.of("lines", 1L, "units", 2_000_000L), 94102L),
                            Updates.of(sales, null, 1, 1, Map.of("lines", 1L, "units", 7L), 94103L));
                }

                ConsumerRecord<String, byte[]> letter = awaitDeadLetter(sales.pipeline().dlqTopic(), "[94102]");
                assertThat(headers(letter)).containsEntry(DeadLetter.STAGE, "publish").containsEntry(DeadLetter.SINK, "sql");
                assertThat(headers(letter).get(DeadLetter.REASON)).contains("table \"sales_by_product\" refused the row",
                        "dlq_test_units", "(not retried)");
                await("the other products of the batch").atMost(WAIT).until(() -> sink.query(
                        "SELECT product_id FROM sales_by_product WHERE product_id IN (94101, 94103)").size() == 2);
                assertThat(sink.query("SELECT * FROM sales_by_product WHERE product_id = 94102")).isEmpty();
            } finally {
                statement.execute("ALTER TABLE sales_by_product DROP CONSTRAINT dlq_test_units");
            }
        }
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String dlq, String key) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(dlq));
            await("dead letter " + key + " on " + dlq).atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
