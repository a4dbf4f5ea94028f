package dev.tally.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Raw records that cannot be ingested go to the dead-letter topic with their reason; the pipeline keeps going. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "source"))
class DeadLetterTest {

    private static final String RAW = "tally.src.orders.public.order_lines";
    private static final String DLQ = "tally.sales-by-product.dlq";
    private static final String CHANGES = "tally.sales-by-product.changes";
    private static final String CASE_HEADER = "test-case";

    StackEndpoints endpoints;

    @Inject
    IngestPipelines pipelines;

    @Test
    void badRecordsLandOnTheDeadLetterTopicWithTheirReasonAndTheNextChangeStillArrives() throws Exception {
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("not-json", "this is not JSON {".getBytes(StandardCharsets.UTF_8));
        reasons.put("not-json", "value is not JSON");
        values.put("not-an-envelope", "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
        reasons.put("not-an-envelope", "envelope has no 'op' field");
        values.put("update-without-before", envelope("u", null, row(7002, 9202, "2"), 2002));
        reasons.put("update-without-before", "update of public.order_lines has no before image");
        values.put("wrong-type", envelope("c", null, row(7003, 9203, "\"many\""), 2003));
        reasons.put("wrong-type", "column 'quantity' of public.order_lines (after): 'many' (String) is not a long");
        double before = deadLetterCount();

        Map<String, RecordMetadata> written = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (var bad : values.entrySet()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(RAW, key(7000), bad.getValue());
                record.headers().add(CASE_HEADER, bad.getKey().getBytes(StandardCharsets.UTF_8));
                written.put(bad.getKey(), producer.send(record).get(30, TimeUnit.SECONDS));
            }
            producer.send(new ProducerRecord<>(RAW, key(7004), envelope("c", null, row(7004, 9204, "6"), 2004)))
                    .get(30, TimeUnit.SECONDS);
        }

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), DLQ)) {
            List<ConsumerRecord<byte[], byte[]>> letters = reader.await(r -> header(r, CASE_HEADER) != null
                    && written.containsKey(header(r, CASE_HEADER))
                    && Long.toString(written.get(header(r, CASE_HEADER)).offset()).equals(header(r, DeadLetter.OFFSET)),
                    values.size());
            assertThat(letters).hasSize(values.size());
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                String name = header(letter, CASE_HEADER);
                RecordMetadata original = written.get(name);
                assertThat(letter.value()).as(name).isEqualTo(values.get(name));
                assertThat(letter.key()).as(name).isEqualTo(key(7000));
                assertThat(header(letter, DeadLetter.STAGE)).as(name).isEqualTo("ingest");
                assertThat(header(letter, DeadLetter.PIPELINE)).as(name).isEqualTo("sales-by-product");
                assertThat(header(letter, DeadLetter.REASON)).as(name).contains(reasons.get(name));
                assertThat(header(letter, DeadLetter.TOPIC)).as(name).isEqualTo(RAW);
                assertThat(header(letter, DeadLetter.PARTITION)).as(name).isEqualTo(Integer.toString(original.partition()));
            }
        }

        ChangeEventCodec codec = new ChangeEventCodec(pipelines.get("sales-by-product").orElseThrow().definition());
        byte[] validKey = "[9204]".getBytes(StandardCharsets.UTF_8);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), CHANGES)) {
            ChangeEvent event = codec.decode(reader.await(r -> Arrays.equals(validKey, r.key()), 1).getFirst().value());
            assertThat(event.after()).containsEntry("units", 6L);
            assertThat(event.rowKey()).isEqualTo("public.order_lines|id=7004");
        }
        assertThat(deadLetterCount()).isGreaterThanOrEqualTo(before + values.size());
    }

    @Test
    void aChangeDatedFarAheadIsDeadLetteredByTheWindowedPipelineAndCountedByTheOther() throws Exception {
        Instant nextMonth = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        byte[] value = envelope("c", null, row(7101, 9301, "2", nextMonth.toString()), 2101);
        RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            written = producer.send(new ProducerRecord<>(RAW, key(7101), value)).get(30, TimeUnit.SECONDS);
        }

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), "tally.sales-per-minute.dlq")) {
            ConsumerRecord<byte[], byte[]> letter = reader.await(r -> Arrays.equals(r.value(), value)
                    && Long.toString(written.offset()).equals(header(r, DeadLetter.OFFSET)), 1).getFirst();
            assertThat(header(letter, DeadLetter.PIPELINE)).isEqualTo("sales-per-minute");
            assertThat(header(letter, DeadLetter.REASON)).contains("event time field 'created_at' is " + nextMonth,
                    "more than 1d ahead of now", "raise window.future");
        }
        // Without windows, the date is only a column: the other pipeline on the table counts the change.
        byte[] key = "[9301]".getBytes(StandardCharsets.UTF_8);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), CHANGES)) {
            assertThat(reader.await(r -> Arrays.equals(key, r.key()), 1)).hasSize(1);
        }
    }

    @Test
    void aRawRecordReDrivenForOnePipelineFeedsOnlyThatPipeline() throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            ProducerRecord<byte[], byte[]> redriven = new ProducerRecord<>(RAW, 0, key(7111),
                    envelope("c", null, row(7111, 9311, "2", now), 2111));
            redriven.headers().add(DeadLetter.REDRIVEN_FOR, "sales-per-minute".getBytes(StandardCharsets.UTF_8));
            producer.send(redriven).get(30, TimeUnit.SECONDS);
            // Behind it on the same partition: once this one is counted, the re-driven one was passed over.
            producer.send(new ProducerRecord<>(RAW, 0, key(7112), envelope("c", null, row(7112, 9312, "3", now), 2112)))
                    .get(30, TimeUnit.SECONDS);
        }

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), "tally.sales-per-minute.changes")) {
            List<ConsumerRecord<byte[], byte[]>> events = reader.await(r -> keyOf(r).contains("9311"), 1);
            assertThat(header(events.getFirst(), DeadLetter.REDRIVEN_FOR)).isEqualTo("sales-per-minute");
        }
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), CHANGES)) {
            reader.await(r -> keyOf(r).contains("9312"), 1);
            // Ingest writes in Kafka transactions: the record before it is in the same or an earlier one.
            assertThat(reader.readFor(Duration.ofSeconds(2))).as("sales-by-product took the record before it already")
                    .noneMatch(r -> keyOf(r).contains("9311"));
        }
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static double deadLetterCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("tally_ingest_dead_letters_total{") && line.contains("pipeline=\"sales-by-product\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] key(long id) {
        return ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** An order_lines row as the orders-source connector writes it (JSON without schemas, decimals as strings). */
    private static String row(long id, long product, String quantityJson) {
        return row(id, product, quantityJson, "2026-11-23T09:15:02.123456Z");
    }

    private static String row(long id, long product, String quantityJson, String createdAt) {
        return "{\"id\":" + id + ",\"order_id\":1,\"product_id\":" + product + ",\"quantity\":" + quantityJson
                + ",\"unit_price\":\"1.25\",\"created_at\":\"" + createdAt + "\"}";
    }

    private static byte[] envelope(String op, String before, String after, long lsn) {
        return ("{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"version\":\"3.5.0.Final\","
                + "\"connector\":\"postgresql\",\"name\":\"tally.src.orders\",\"ts_ms\":1795429817031,"
                + "\"snapshot\":\"false\",\"db\":\"source\",\"sequence\":\"[null,\\\"" + lsn + "\\\"]\","
                + "\"schema\":\"public\",\"table\":\"order_lines\",\"txId\":" + lsn + ",\"lsn\":" + lsn + "},"
                + "\"op\":\"" + op + "\",\"ts_ms\":1795429817240}").getBytes(StandardCharsets.UTF_8);
    }
}
