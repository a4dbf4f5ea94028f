package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.LocalRun;
import dev.tally.cli.TallyService;
import dev.tally.cli.verify.SalesByProduct;
import dev.tally.pipeline.dlq.DeadLetter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input corpus, fed through the whole running stack (the orders example's two pipelines and a pipeline of
 * posted events): malformed records and envelopes written straight onto the raw topic, rows with far-future and
 * pre-epoch times, schema changes of the captured table mid-stream ({@code ALTER TABLE} add, rename, type change,
 * drop), and posted events with wrong types, null and oversized keys and U+0000 (PostgreSQL's text cannot hold U+0000,
 * so it reaches Tally only from posted events and other Kafka producers). Each lands in the dead-letter topic
 * with its reason, or is refused with 400, or is handled as the README documents; the pipelines go on: at the end
 * every sink equals its ground truth (the source rows whose changes were dead-lettered left out, as documented) and
 * every service is ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusIT {

    private static final Path ROOT = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    private static final Duration CONVERGENCE = Duration.ofMinutes(3);
    private static final String RAW = "tally.src.orders.public.order_lines";
    private static final String CASE = "corpus-case";

    private Path workDir;
    private LocalRun run;
    private String source;
    private String sink;

    @BeforeAll
    void startTally() throws Exception {
        workDir = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "tally-corpus-");
        Files.delete(workDir);
        run = LocalRun.start(ROOT, List.of(ROOT.resolve("examples/orders/sales-by-product.yaml"),
                        ROOT.resolve("examples/orders/sales-per-minute.yaml"),
                        ROOT.resolve("e2e-tests/src/test/resources/corpus/posted-takings.yaml")),
                Optional.of(ROOT.resolve("examples/orders/schema.sql")), workDir, env -> { });
        source = run.stack().jdbcUrl("source");
        sink = run.stack().jdbcUrl("sink");
    }

    @AfterAll
    void stopTally() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void everyBadInputIsDeadLetteredOrRefusedWithItsReasonAndThePipelinesGoOn() throws Exception {
        String now = Instant.now().toString();
        for (long id = 1; id <= 10; id++) {
            insertLine(id, 100 + id % 3, 2, "1.50", "now()");
        }

        // Records that are not what Debezium writes, straight onto the raw topic.
        Map<String, String> rawReasons = new LinkedHashMap<>();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put("not JSON", bytes("this is not JSON {"));
        rawReasons.put("not JSON", "is not JSON");
        raw.put("wrong type", envelope("public", "order_lines", row(9001, "101", "\"many\"", "\"1.00\"")));
        rawReasons.put("wrong type", "'many' (String) is not a long");
        raw.put("missing key field", envelope("public", "order_lines",
                "{\"id\":9002,\"order_id\":1,\"quantity\":1,\"unit_price\":\"1.00\",\"created_at\":\"" + now + "\"}"));
        rawReasons.put("missing key field", "product_id");
        raw.put("unknown table", envelope("public", "refunds", row(9003, "101", "1", "\"1.00\"")));
        rawReasons.put("unknown table", "a change of public.refunds arrived on the topic of source order-lines");
        raw.put("oversize record", bytes("{\"junk\":\"" + "x".repeat(800_000) + "\"}"));
        rawReasons.put("oversize record", "no 'op' field");
        produceRaw(raw);

        // Event times: far ahead (a valid PostgreSQL timestamp) and long before the epoch.
        insertLine(20, 101, 1, "2.00", "'200000-01-01 00:00:00+00'");
        insertLine(21, 101, 1, "2.00", "'1960-06-01 00:00:00+00'");

        // Schema changes of the captured table while changes flow.
        execute("ALTER TABLE order_lines ADD COLUMN note text");
        execute("INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price, note) "
                + "VALUES (30, 1, 102, 3, 1.25, 'a column no pipeline reads')");
        execute("ALTER TABLE order_lines RENAME COLUMN quantity TO qty");
        execute("INSERT INTO order_lines (id, order_id, product_id, qty, unit_price) VALUES (31, 1, 102, 4, 1.25)");
        execute("ALTER TABLE order_lines RENAME COLUMN qty TO quantity");
        execute("INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (32, 1, 102, 5, 1.25)");
        execute("ALTER TABLE order_lines ALTER COLUMN quantity TYPE numeric(12,2)");
        execute("INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (33, 1, 102, 2.5, 1.25)");
        execute("ALTER TABLE order_lines ALTER COLUMN quantity TYPE int USING round(quantity)::int");
        execute("ALTER TABLE order_lines DROP COLUMN note");
        execute("INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (34, 1, 102, 6, 1.25)");
        execute("UPDATE order_lines SET quantity = quantity + 1 WHERE id IN (1, 30, 32)");

        // Posted events.
        Map<String, Integer> answers = new LinkedHashMap<>();
        answers.put("{\"store\": \"north\",", post("{\"store\": \"north\","));
        answers.put("wrong type", post("{\"store\": \"north\", \"amount\": \"lots\"}"));
        answers.put("U+0000 in the key", post("{\"store\": \"no\\u0000rth\", \"amount\": 1.00}"));
        answers.put("key over 1,024 bytes", post("{\"store\": \"" + "k".repeat(1_100) + "\", \"amount\": 1.00}"));
        answers.put("good", post("{\"store\": \"north\", \"amount\": 2.50}"));
        answers.put("null key", post("{\"store\": null, \"amount\": 4.00}"));
        answers.put("300-character key", post("{\"store\": \"" + "s".repeat(300) + "\", \"amount\": 1.25}"));
        assertThat(answers).containsExactly(Map.entry("{\"store\": \"north\",", 400), Map.entry("wrong type", 400),
                Map.entry("U+0000 in the key", 400), Map.entry("key over 1,024 bytes", 400), Map.entry("good", 202),
                Map.entry("null key", 202), Map.entry("300-character key", 202));

        // The lines written while a column the pipelines read was renamed or of another type are dead-lettered.
        List<Long> deadLines = List.of(31L, 33L);
        Duration settle = awaitSalesByProduct(deadLines);
        Map<String, BigDecimal> takings = awaitPostedTakings(Map.of("north", new BigDecimal("2.50"),
                "<null>", new BigDecimal("4.00"), "s".repeat(300), new BigDecimal("1.25")));

        List<Letter> byProduct = deadLetters("tally.sales-by-product.dlq");
        List<Letter> perMinute = deadLetters("tally.sales-per-minute.dlq");
        rawReasons.forEach((name, reason) -> {
            assertThat(byProduct).as("sales-by-product dead letter of '%s'", name)
                    .anySatisfy(letter -> assertThat(letter.corpusCase() + " " + letter.reason())
                            .startsWith(name + " ").contains(reason));
            assertThat(perMinute).as("sales-per-minute dead letter of '%s'", name)
                    .anySatisfy(letter -> assertThat(letter.corpusCase()).isEqualTo(name));
        });
        assertThat(byProduct).as("the line written while quantity was renamed")
                .anySatisfy(letter -> assertThat(letter.reason()).contains("quantity"));
        assertThat(byProduct).as("the line written while quantity was numeric")
                .anySatisfy(letter -> assertThat(letter.reason()).contains("quantity", "2.50"));
        assertThat(perMinute).as("the line dated in the year 200000")
                .anySatisfy(letter -> assertThat(letter.reason())
                        .contains("+200000-01-01T00:00:00Z", "outside the years 1 to 9999"));
        assertThat(perMinute).as("the line dated 1960, behind every closed window")
                .anySatisfy(letter -> assertThat(letter.reason()).startsWith("late: window [1960-06-01T00:00:00Z"));
        assertThat(byProduct).as("sales-by-product has no windows: it counts both dated lines")
                .noneMatch(letter -> letter.reason().contains("outside the years") || letter.reason().startsWith("late"));

        for (TallyService service : TallyService.values()) {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(run.url(service) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("%s ready: %s", service.module(), ready.body()).isEqualTo(200);
        }
        System.out.printf("corpus: %d raw records, 2 dated lines, 4 schema changes, %d posts; sales_by_product equal "
                        + "to ground truth without lines %s after %.1f s; posted_takings %s; dead letters: %d "
                        + "(sales-by-product), %d (sales-per-minute)%n", raw.size(), answers.size(), deadLines,
                settle.toMillis() / 1000.0, takings.keySet().stream().map(k -> k.length() > 20 ? k.length() + " chars"
                        : k).toList(), byProduct.size(), perMinute.size());
    }

    private Duration awaitSalesByProduct(List<Long> deadLines) throws SQLException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(CONVERGENCE);
        Map<Long, SalesByProduct.Row> expected = SalesByProduct.groundTruthWithout(source, deadLines);
        Map<Long, SalesByProduct.Row> actual = SalesByProduct.sinkTable(sink, "sales_by_product");
        while (!expected.equals(actual) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            actual = SalesByProduct.sinkTable(sink, "sales_by_product");
        }
        assertThat(SalesByProduct.differences(expected, actual, 10))
                .as("sales_by_product vs GROUP BY over order_lines without lines %s", deadLines).isEmpty();
        return Duration.between(start, Instant.now());
    }

    private Map<String, BigDecimal> awaitPostedTakings(Map<String, BigDecimal> expected) throws Exception {
        Instant deadline = Instant.now().plus(CONVERGENCE);
        Map<String, BigDecimal> actual = postedTakings();
        while (!same(expected, actual) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            actual = postedTakings();
        }
        Map<String, BigDecimal> last = actual;
        assertThat(last.keySet()).as("stores in posted_takings").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((store, amount) -> assertThat(last.get(store)).as("takings of %s", store)
                .isEqualByComparingTo(amount));
        return last;
    }

    private static boolean same(Map<String, BigDecimal> expected, Map<String, BigDecimal> actual) {
        return expected.keySet().equals(actual.keySet())
                && expected.entrySet().stream().allMatch(e -> e.getValue().compareTo(actual.get(e.getKey())) == 0);
    }

    private Map<String, BigDecimal> postedTakings() throws SQLException {
        Map<String, BigDecimal> takings = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(sink);
             Statement statement = connection.createStatement()) {
            if (!tableExists(connection, "posted_takings")) {
                return takings;
            }
            try (ResultSet rows = statement.executeQuery("SELECT store, takings FROM posted_takings")) {
                while (rows.next()) {
                    takings.put(rows.getString(1) == null ? "<null>" : rows.getString(1), rows.getBigDecimal(2));
                }
            }
        }
        return takings;
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        }
    }

    private int post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(run.url(TallyService.INGEST)
                        + "/api/pipelines/posted-takings/events"))
                .header("Authorization", "Bearer " + run.producerToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void insertLine(long id, long product, int quantity, String price, String createdAt) throws SQLException {
        execute("INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price, created_at) VALUES (" + id
                + ", 1, " + product + ", " + quantity + ", " + price + ", " + createdAt + ")");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(source);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void produceRaw(Map<String, byte[]> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack().kafkaBootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                ProducerRecord<byte[], byte[]> bad = new ProducerRecord<>(RAW, bytes("{\"id\":9000}"), record.getValue());
                bad.headers().add(CASE, bytes(record.getKey()));
                producer.send(bad).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A dead letter: the corpus case it came from (if one of the raw records) and the stage's reason. */
    private record Letter(String corpusCase, String reason) {
    }

    private List<Letter> deadLetters(String topic) {
        List<Letter> letters = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack().kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4_000_000));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(new Letter(header(record, CASE), header(record, DeadLetter.REASON)));
                }
            }
        }
        return letters;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String row(long id, String product, String quantityJson, String priceJson) {
        return "{\"id\":" + id + ",\"order_id\":1,\"product_id\":" + product + ",\"quantity\":" + quantityJson
                + ",\"unit_price\":" + priceJson + ",\"created_at\":\"" + Instant.now() + "\"}";
    }

    /** An insert as the orders-source connector writes it (JSON without schemas), of the given table. */
    private static byte[] envelope(String schema, String table, String after) {
        long lsn = 1;
        return bytes("{\"before\":null,\"after\":" + after + ",\"source\":{\"version\":\"3.5.0.Final\","
                + "\"connector\":\"postgresql\",\"name\":\"tally.src.orders\",\"ts_ms\":1795429817031,"
                + "\"snapshot\":\"false\",\"db\":\"source\",\"sequence\":\"[null,\\\"" + lsn + "\\\"]\","
                + "\"schema\":\"" + schema + "\",\"table\":\"" + table + "\",\"txId\":" + lsn + ",\"lsn\":" + lsn
                + "},\"op\":\"c\",\"ts_ms\":1795429817240}");
    }
}
