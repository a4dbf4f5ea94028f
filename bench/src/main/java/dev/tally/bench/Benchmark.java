package dev.tally.bench;

import dev.tally.bench.kafka.ConnectRest;
import dev.tally.bench.kafka.KafkaProgress;
import dev.tally.bench.streams.SalesByProductStreams;
import dev.tally.cli.ServiceLauncher;
import dev.tally.cli.SourceSchema;
import dev.tally.cli.TallyService;
import dev.tally.cli.verify.SalesByProduct;
import dev.tally.cli.verify.ServiceMetrics;
import dev.tally.localstack.FreePorts;
import dev.tally.localstack.LocalStack;
import dev.tally.localstack.RunningStack;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run on a fresh local stack: the capture limit, Tally's stages and their peers on
 * the same input, end to end, footprint. Every stage's result is checked against the ground truth
 * computed by SQL in the source database.
 */
final class Benchmark {

    static final String PIPELINE = "sales-by-product";
    static final String RAW_TOPIC = "tally.src.orders.public.order_lines";
    static final String CHANGES_TOPIC = "tally." + PIPELINE + ".changes";
    static final String AGGREGATES_TOPIC = "tally." + PIPELINE + ".aggregates";
    private static final String SOURCE_CONNECTOR = "orders-source";
    private static final String STREAMS_OUTPUT = "bench.streams.sales-by-product";
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path root;
    private final BenchSettings settings;
    private final PrintStream log;
    private final Map<TallyService, ManagedProcess> services = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Long> peakRss = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Double> startSeconds = new EnumMap<>(TallyService.class);

    private final java.util.Set<TallyService> profiled;
    private final Path profiles;

    /** @param profiled services recorded with Java Flight Recorder into {@code profiles/<service>.jfr} */
    Benchmark(Path root, BenchSettings settings, PrintStream log, java.util.Set<TallyService> profiled, Path profiles) {
        this.root = root;
        this.settings = settings;
        this.log = log;
        this.profiled = profiled;
        this.profiles = profiles;
    }

    BenchResults run(Path workDir) throws Exception {
        Path pipelineFile = root.resolve("examples/orders/sales-by-product.yaml");
        CompiledPipeline pipeline = new PipelineLoader().load(pipelineFile);
        BenchResults results = new BenchResults(settings);
        try (RunningStack stack = LocalStack.builder().workDir(workDir).strimziDir(root.resolve("strimzi"))
                .connectPlugins(System.getProperty("java.class.path")).start();
             KafkaProgress kafka = new KafkaProgress(stack.kafkaBootstrapServers())) {
            ServiceLauncher launcher = new ServiceLauncher(root, stack, List.of(pipelineFile));
            ConnectRest connect = new ConnectRest(stack.connectUrl());
            String source = stack.jdbcUrl("source");
            String sink = stack.jdbcUrl("sink");
            try {
                SourceSchema.apply(root.resolve("examples/orders/schema.sql"), source);
                stack.registerConnector(SOURCE_CONNECTOR);
                connect.pause(SOURCE_CONNECTOR);
                prepareAggregatorSchema(launcher);
                stack.registerConnector("tally-outbox");

                log.printf("bench: writing %,d changes (connector paused) ...%n", settings.changes());
                try (Connection connection = DriverManager.getConnection(source)) {
                    new SourceWorkload(settings, settings.seed()).write(connection, settings.changes(), 500, 0);
                }
                var truth = SalesByProduct.groundTruth(source);
                results.groundTruthGroups = truth.size();

                // 1. Capture limit: Debezium from the WAL to the raw topic.
                long capture = System.nanoTime();
                connect.resume(SOURCE_CONNECTOR);
                kafka.awaitRecords(RAW_TOPIC, settings.changes(), STAGE_TIMEOUT);
                results.capture = rate(settings.changes(), capture);
                log.printf("bench: capture %,.0f changes/s%n", results.capture);

                // Ingest: raw topic to change events.
                long ingest = System.nanoTime();
                start(launcher, TallyService.INGEST);
                kafka.awaitConsumed(pipeline.pipeline().ingestGroup(), RAW_TOPIC, settings.changes(), STAGE_TIMEOUT);
                results.ingest = rate(settings.changes(), ingest);
                long events = kafka.endOffsets(CHANGES_TOPIC);
                results.changeEvents = events;
                log.printf("bench: ingest %,.0f changes/s (%,d change events)%n", results.ingest, events);

                // 2. Aggregation: Tally's aggregator from the pre-filled changes topic.
                long aggregate = System.nanoTime();
                start(launcher, TallyService.AGGREGATOR);
                kafka.awaitConsumed(pipeline.pipeline().aggregatorGroup(), CHANGES_TOPIC, events, STAGE_TIMEOUT);
                results.aggregator = rate(events, aggregate);
                results.aggregatorExact = same("aggregator store", truth, SalesByProduct.aggregateStore(stack.jdbcUrl("tally")));
                log.printf("bench: aggregator %,.0f change events/s%n", results.aggregator);

                // 2. The peer: Kafka Streams from the same changes, as they are on the raw topic.
                results.streams = runStreams(stack, kafka, workDir, truth, results);

                // 4. SQL sink: Tally's publisher, then Debezium's JDBC sink, on the same aggregate updates.
                long updates = metric(TallyService.AGGREGATOR, "tally_aggregator_aggregates_updated_total");
                kafka.awaitRecords(AGGREGATES_TOPIC, updates, STAGE_TIMEOUT);
                results.aggregateUpdates = updates;
                long publish = System.nanoTime();
                start(launcher, TallyService.PUBLISHER);
                kafka.awaitConsumed(pipeline.pipeline().sinkGroup("sql"), AGGREGATES_TOPIC, updates, STAGE_TIMEOUT);
                results.publisher = rate(updates, publish);
                results.publisherExact = same("SQL sink", truth, SalesByProduct.sinkTable(sink, "sales_by_product"));
                log.printf("bench: publisher %,.0f updates/s%n", results.publisher);
                results.jdbcSink = runJdbcSink(stack, kafka, connect, pipeline, updates, truth, results);

                // 3. End to end, everything running: the most it sustains, then latency at half that rate.
                runEndToEnd(stack, source, sink, results, launcher);

                for (TallyService service : TallyService.values()) {
                    peakRss.merge(service, ProcessStats.peakRssMib(services.get(service).pid()), Math::max);
                }
                results.peakRssMib.putAll(peakRss);
                results.startSeconds.putAll(startSeconds);
                return results;
            } finally {
                services.values().forEach(ManagedProcess::stop);
            }
        }
    }

