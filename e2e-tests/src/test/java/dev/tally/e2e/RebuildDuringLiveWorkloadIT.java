package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.cli.LocalRun;
import dev.tally.cli.TallyCommand;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.OrdersWorkload;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.verify.SalesByProduct;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.load.PipelineLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * A rebuild asked for while the source keeps changing: the aggregates, put out of step on purpose
 * beforehand, are emptied, Debezium re-reads the source table through an incremental snapshot
 * interleaved with the live changes, and the aggregate store and the sink end equal to GROUP BY over
 * the source table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildDuringLiveWorkloadIT {

    private static final Path ROOT = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final String PIPELINE = "sales-by-product";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalRun run;
    private String source;
    private String sink;

    @BeforeAll
    void startTally() throws Exception {
        Path workDir = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "tally-rebuild-");
        Files.delete(workDir);
        // Both pipelines of the example read order_lines: the snapshot one's rebuild asks for must not count twice in
        // the other.
        run = LocalRun.start(ROOT, List.of(ROOT.resolve("examples/orders/sales-by-product.yaml"),
                        ROOT.resolve("examples/orders/sales-per-minute.yaml")),
                Optional.of(ROOT.resolve("examples/orders/schema.sql")), workDir, Map.of(), env -> { });
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
    void aRebuildDuringALiveWorkloadEndsEqualToGroundTruth() throws Exception {
        write(6_000, 0, 21);
        Convergence.awaitSinkEqualsGroundTruth(source, sink, CONVERGENCE);

        // Out of step, as after a bug or a mistaken correction: one product's units moved by hand, with the CLI.
        long product = SalesByProduct.groundTruth(source).keySet().iterator().next();
        assertThat(tally("compensate", "--pipeline", PIPELINE, "--id", "out-of-step", "--key",
                "{\"product_id\":" + product + "}", "--adjust", "units=1000", "--reason", "put out of step"))
                .as("tally compensate").isZero();
        SalesByProduct.Row truth = SalesByProduct.groundTruth(source).get(product);
        SalesByProduct.Row compensated = new SalesByProduct.Row(truth.lines(), truth.units() + 1000, truth.revenue(),
                truth.minPrice(), truth.maxPrice());
        assertThat(awaitSinkRow(product, compensated, Duration.ofSeconds(60)))
                .as("the sink row of product %d after the compensation", product).isEqualTo(compensated);
        assertThat(tally("compensate", "--pipeline", PIPELINE, "--id", "out-of-step", "--key",
                "{\"product_id\":" + product + "}", "--adjust", "units=1000", "--reason", "put out of step"))
                .as("the same compensation again is a no-op").isZero();
        // A reversal: the insert of one line of another product retracted, with the CLI.
        String[] reversible = reversibleInsert(product);
        long line = Long.parseLong(reversible[1].substring(reversible[1].lastIndexOf('=') + 1));
        long otherProduct = Long.parseLong(reversible[2]);
        assertThat(tally("compensate", "--pipeline", PIPELINE, "--reverse", reversible[0], "--reason", "a test order"))
                .as("tally compensate --reverse").isZero();
        SalesByProduct.Row withoutLine = SalesByProduct.groundTruthWithout(source, line).get(otherProduct);
        assertThat(awaitSinkRow(otherProduct, withoutLine, Duration.ofSeconds(60)))
                .as("the sink row of product %d after reversing the insert of line %d", otherProduct, line)
                .isEqualTo(withoutLine);
        assertThat(tally("dlq", "list", "--pipeline", PIPELINE)).as("tally dlq list").isZero();

        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<WorkloadRunner.Result> live = writer.submit(() -> write(8_000, 400, 22));
        writer.shutdown();
        Thread.sleep(3_000);

        assertThat(tally("rebuild", "--pipeline", PIPELINE)).as("tally rebuild").isZero();
        String id = rebuilds().get(0).path("id").asText();
        HttpResponse<String> again = post("rebuild", "");
        assertThat(again.statusCode()).as("a second rebuild while one runs: " + again.body()).isEqualTo(409);

        JsonNode finished = awaitRebuildFinished(id, CONVERGENCE);
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("done");
        WorkloadRunner.Result written = live.get(10, TimeUnit.MINUTES);
        assertThat(written.changes()).isGreaterThanOrEqualTo(8_000);

        Convergence.awaitSinkEqualsGroundTruth(source, sink, CONVERGENCE);
        assertThat(SalesByProduct.differences(SalesByProduct.groundTruth(source),
                SalesByProduct.aggregateStore(run.stack().jdbcUrl("tally")), 10))
                .as("aggregate store vs GROUP BY over order_lines").isEmpty();
        assertThat(awaitWindowedTotals(CONVERGENCE)).as("sales_per_minute summed over its windows, per product")
                .isEqualTo(totals(source, "SELECT product_id, count(*), sum(quantity) FROM order_lines GROUP BY 1"));
    }

    /** The lines and units per product of {@code sales_per_minute}, once they equal those of the source. */
    private Map<Long, List<Long>> awaitWindowedTotals(Duration timeout) throws Exception {
        String truth = "SELECT product_id, count(*), sum(quantity) FROM order_lines GROUP BY 1";
        String windowed = "SELECT product_id, sum(lines), sum(units) FROM sales_per_minute GROUP BY 1 HAVING sum(lines) > 0";
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, List<Long>> totals = totals(sink, windowed);
        while (!totals.equals(totals(source, truth)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            totals = totals(sink, windowed);
        }
        return totals;
    }

    private static Map<Long, List<Long>> totals(String jdbcUrl, String sql) throws Exception {
        Map<Long, List<Long>> totals = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                totals.put(rs.getLong(1), List.of(rs.getLong(2), rs.getLong(3)));
            }
        }
        return totals;
    }

    private SalesByProduct.Row awaitSinkRow(long product, SalesByProduct.Row expected, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        SalesByProduct.Row row = SalesByProduct.sinkTable(sink, "sales_by_product").get(product);
        while (!expected.equals(row) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            row = SalesByProduct.sinkTable(sink, "sales_by_product").get(product);
        }
        return row;
    }

    /**
     * An applied insert of a line of another product than {@code notProduct} that no later change of the line built on:
     * its event id, row key ({@code public.order_lines|id=<id>}) and product. The journal says which changes are
     * alone in their row and aggregate and where they are; the changes topic says which of them is an insert.
     */
    private String[] reversibleInsert(long notProduct) throws Exception {
        ChangeEventCodec codec = new ChangeEventCodec(new PipelineLoader().load(
                ROOT.resolve("examples/orders/sales-by-product.yaml")));
        try (Connection connection = DriverManager.getConnection(run.stack().jdbcUrl("tally"));
             var statement = connection.prepareStatement("""
                     SELECT cast(j.event_id as text), j.changes_partition, j.changes_offset
                     FROM tally_journal j
                     WHERE j.pipeline = ? AND j.aggregate_id <> ? AND j.reversed_by IS NULL
                       AND NOT EXISTS (SELECT 1 FROM tally_journal k WHERE k.pipeline = j.pipeline
                                       AND k.aggregate_id = j.aggregate_id AND k.row_hash = j.row_hash
                                       AND k.event_id <> j.event_id)
                     ORDER BY j.applied_at LIMIT 200""");
             KafkaConsumer<byte[], byte[]> changes = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack().kafkaBootstrapServers(),
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            statement.setString(1, PIPELINE);
            statement.setString(2, "[" + notProduct + "]");
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    TopicPartition partition = new TopicPartition("tally." + PIPELINE + ".changes", rs.getInt(2));
                    changes.assign(List.of(partition));
                    changes.seek(partition, rs.getLong(3));
                    ChangeEvent event = codec.decode(changes.poll(Duration.ofSeconds(10)).records(partition).getFirst()
                            .value());
                    if (event.before() == null && event.eventId().equals(rs.getString(1))) {
                        return new String[]{event.eventId(), event.rowKey(),
                                event.aggregateId().replaceAll("[\\[\\]]", "")};
                    }
                }
            }
        }
        throw new AssertionError("no applied insert that can be reversed");
    }

    /** Runs a {@code ./tally} verb against this run's aggregator with its operator token; its exit code. */
    private int tally(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--url", run.url(TallyService.AGGREGATOR), "--token", run.operatorToken()));
        return new CommandLine(new TallyCommand()).execute(command.toArray(String[]::new));
    }

    private List<JsonNode> rebuilds() throws Exception {
        HttpResponse<String> listed = http.send(request("rebuild", run.viewerToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<JsonNode> rebuilds = new ArrayList<>();
        JSON.readTree(listed.body()).path("rebuilds").forEach(rebuilds::add);
        return rebuilds;
    }

    private JsonNode awaitRebuildFinished(String id, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode rebuild = null;
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode candidate : rebuilds()) {
                if (candidate.path("id").asText().equals(id)) {
                    rebuild = candidate;
                }
            }
            if (rebuild != null && !rebuild.path("state").asText().equals("running")) {
                return rebuild;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("rebuild " + id + " still running after " + timeout + ": " + rebuild);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, run.operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(run.url(TallyService.AGGREGATOR) + "/api/pipelines/" + PIPELINE + "/"
                + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
    }

    private WorkloadRunner.Result write(long changes, double rate, long seed) throws Exception {
        try (Connection connection = DriverManager.getConnection(source)) {
            connection.setAutoCommit(false);
            return new WorkloadRunner(new OrdersWorkload(connection, seed, 50), rate)
                    .run(connection, Duration.ofMinutes(10), changes, progress -> { });
        }
    }
}
