package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.cli.LocalRun;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.OrdersWorkload;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.verify.ServiceMetrics;
import dev.tally.localstack.connect.WorkerProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Debezium sends changes again when its connector comes back from a crash between two flushes of its offsets: it
 * replays the log from the last flushed offset. Here Connect flushes every {@link #FLUSH} and is killed after a burst
 * of changes it captured but had not flushed; the raw topic then holds the burst twice, and the sink still ends
 * equal to ground truth: the aggregator drops the replayed changes by the log marks it stores with its effects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebeziumReplaysCountOnceIT {

    private static final Path ROOT = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    private static final Duration FLUSH = Duration.ofSeconds(30);
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final String RAW_TOPIC = "tally.src.orders.public.order_lines";
    private static final String CONNECTOR = "orders-source";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRun run;
    private String source;

    @BeforeAll
    void startTally() throws Exception {
        Path workDir = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "tally-replay-");
        Files.delete(workDir);
        run = LocalRun.start(ROOT, List.of(ROOT.resolve("examples/orders/sales-by-product.yaml")),
                Optional.of(ROOT.resolve("examples/orders/schema.sql")), workDir, Map.of(),
                stack -> stack.connectOffsetFlushInterval(FLUSH), env -> { });
        source = run.stack().jdbcUrl("source");
    }

    @AfterAll
    void stopTally() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void changesDebeziumSendsAgainAfterConnectIsKilledCountOnce() throws Exception {
        // A first change, then a flush of the offsets past it: the replay starts there, after the snapshot.
        write(200, 1);
        long warmUp = awaitRawRecordsSettle();
        Instant flushed = nextQuietFlush(awaitOffsetsFlushedPast(lastCapturedTransaction()));

        write(3_000, 2);
        long captured = awaitRawRecordsSettle();
        assertThat(Instant.now()).as("the burst was captured before the next flush of the offsets")
                .isBefore(flushed.plus(FLUSH).minusSeconds(5));
        run.stack().killConnect();
        run.stack().restartConnect();

        long burst = captured - warmUp;
        long afterReplay = awaitRawRecordsSettle();
        assertThat(afterReplay - captured).as("changes Debezium sent again after the restart")
                .isGreaterThanOrEqualTo(burst);
        Convergence.awaitSinkEqualsGroundTruth(source, run.stack().jdbcUrl("sink"), CONVERGENCE);
        double duplicates = ServiceMetrics.value(run.url(TallyService.AGGREGATOR),
                "tally_aggregator_duplicates_dropped_total");
        assertThat(duplicates).as("replayed changes the aggregator dropped").isGreaterThanOrEqualTo(burst);
        System.out.printf("replay: %d changes captured, %d sent again after Connect was killed, %.0f dropped as "
                + "applied already%n", burst, afterReplay - captured, duplicates);
    }

    private void write(long changes, long seed) throws Exception {
        try (Connection connection = DriverManager.getConnection(source)) {
            connection.setAutoCommit(false);
            new WorkloadRunner(new OrdersWorkload(connection, seed, 50), 0)
                    .run(connection, Duration.ofMinutes(5), changes, progress -> { });
        }
    }

    /** The raw topic's record count once it has not grown for three seconds. */
    private long awaitRawRecordsSettle() throws InterruptedException {
        Instant deadline = Instant.now().plus(CONVERGENCE);
        long last = -1;
        long count = rawRecords();
        while (count != last && Instant.now().isBefore(deadline)) {
            last = count;
            Thread.sleep(3_000);
            count = rawRecords();
        }
        return count;
    }

    private long rawRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(rawPartitions(consumer)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> rawPartitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(RAW_TOPIC).stream().map(p -> new TopicPartition(RAW_TOPIC, p.partition())).toList();
    }

    /** The highest source transaction id among the records on the raw topic. */
    private long lastCapturedTransaction() throws Exception {
        long last = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = rawPartitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        last = Math.max(last, JSON.readTree(record.value()).at("/source/txId").asLong(-1));
                    }
                }
            }
        }
        return last;
    }

    /**
     * When the worker first wrote offsets of the connector at or past source transaction {@code txId}. A worker writes
     * offsets only when they moved, so the flush that holds a change may come before the test looks for it; the
     * offsets' transaction id, not the time, says which flush holds it.
     */
    private Instant awaitOffsetsFlushedPast(long txId) throws Exception {
        String topic = WorkerProperties.GROUP_ID + "-offsets";
        Instant deadline = Instant.now().plus(FLUSH.multipliedBy(2));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.contains(CONNECTOR) && record.value() != null
                            && JSON.readTree(record.value()).path("txId").asLong(-1) >= txId) {
                        return Instant.ofEpochMilli(record.timestamp());
                    }
                }
            }
        }
        throw new AssertionError("Connect did not flush the offsets of " + CONNECTOR + " past transaction " + txId
                + " within " + FLUSH.multipliedBy(2));
    }

    /**
     * The worker flushes a task's offsets every {@link #FLUSH} (a fixed delay from one flush to the next, whether or
     * not they moved): the last flush time at or before now, or the one after it when too little is left before the
     * next for a burst to be captured in between (waiting for it).
     */
    private static Instant nextQuietFlush(Instant flushed) throws InterruptedException {
        Instant last = flushed;
        while (!last.plus(FLUSH).isAfter(Instant.now())) {
            last = last.plus(FLUSH);
        }
        if (Duration.between(last, Instant.now()).compareTo(Duration.ofSeconds(5)) > 0) {
            last = last.plus(FLUSH);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), last.plusSeconds(1)).toMillis()));
        }
        return last;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "replay-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