    /** The aggregator creates its schema (Flyway) at start; the outbox connector needs the outbox table first. */
    private void prepareAggregatorSchema(ServiceLauncher launcher) {
        int port = FreePorts.pick(1).get(0);
        ManagedProcess once = launcher.builder(TallyService.AGGREGATOR, port)
                .restartPolicy(ManagedProcess.RestartPolicy.NEVER).build();
        once.start();
        try {
            ServiceLauncher.awaitReady(TallyService.AGGREGATOR, once, port, START_TIMEOUT);
        } finally {
            once.stop();
        }
    }

    private void start(ServiceLauncher launcher, TallyService service) {
        int port = FreePorts.pick(1).get(0);
        List<String> jvmOptions = profiled.contains(service)
                ? List.of("-XX:StartFlightRecording=filename=" + profiles.resolve(service.label() + ".jfr")
                        + ",settings=profile,dumponexit=true")
                : List.of();
        ManagedProcess process = launcher.builder(service, port, jvmOptions).build();
        long started = System.nanoTime();
        process.start();
        services.put(service, process);
        ports.put(service, port);
        ServiceLauncher.awaitReady(service, process, port, START_TIMEOUT);
        startSeconds.put(service, (System.nanoTime() - started) / 1e9);
    }

    private double runStreams(RunningStack stack, KafkaProgress kafka, Path workDir, Map<Long, SalesByProduct.Row> truth,
                              BenchResults results) throws Exception {
        String applicationId = "bench-streams";
        List<String> command = JavaCommand.main(SalesByProductStreams.class.getName())
                .classpath(System.getProperty("java.class.path"))
                .jvmOptions("-Xmx1g", "-XX:+ExitOnOutOfMemoryError")
                .arguments(stack.kafkaBootstrapServers(), RAW_TOPIC, STREAMS_OUTPUT, applicationId,
                        workDir.resolve("streams-state").toString())
                .build();
        ManagedProcess streams = ManagedProcess.builder("streams", command).directory(workDir.resolve("streams"))
                .output(workDir.resolve("streams").resolve("streams.log")).build();
        long started = System.nanoTime();
        streams.start();
        try {
            kafka.awaitConsumed(applicationId, RAW_TOPIC, settings.changes(), STAGE_TIMEOUT);
            kafka.awaitCaughtUp(applicationId, STAGE_TIMEOUT);
            double rate = rate(settings.changes(), started);
            results.streamsPeakRssMib = ProcessStats.peakRssMib(streams.pid());
            results.streamsExact = same("Kafka Streams", truth,
                    StreamsOutput.read(stack.kafkaBootstrapServers(), STREAMS_OUTPUT));
            log.printf("bench: Kafka Streams %,.0f changes/s%n", rate);
            return rate;
        } finally {
            streams.stop();
        }
    }

