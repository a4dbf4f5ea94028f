package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.cli.LocalRun;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.OrdersWorkload;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.verify.SalesByProduct;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
        run = LocalRun.start(ROOT, List.of(ROOT.resolve("examples/orders/sales-by-product.yaml")),
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

        // Out of step, as after a bug or a mistaken correction: one product's units moved by hand.
        long product = SalesByProduct.groundTruth(source).keySet().iterator().next();
        HttpResponse<String> compensated = post("compensations", "{\"id\":\"out-of-step\",\"key\":{\"product_id\":"
                + product + "},\"adjust\":{\"units\":1000},\"reason\":\"put out of step for the rebuild test\"}");
        assertThat(compensated.statusCode()).as(compensated.body()).isEqualTo(201);
        assertThat(awaitSinkOutOfStep(Duration.ofSeconds(60))).as("the sink is out of step before the rebuild")
                .isNotEmpty();

        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<WorkloadRunner.Result> live = writer.submit(() -> write(8_000, 400, 22));
        writer.shutdown();
        Thread.sleep(3_000);

        HttpResponse<String> started = post("rebuild", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
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
    }

    private List<String> awaitSinkOutOfStep(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<String> differences = List.of();
        while (differences.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            differences = SalesByProduct.differences(SalesByProduct.groundTruth(source),
                    SalesByProduct.sinkTable(sink, "sales_by_product"), 10);
        }
        return differences;
    }

    private JsonNode awaitRebuildFinished(String id, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode rebuild = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> listed = http.send(request("rebuild", run.viewerToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            for (JsonNode candidate : JSON.readTree(listed.body()).path("rebuilds")) {
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
