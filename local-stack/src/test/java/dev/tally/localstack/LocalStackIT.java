package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.connect.OutboxMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One real stack for the class: Debezium change events, the outbox router, a Connect crash, and the clean stop. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String ORDER_LINES_TOPIC = "tally.src.orders.public.order_lines";
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tempDir;
    static Path workDir;
    static RunningStack stack;

    @BeforeAll
    static void startStack() throws SQLException {
        workDir = tempDir.resolve("stack");
        stack = LocalStack.builder().workDir(workDir).start();
        execute("source", """
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL, product_id bigint NOT NULL,
                    quantity int NOT NULL, unit_price numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                ALTER TABLE orders REPLICA IDENTITY FULL;
                ALTER TABLE order_lines REPLICA IDENTITY FULL;
                CREATE TABLE tally_signal (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));
                """);
        // What the aggregator's schema migration creates for the outbox connector: an empty publication.
        execute("tally", "CREATE PUBLICATION tally_outbox");
        assertThat(stack.registerConnector("orders-source")).isEqualTo("orders-source");
        assertThat(stack.registerConnector("tally-outbox")).isEqualTo("tally-outbox");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void orderLineChangesArriveAsDebeziumEvents() throws Exception {
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), ORDER_LINES_TOPIC)) {
            execute("source", "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (1, 10, 100, 2, 12.50)");
            execute("source", "UPDATE order_lines SET quantity = 3 WHERE id = 1");
            execute("source", "DELETE FROM order_lines WHERE id = 1");

            List<JsonNode> events = values(reader.await(3, record -> keyId(record) == 1, EVENT_TIMEOUT));

            JsonNode insert = events.get(0);
            assertThat(insert.path("op").asText()).isEqualTo("c");
            assertThat(insert.at("/after/quantity").asInt()).isEqualTo(2);
            assertThat(insert.at("/after/unit_price").isTextual()).isTrue();
            assertThat(insert.at("/after/unit_price").asText()).isEqualTo("12.50");

            JsonNode update = events.get(1);
            assertThat(update.path("op").asText()).isEqualTo("u");
            assertThat(update.at("/before/quantity").asInt()).isEqualTo(2);
            assertThat(update.at("/after/quantity").asInt()).isEqualTo(3);

            JsonNode delete = events.get(2);
            assertThat(delete.path("op").asText()).isEqualTo("d");
            assertThat(delete.at("/before/id").asLong()).isEqualTo(1);
            assertThat(delete.at("/before/unit_price").asText()).isEqualTo("12.50");
            assertThat(delete.path("after").isNull()).isTrue();
        }
    }

    @Test
    @Order(2)
    void outboxMessagesAreRoutedToTheAggregateTopic() throws Exception {
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), "tally.customer_revenue.aggregates")) {
            // As the aggregator emits an aggregate update: a transactional logical decoding message.
            String content = OutboxMessage.encode("customer_revenue", "customer-42", "AggregateUpdated",
                    "{\"revenue\": \"37.50\", \"orders\": 3}");
            execute("tally", "SELECT pg_logical_emit_message(true, '" + OutboxMessage.PREFIX + "', '"
                    + content.replace("'", "''") + "')");

            ConsumerRecord<String, String> record = reader.await(1, r -> true, EVENT_TIMEOUT).getFirst();

            assertThat(record.key()).isEqualTo("customer-42");
            JsonNode payload = JSON.readTree(record.value());
            assertThat(payload.path("revenue").asText()).isEqualTo("37.50");
            assertThat(payload.path("orders").asInt()).isEqualTo(3);
            assertThat(new String(record.headers().lastHeader("eventType").value(), StandardCharsets.UTF_8))
                    .isEqualTo("AggregateUpdated");
        }
    }

    @Test
    @Order(3)
    void aChangeMadeWhileConnectIsDownArrivesAfterItsRestart() throws Exception {
        long killedPid = stack.connectPid();
        stack.killConnect();
        assertThat(Processes.isRunning(killedPid)).isFalse();

        execute("source", "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (2, 20, 200, 1, 3.05)");
        stack.restartConnect();

        assertThat(stack.connectPid()).isNotEqualTo(killedPid);
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), ORDER_LINES_TOPIC)) {
            JsonNode insert = values(reader.await(1, record -> keyId(record) == 2, EVENT_TIMEOUT)).getFirst();
            assertThat(insert.path("op").asText()).isEqualTo("c");
            assertThat(insert.at("/after/unit_price").asText()).isEqualTo("3.05");
        }
    }

    @Test
    @Order(4)
    void theBrokerConnectAndPostgresAreStartedAgainWhenTheyDieAndChangesFlowAgain() throws Exception {
        execute("source", "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (3, 30, 300, 1, 1.00)");
        AtomicInteger restarts = new AtomicInteger();
        stack.onRestart(restarts::incrementAndGet);
        List<Supplier<Long>> pids = List.of(stack::kafkaPid, stack::connectPid, stack::postgresPid);
        for (Supplier<Long> pid : pids) {
            long killed = pid.get();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (pid.get() == killed && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(pid.get()).as("the PID after killing %d", killed).isNotEqualTo(killed);
            assertThat(Processes.isRunning(pid.get())).isTrue();
        }
        assertThat(restarts).hasValue(3);

        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("source"));
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM order_lines WHERE id = 3")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("the data directory kept its rows").isEqualTo(1);
        }
        // The connector reconnects to the restarted database and the restarted broker by itself.
        execute("source", "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (4, 40, 400, 1, 4.00)");
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), ORDER_LINES_TOPIC)) {
            JsonNode insert = values(reader.await(1, record -> keyId(record) == 4, Duration.ofSeconds(180))).getFirst();
            assertThat(insert.at("/after/unit_price").asText()).isEqualTo("4.00");
        }
    }

    @Test
    @Order(5)
    void closeStopsEveryProcessAndDeletesTheWorkDir() {
        List<Long> pids = List.of(stack.postgresPid(), stack.kafkaPid(), stack.connectPid());
        assertThat(pids).allMatch(Processes::isRunning);
        assertThat(workDir).isDirectory();

        stack.close();
        stack.close();

        assertThat(pids).noneMatch(Processes::isRunning);
        assertThat(workDir).doesNotExist();
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(database));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long keyId(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.key()).path("id").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<JsonNode> values(List<ConsumerRecord<String, String>> records) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            values.add(JSON.readTree(record.value()));
        }
        return values;
    }
}