    private double runJdbcSink(RunningStack stack, KafkaProgress kafka, ConnectRest connect, CompiledPipeline pipeline,
                               long updates, Map<Long, SalesByProduct.Row> truth, BenchResults results)
            throws Exception {
        kafka.createTopic(JdbcSinkPeer.TOPIC, kafka.partitions(AGGREGATES_TOPIC));
        long copied = JdbcSinkPeer.copy(stack.kafkaBootstrapServers(), AGGREGATES_TOPIC,
                new AggregateUpdateCodec(pipeline), updates);
        long started = System.nanoTime();
        connect.put(JdbcSinkPeer.CONNECTOR, JdbcSinkPeer.connectorConfig(stack.endpoints()));
        JdbcSinkPeer.awaitDone(kafka, copied, STAGE_TIMEOUT);
        double rate = rate(copied, started);
        results.jdbcSinkExact = same("JDBC sink", truth,
                SalesByProduct.sinkTable(stack.jdbcUrl("sink"), JdbcSinkPeer.TABLE));
        log.printf("bench: Debezium JDBC sink %,.0f updates/s (%s)%n", rate, connect.state(JdbcSinkPeer.CONNECTOR));
        return rate;
    }

    private void runEndToEnd(RunningStack stack, String source, String sink, BenchResults results,
                             ServiceLauncher launcher) throws Exception {
        SourceWorkload live = new SourceWorkload(settings, settings.seed() + 1);
        try (Connection connection = DriverManager.getConnection(source)) {
            // The live workload continues on the rows the stage workload left.
            live.adopt(connection);
            long started = System.nanoTime();
            live.write(connection, settings.liveChanges(), 20, 0);
            awaitSinkEqualsTruth(source, sink);
            results.endToEndMax = rate(settings.liveChanges(), started);
            log.printf("bench: end to end %,.0f changes/s%n", results.endToEndMax);

            // Fresh latency figures: the publisher's histogram must hold the half-rate run only.
            peakRss.merge(TallyService.PUBLISHER, ProcessStats.peakRssMib(services.get(TallyService.PUBLISHER).pid()),
                    Math::max);
            services.get(TallyService.PUBLISHER).stop();
            start(launcher, TallyService.PUBLISHER);
            double half = results.endToEndMax / 2;
            results.latencyRate = half;
            live.write(connection, (long) (half * settings.latencySeconds()), 5, half);
            awaitSinkEqualsTruth(source, sink);
            results.latencyMillis.putAll(ServiceMetrics.quantilesMillis("http://127.0.0.1:" + ports.get(TallyService.PUBLISHER), "tally_sink_latency_seconds", "sink=\"sql\""));
            results.endToEndExact = true;
            log.printf("bench: latency at %,.0f changes/s: %s%n", half, results.latencyMillis);
        }
    }

    private long metric(TallyService service, String name) {
        return (long) ServiceMetrics.value("http://127.0.0.1:" + ports.get(service), name);
    }

    private void awaitSinkEqualsTruth(String source, String sink) throws Exception {
        List<String> differences = SalesByProduct.awaitSinkEqualsGroundTruth(source, sink, STAGE_TIMEOUT);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the sink never equalled the ground truth: " + differences);
        }
    }

    private boolean same(String what, Map<Long, SalesByProduct.Row> truth, Map<Long, SalesByProduct.Row> actual) {
        List<String> differences = SalesByProduct.differences(truth, actual, 5);
        if (!differences.isEmpty()) {
            throw new IllegalStateException(what + " differs from the ground truth: " + differences);
        }
        return true;
    }

    private static double rate(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }
}
