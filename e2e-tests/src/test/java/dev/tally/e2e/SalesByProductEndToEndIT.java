package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.LocalRun;
import dev.tally.localstack.DevTokens;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.OrdersWorkload;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.verify.ServiceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The orders example through the whole path — PostgreSQL, Debezium, ingest, aggregator with its
 * outbox, the outbox connector, publisher — ends with a sink table equal, row for row, to
 * GROUP BY over the source table, also when every component is killed during the workload; its
 * HTTP sink ({@code ORDERS_WEBHOOK_URL}) delivers the same rows to a loopback endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesByProductEndToEndIT {

    private static final Path ROOT = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final int CHANGES = 20_000;

    private WebhookReceiver webhook;
    private Path workDir;
    private LocalRun run;
    private String source;
    private String sink;

    @BeforeAll
    void startTally() throws Exception {
        workDir = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "tally-e2e-");
        Files.delete(workDir);
        webhook = new WebhookReceiver();
        run = LocalRun.start(ROOT, List.of(ROOT.resolve("examples/orders/sales-by-product.yaml")),
                Optional.of(ROOT.resolve("examples/orders/schema.sql")), workDir,
                Map.of("ORDERS_WEBHOOK_URL", webhook.url()), env -> { });
        source = run.stack().jdbcUrl("source");
        sink = run.stack().jdbcUrl("sink");
    }

    @AfterAll
    void stopTally() {
        if (run != null) {
            run.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @Order(1)
    void twentyThousandChangesEndEqualToGroundTruth() throws Exception {
        WorkloadRunner.Result written = write(CHANGES, 0, 1);

        Duration settle = Convergence.awaitSinkEqualsGroundTruth(source, sink, CONVERGENCE);
        Convergence.awaitWebhookEqualsGroundTruth(source, webhook, CONVERGENCE);
        assertThat(webhook.regressions()).as("older versions received after newer ones").isEmpty();

        System.out.printf("e2e: %d changes in %d transactions written in %.1f s (%.0f changes/s); sink equal to ground "
                        + "truth %.1f s after the last commit; source commit to write (quantile: ms): SQL sink %s, "
                        + "webhook %s%n", written.changes(), written.transactions(), written.elapsed().toMillis() / 1000.0,
                written.changesPerSecond(), settle.toMillis() / 1000.0, latency("sql"), latency("webhook"));
    }

    @Test
    @Order(2)
    void staysExactWhenEveryComponentIsKilledDuringTheWorkload() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<WorkloadRunner.Result> workload = writer.submit(() -> write(CHANGES, 800, 2));
        writer.shutdown();
        kill(TallyService.AGGREGATOR, Duration.ofSeconds(3));
        kill(TallyService.INGEST, Duration.ofSeconds(3));
        kill(TallyService.AGGREGATOR, Duration.ofSeconds(3));
        kill(TallyService.PUBLISHER, Duration.ofSeconds(3));
        run.stack().killConnect();
        Thread.sleep(1_000);
        run.stack().restartConnect();
        WorkloadRunner.Result written = workload.get(10, TimeUnit.MINUTES);

        Convergence.awaitSinkEqualsGroundTruth(source, sink, CONVERGENCE);
        Convergence.awaitWebhookEqualsGroundTruth(source, webhook, CONVERGENCE);

        assertThat(run.service(TallyService.AGGREGATOR).restarts()).isEqualTo(2);
        assertThat(run.service(TallyService.INGEST).restarts()).isEqualTo(1);
        assertThat(run.service(TallyService.PUBLISHER).restarts()).isEqualTo(1);
        assertThat(written.changes()).isGreaterThanOrEqualTo(CHANGES);
    }

    /**
     * The API tokens it used, sent the ways a leak happens (accepted, refused for a missing role, refused by a
     * service that does not know the key), appear in no log file and no Kafka segment of the run, which holds the
     * dead letters.
     */
    @Test
    @Order(3)
    void noTokenItUsedIsInAnyLogOrDeadLetter() throws Exception {
        String aggregates = run.url(TallyService.AGGREGATOR) + "/api/pipelines/sales-by-product/aggregates?size=1";
        String foreign = DevTokens.ephemeral().operator();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> answers = new java.util.LinkedHashMap<>();
        for (String token : List.of(run.viewerToken(), run.producerToken(), foreign)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(aggregates))
                    .header("Authorization", "Bearer " + token).GET().build();
            answers.put(token, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        assertThat(answers.values()).containsExactly(200, 403, 401);

        List<String> secrets = List.of(run.operatorToken(), run.viewerToken(), run.producerToken(), foreign);
        List<Path> files;
        try (var walk = Files.walk(workDir)) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(files).as("log files and Kafka segments of the run").extracting(f -> f.getFileName().toString())
                .contains("ingest.log", "aggregator.log", "publisher.log");
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                // A JWT's signature is its secret part: look for it alone, in case the token was cut or re-wrapped.
                String signature = secret.substring(secret.lastIndexOf('.') + 1);
                assertThat(content).as("%s holds a token the test used", file).doesNotContain(signature);
            }
        }
    }

    private java.util.Map<Double, Double> latency(String sink) {
        return ServiceMetrics.quantilesMillis(run.url(TallyService.PUBLISHER), "tally_sink_latency_seconds",
                "sink=\"" + sink + "\"");
    }

    private WorkloadRunner.Result write(long changes, double rate, long seed) throws Exception {
        try (Connection connection = DriverManager.getConnection(source)) {
            connection.setAutoCommit(false);
            return new WorkloadRunner(new OrdersWorkload(connection, seed, 50), rate)
                    .run(connection, Duration.ofMinutes(10), changes, progress -> { });
        }
    }

    /** SIGKILL, as a crash would; the supervisor restarts the service, as Kubernetes would. */
    private void kill(TallyService service, Duration after) throws InterruptedException {
        Thread.sleep(after.toMillis());
        long pid = run.service(service).pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        System.out.printf("e2e: killed %s (pid %d)%n", service.module(), pid);
    }
}
