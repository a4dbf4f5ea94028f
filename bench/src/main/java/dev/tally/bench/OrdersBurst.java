package dev.tally.bench;

import static dev.tally.bench.cpu.Processes.BROKER;
import static dev.tally.bench.cpu.Processes.CONNECT;
import static dev.tally.bench.cpu.Processes.POSTGRES;

import dev.tally.bench.cpu.CpuMeter;
import dev.tally.cli.LocalRun;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.generate.Workloads;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The burst row: the orders example running as {@code ./tally up --example orders} runs it (both
 * pipelines, the three services, the source and outbox connectors), fed a burst of source changes
 * by the orders generator as fast as one connection writes them, timed from the first write until
 * both sink tables equal the ground truth, with every process's CPU over that time.
 */
final class OrdersBurst {

    /** As {@code ./tally generate --example orders}: its seed and number of products. */
    private static final long SEED = 42;
    private static final int PRODUCTS = 100;

    private final Path root;
    private final long changes;
    private final Duration timeout;
    private final PrintStream log;

    OrdersBurst(Path root, long changes, Duration timeout, PrintStream log) {
        this.root = root;
        this.changes = changes;
        this.timeout = timeout;
        this.log = log;
    }

    BurstResult run(Path workDir) throws Exception {
        Path example = root.resolve("examples/orders");
        List<Path> pipelines;
        try (Stream<Path> files = Files.list(example)) {
            pipelines = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        try (LocalRun run = LocalRun.start(root, pipelines, Optional.of(example.resolve("schema.sql")), workDir,
                environment -> { })) {
            CpuMeter meter = new CpuMeter(Map.of());
            for (TallyService service : TallyService.values()) {
                meter = meter.with(service.label(), () -> run.service(service).pid());
            }
            meter = meter.with(CONNECT, run.stack()::connectPid).with(BROKER, run.stack()::kafkaPid)
                    .with(POSTGRES, run.stack()::postgresPid);
            String source = run.stack().jdbcUrl("source");
            String sink = run.stack().jdbcUrl("sink");

            CpuMeter.Snapshot started = meter.snapshot();
            WorkloadRunner.Result written;
            try (Connection connection = DriverManager.getConnection(source)) {
                connection.setAutoCommit(false);
                written = new WorkloadRunner(Workloads.forExample("orders", connection, SEED, PRODUCTS), 0)
                        .run(connection, timeout, changes, progress -> { });
            }
            log.printf("bench: burst written: %,d changes in %,d transactions in %.1f s%n", written.changes(),
                    written.transactions(), written.elapsed().toMillis() / 1000.0);
            OrdersGroundTruth truth = OrdersGroundTruth.of(source);
            awaitEqual(truth, sink);
            BurstResult result = new BurstResult(written.changes(), written.transactions(),
                    written.elapsed().toMillis() / 1000.0, meter.since(started), true);
            log.printf("bench: burst drained at %,.0f changes/s; CPU-µs per change: %s%n", result.rate(),
                    result.cpu().seconds().keySet().stream()
                            .map(p -> p + " " + Math.round(result.microsPerChange(p))).toList());
            return result;
        }
    }

    private void awaitEqual(OrdersGroundTruth truth, String sink) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<String> differences = truth.differences(sink);
        while (!differences.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the orders sinks never equalled the ground truth within "
                        + timeout.toSeconds() + " s: " + differences);
            }
            Thread.sleep(250);
            differences = truth.differences(sink);
        }
    }
}
