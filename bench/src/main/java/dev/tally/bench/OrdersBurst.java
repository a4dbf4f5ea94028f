package dev.tally.bench;

import static dev.tally.bench.cpu.Processes.BROKER;
import static dev.tally.bench.cpu.Processes.CONNECT;
import static dev.tally.bench.cpu.Processes.POSTGRES;

import dev.tally.bench.cpu.CpuMeter;
import dev.tally.bench.kafka.ConnectRest;
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
 * The burst rows: the orders example running as {@code ./tally up --example orders} runs it (both pipelines, the three
 * services, the source and outbox connectors), fed source changes by the orders generator in two ways, one after the
 * other on the same stack, each timed until both sink tables equal the ground truth, with every process's CPU over
 * that time:
 * <ul>
 *   <li>live: written as fast as one connection writes them while everything runs, timed from the first write, so
 *   the rate is at most the writer's;</li>
 *   <li>backlog: written while the source connector is paused (the changes wait in the replication slot, as after an
 *   outage or a deploy), timed from the connector's resume, so the rate is the pipeline's own drain rate.</li>
 * </ul>
 */
final class OrdersBurst {

    /** As {@code ./tally generate --example orders}: its seed and number of products. */
    private static final long SEED = 42;
    /** The backlog's generator continues the same tables with a seed of its own. */
    private static final long BACKLOG_SEED = 43;
    /** The orders example's source connector (strimzi/connectors/orders-source.yaml). */
    private static final String SOURCE_CONNECTOR = "orders-source";
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

    /** The live burst and then the backlog, on one stack. */
    BurstResults run(Path workDir) throws Exception {
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
            BurstResult live = live(run, meter);
            BurstResult backlog = backlog(run, meter);
            return new BurstResults(live, backlog);
        }
    }

    private BurstResult live(LocalRun run, CpuMeter meter) throws Exception {
        String source = run.stack().jdbcUrl("source");
        CpuMeter.Snapshot started = meter.snapshot();
        WorkloadRunner.Result written = write(source, SEED);
        log.printf("bench: burst written: %,d changes in %,d transactions in %.1f s%n", written.changes(),
                written.transactions(), written.elapsed().toMillis() / 1000.0);
        awaitEqual(OrdersGroundTruth.of(source), run.stack().jdbcUrl("sink"));
        return logged("burst", new BurstResult(written.changes(), written.transactions(),
                written.elapsed().toMillis() / 1000.0, meter.since(started), true));
    }

    private BurstResult backlog(LocalRun run, CpuMeter meter) throws Exception {
        String source = run.stack().jdbcUrl("source");
        ConnectRest connect = new ConnectRest(run.stack().connectUrl());
        connect.pause(SOURCE_CONNECTOR);
        awaitState(connect, "PAUSED");
        WorkloadRunner.Result written = write(source, BACKLOG_SEED);
        log.printf("bench: backlog written with the source connector paused: %,d changes in %,d transactions "
                + "in %.1f s%n", written.changes(), written.transactions(), written.elapsed().toMillis() / 1000.0);
        OrdersGroundTruth truth = OrdersGroundTruth.of(source);
        CpuMeter.Snapshot resumed = meter.snapshot();
        connect.resume(SOURCE_CONNECTOR);
        awaitEqual(truth, run.stack().jdbcUrl("sink"));
        return logged("backlog", new BurstResult(written.changes(), written.transactions(),
                written.elapsed().toMillis() / 1000.0, meter.since(resumed), true));
    }

    private WorkloadRunner.Result write(String source, long seed) throws Exception {
        try (Connection connection = DriverManager.getConnection(source)) {
            connection.setAutoCommit(false);
            return new WorkloadRunner(Workloads.forExample("orders", connection, seed, PRODUCTS), 0)
                    .run(connection, timeout, changes, progress -> { });
        }
    }

    private BurstResult logged(String name, BurstResult result) {
        log.printf("bench: %s drained at %,.0f changes/s; CPU-µs per change: %s%n", name, result.rate(),
                result.cpu().seconds().keySet().stream()
                        .map(p -> p + " " + Math.round(result.microsPerChange(p))).toList());
        return result;
    }

    /** Waits until the source connector and its task report {@code state}. */
    private void awaitState(ConnectRest connect, String state) throws InterruptedException {
        String expected = state + " [" + state + "]";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String seen = connect.state(SOURCE_CONNECTOR);
        while (!seen.equals(expected)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(SOURCE_CONNECTOR + " did not become " + expected + "; it is " + seen);
            }
            Thread.sleep(200);
            seen = connect.state(SOURCE_CONNECTOR);
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
