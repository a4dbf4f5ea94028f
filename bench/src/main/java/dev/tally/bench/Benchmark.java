package dev.tally.bench;

import static dev.tally.bench.cpu.Processes.BROKER;
import static dev.tally.bench.cpu.Processes.CONNECT;
import static dev.tally.bench.cpu.Processes.FLINK;
import static dev.tally.bench.cpu.Processes.POSTGRES;
import static dev.tally.bench.cpu.Processes.STREAMS;

import dev.tally.bench.cpu.CpuMeter;
import dev.tally.bench.cpu.PostgresProcesses;
import dev.tally.bench.kafka.ConnectRest;
import dev.tally.bench.kafka.KafkaProgress;
import dev.tally.bench.measure.StageResult;
import dev.tally.bench.measure.StageWindow;
import dev.tally.bench.measure.SteadyStateWatch;
import dev.tally.bench.measure.Timeline;
import dev.tally.bench.peers.FlinkPeer;
import dev.tally.bench.peers.PeerLog;
import dev.tally.bench.peers.StreamsPeer;
import dev.tally.bench.streams.TallyChangeDecoder;
import dev.tally.cli.ServiceLauncher;
import dev.tally.cli.SourceSchema;
import dev.tally.cli.TallyService;
import dev.tally.cli.verify.SalesByProduct;
import dev.tally.cli.verify.ServiceMetrics;
import dev.tally.localstack.FreePorts;
import dev.tally.localstack.LocalStack;
import dev.tally.localstack.RunningStack;
import dev.tally.localstack.process.ManagedProcess;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One benchmark run on a fresh local stack: the capture limit, Tally's stages and their peers on
 * the same input, end to end, footprint; then the burst on the running orders example on a stack
 * of its own. Every stage's rate and CPU are taken over its steady state (first progress to last
 * commit), and every result is checked against the ground truth computed by SQL in the source database.
 */
final class Benchmark {

    static final String PIPELINE = "sales-by-product";
    static final String RAW_TOPIC = "tally.src.orders.public.order_lines";
    static final String CHANGES_TOPIC = "tally." + PIPELINE + ".changes";
    static final String AGGREGATES_TOPIC = "tally." + PIPELINE + ".aggregates";
    private static final String SOURCE_CONNECTOR = "orders-source";
    private static final String STREAMS_CHANGES_APP = "bench-streams-changes";
    private static final String STREAMS_RAW_APP = "bench-streams-raw";
    private static final String FLINK_GROUP = "bench-flink";
    /**
     * Connections writing the end-to-end workload at once: one connection committing 20 changes at a time is slower
     * than the pipeline (the maximum was the writer's, at the start and after it alike), four are not.
     */
    static final int END_TO_END_WRITERS = 4;
    private static final String UPDATES = "tally_aggregator_aggregates_updated_total";
    private static final String BATCHES = "tally_aggregator_batch_transaction_seconds_count";
    /** Per stage: long enough for the slowest stage on a busy 2-core machine (about 1,000 events/s), and bounded. */
    private final Duration stageTimeout;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path root;
    private final BenchSettings settings;
    private final PrintStream log;
    private final Map<TallyService, ManagedProcess> services = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Double> readySeconds = new EnumMap<>(TallyService.class);
    private final java.util.Set<TallyService> profiled;
    private final Path profiles;
    private BenchResults results;
    private boolean timeline;

    /** @param profiled services recorded with Java Flight Recorder into {@code profiles/<service>.jfr} */
    Benchmark(Path root, BenchSettings settings, PrintStream log, java.util.Set<TallyService> profiled, Path profiles) {
        this.root = root;
        this.settings = settings;
        this.log = log;
        this.profiled = profiled;
        this.profiles = profiles;
        this.stageTimeout = Duration.ofMinutes(10).plusMillis(Math.max(settings.changes(), settings.burstChanges()));
    }

    /** Prints where each stage stood every 200 ms during the end-to-end maximum (its sampling costs the broker a little). */
    Benchmark withTimeline(boolean timeline) {
        this.timeline = timeline;
        return this;
    }

    /** What a run measures. */
    enum Scope {
        /** Every row. */
        ALL,
        /** Only the burst rows on the running orders example. */
        BURST,
        /** Only capture, ingest and the aggregation rows (Tally's aggregator and the Streams peer on the same topic). */
        AGGREGATION
    }

    BenchResults run(Path workDir, Scope scope) throws Exception {
        results = new BenchResults(settings);
        results.flinkVersion = FlinkPeer.flinkVersion(root);
        results.flinkJava = FlinkPeer.javaVersion();
        if (scope != Scope.BURST) {
            runStages(workDir.resolve("stages"), scope == Scope.AGGREGATION);
        }
        if (scope == Scope.AGGREGATION) {
            return results;
        }
        log.printf("bench: burst of %,d changes on the running orders example, live and then as a backlog ...%n",
                settings.burstChanges());
        results.burst = new OrdersBurst(root, settings.burstChanges(), stageTimeout, log)
                .run(workDir.resolve("burst"));
        return results;
    }

    /** @param aggregationOnly stop after the aggregation rows */
    private void runStages(Path workDir, boolean aggregationOnly) throws Exception {
        Path pipelineFile = root.resolve("examples/orders/sales-by-product.yaml");
        CompiledPipeline pipeline = new PipelineLoader().load(pipelineFile);
        try (RunningStack stack = LocalStack.builder().workDir(workDir).strimziDir(root.resolve("strimzi"))
                .connectPlugins(System.getProperty("java.class.path")).start();
             KafkaProgress kafka = new KafkaProgress(stack.kafkaBootstrapServers())) {
            ServiceLauncher launcher = new ServiceLauncher(root, stack, List.of(pipelineFile));
            ConnectRest connect = new ConnectRest(stack.connectUrl());
            CpuMeter infrastructure = new CpuMeter(Map.of()).with(CONNECT, stack::connectPid)
                    .with(BROKER, stack::kafkaPid).with(POSTGRES, stack::postgresPid);
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
                long changes = settings.changes();

                // 1. Capture limit: Debezium from the WAL to the raw topic; Connect is the stage's process.
                SteadyStateWatch capture = SteadyStateWatch.start("capture", infrastructure,
                        () -> kafka.endOffsets(RAW_TOPIC), changes);
                connect.resume(SOURCE_CONNECTOR);
                StageWindow captured = capture.await(stageTimeout);
                results.capture = new StageResult(captured, CONNECT,
                        String.format("%.1f s from resume to first record", captured.startupSeconds()),
                        StageResult.Check.DOWNSTREAM);
                logStage("capture", results.capture, "changes");

                // 2. Ingest: raw topic to change events.
                results.ingest = runService(launcher, TallyService.INGEST, infrastructure,
                        () -> kafka.committed(pipeline.pipeline().ingestGroup(), RAW_TOPIC), changes);
                results.ingest = withCheck(results.ingest, StageResult.Check.DOWNSTREAM);
                // Ingest writes in Kafka transactions: the topic's offsets also count commit markers.
                KafkaProgress.Records changeRecords = kafka.records(CHANGES_TOPIC);
                long events = changeRecords.count();
                results.changeEvents = events;
                logStage("ingest", results.ingest, "changes");

                // 3. Aggregation: Tally's aggregator from the pre-filled changes topic (the outbox connector runs too).
                StageResult aggregator = runService(launcher, TallyService.AGGREGATOR, infrastructure,
                        () -> changeRecords.consumed(kafka.committed(pipeline.pipeline().aggregatorGroup(),
                                CHANGES_TOPIC)), events);
                results.aggregator = withCheck(aggregator,
                        same("aggregator store", truth, SalesByProduct.aggregateStore(stack.jdbcUrl("tally"))));
                logStage("aggregator", results.aggregator, "change events");

                // 4. The Kafka Streams peers: on the same changes topic, and on the raw topic.
                results.streamsChanges = runStreamsOnChanges(stack, kafka, infrastructure, pipelineFile,
                        changeRecords, workDir, truth);
                if (aggregationOnly) {
                    peakRss();
                    return;
                }
                results.streamsRaw = runStreamsOnRaw(stack, kafka, infrastructure, changes, workDir, truth);

                // 5. The Flink SQL peer on the raw topic, upserting into PostgreSQL.
                results.flink = runFlink(stack, kafka, infrastructure, changes, workDir, truth);

                // 6. SQL sink: Tally's publisher, then Debezium's JDBC sink, on the same aggregate updates.
                long updates = metric(TallyService.AGGREGATOR, UPDATES);
                kafka.awaitRecords(AGGREGATES_TOPIC, updates, stageTimeout);
                results.aggregateUpdates = updates;
                StageResult publisher = runService(launcher, TallyService.PUBLISHER, infrastructure,
                        () -> kafka.committed(pipeline.pipeline().sinkGroup("sql"), AGGREGATES_TOPIC), updates);
                results.publisher = withCheck(publisher,
                        same("SQL sink", truth, SalesByProduct.sinkTable(sink, "sales_by_product")));
                logStage("publisher", results.publisher, "updates");
                results.jdbcSink = runJdbcSink(stack, kafka, connect, infrastructure, pipeline, updates, truth);

                // 7. End to end, everything running: the most it sustains, then latency at half that rate.
                runEndToEnd(stack, source, sink, launcher, infrastructure, kafka, pipeline);
                peakRss();
            } finally {
                services.values().forEach(ManagedProcess::stop);
            }
        }
    }

    private void peakRss() {
        services.forEach((service, process) -> results.peakRssMib.merge(service.label(),
                ProcessStats.peakRssMib(process.pid()), Math::max));
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

    /** Starts {@code service} and measures it from its first committed progress until {@code expected}. */
    private StageResult runService(ServiceLauncher launcher, TallyService service, CpuMeter infrastructure,
                                   LongSupplier progress, long expected) {
        CpuMeter meter = infrastructure.with(service.label(), () -> services.get(service).pid());
        SteadyStateWatch watch = SteadyStateWatch.start(service.label(), meter, progress, expected);
        start(launcher, service);
        StageWindow window = watch.await(stageTimeout);
        results.readySeconds.put(service.label(), readySeconds.get(service));
        return new StageResult(window, service.label(), String.format("%.1f s to ready, %.1f s to first commit",
                readySeconds.get(service), window.startupSeconds()), StageResult.Check.EQUAL);
    }

    private static StageResult withCheck(StageResult result, StageResult.Check check) {
        return new StageResult(result.window(), result.process(), result.startup(), check);
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
        readySeconds.put(service, (System.nanoTime() - started) / 1e9);
    }

    /**
     * One peer, run as a child process: how it is launched, how far it has committed, when it is done,
     * what it says of its start-up and where its result is read back.
     */
    private record Peer(String label, String process, String unit, LongSupplier progress, long expected,
                        BooleanSupplier done, Supplier<ManagedProcess> launch,
                        BiFunction<StageWindow, Path, String> startup, Callable<Map<Long, SalesByProduct.Row>> result) {
    }

    private StageResult runPeer(Peer peer, CpuMeter infrastructure, Map<Long, SalesByProduct.Row> truth)
            throws Exception {
        ManagedProcess[] process = new ManagedProcess[1];
        LongSupplier progress = () -> {
            if (process[0] != null && !process[0].isAlive()) {
                throw new IllegalStateException(peer.label() + " died; see " + process[0].output());
            }
            return peer.progress().getAsLong();
        };
        SteadyStateWatch watch = SteadyStateWatch.start(peer.label(),
                infrastructure.with(peer.process(), () -> process[0].pid()), progress, peer.expected(), peer.done());
        process[0] = peer.launch().get();
        try {
            StageWindow window = watch.await(stageTimeout);
            results.peakRssMib.put(peer.label(), ProcessStats.peakRssMib(process[0].pid()));
            StageResult result = new StageResult(window, peer.process(), peer.startup().apply(window,
                    process[0].output()), same(peer.label(), truth, peer.result().call()));
            logStage(peer.label(), result, peer.unit());
            return result;
        } finally {
            process[0].stop();
        }
    }

    private StageResult runStreamsOnChanges(RunningStack stack, KafkaProgress kafka, CpuMeter infrastructure,
                                            Path pipelineFile, KafkaProgress.Records changeRecords, Path workDir,
                                            Map<Long, SalesByProduct.Row> truth) throws Exception {
        String output = "bench.streams-changes.sales-by-product";
        TallyChangeDecoder decoder = TallyChangeDecoder.of(pipelineFile);
        return runPeer(new Peer("Kafka Streams (changes topic)", STREAMS, "change events",
                () -> changeRecords.consumed(kafka.committed(STREAMS_CHANGES_APP, CHANGES_TOPIC)), changeRecords.count(),
                () -> true,
                () -> StreamsPeer.onChangesTopic(stack.kafkaBootstrapServers(), CHANGES_TOPIC, output,
                        STREAMS_CHANGES_APP, pipelineFile, workDir),
                Benchmark::streamsStartup,
                () -> StreamsOutput.read(stack.kafkaBootstrapServers(), output, decoder::product)),
                infrastructure, truth);
    }

    private StageResult runStreamsOnRaw(RunningStack stack, KafkaProgress kafka, CpuMeter infrastructure, long changes,
                                        Path workDir, Map<Long, SalesByProduct.Row> truth) throws Exception {
        String output = "bench.streams-raw.sales-by-product";
        // Done once its input is committed and its repartition topic drained too.
        return runPeer(new Peer("Kafka Streams (raw topic)", STREAMS, "changes",
                () -> kafka.committed(STREAMS_RAW_APP, RAW_TOPIC), changes, () -> kafka.caughtUp(STREAMS_RAW_APP),
                () -> StreamsPeer.onRawTopic(stack.kafkaBootstrapServers(), RAW_TOPIC, output, STREAMS_RAW_APP, workDir),
                Benchmark::streamsStartup,
                () -> StreamsOutput.read(stack.kafkaBootstrapServers(), output, StreamsOutput.LONG_KEY)),
                infrastructure, truth);
    }

    private StageResult runFlink(RunningStack stack, KafkaProgress kafka, CpuMeter infrastructure, long changes,
                                 Path workDir, Map<Long, SalesByProduct.Row> truth) throws Exception {
        String sink = stack.jdbcUrl("sink");
        try (Connection connection = DriverManager.getConnection(sink); Statement statement = connection.createStatement()) {
            statement.execute(FlinkPeer.CREATE_TABLE);
        }
        // The Kafka source commits its offsets when a checkpoint completes, after the JDBC sink flushed.
        return runPeer(new Peer("Flink SQL", FLINK, "changes", () -> kafka.committed(FLINK_GROUP, RAW_TOPIC), changes,
                () -> true, () -> FlinkPeer.launch(root, stack.endpoints(), RAW_TOPIC, FLINK_GROUP, workDir),
                (window, log) -> String.format("%.1f s to job submitted (planning), %.1f s to first commit",
                        PeerLog.secondsTo(log, "submitted"), window.startupSeconds()),
                () -> SalesByProduct.sinkTable(sink, FlinkPeer.TABLE)),
                infrastructure, truth);
    }

    private StageResult runJdbcSink(RunningStack stack, KafkaProgress kafka, ConnectRest connect,
                                    CpuMeter infrastructure, CompiledPipeline pipeline, long updates,
                                    Map<Long, SalesByProduct.Row> truth) throws Exception {
        kafka.createTopic(JdbcSinkPeer.TOPIC, kafka.partitions(AGGREGATES_TOPIC));
        long copied = JdbcSinkPeer.copy(stack.kafkaBootstrapServers(), AGGREGATES_TOPIC,
                new AggregateUpdateCodec(pipeline), updates);
        SteadyStateWatch watch = SteadyStateWatch.start("JDBC sink", infrastructure,
                () -> kafka.committed(JdbcSinkPeer.GROUP, JdbcSinkPeer.TOPIC), copied);
        connect.put(JdbcSinkPeer.CONNECTOR, JdbcSinkPeer.connectorConfig(stack.endpoints()));
        StageWindow window = watch.await(stageTimeout);
        StageResult result = new StageResult(window, CONNECT,
                String.format("%.1f s from registration to first commit", window.startupSeconds()),
                same("JDBC sink", truth, SalesByProduct.sinkTable(stack.jdbcUrl("sink"), JdbcSinkPeer.TABLE)));
        logStage("Debezium JDBC sink (" + connect.state(JdbcSinkPeer.CONNECTOR) + ")", result, "updates");
        // A peer: it must not run (and cost Connect and the broker) while Tally's pipeline is measured.
        connect.delete(JdbcSinkPeer.CONNECTOR);
        return result;
    }

    private void runEndToEnd(RunningStack stack, String source, String sink, ServiceLauncher launcher,
                             CpuMeter infrastructure, KafkaProgress kafka, CompiledPipeline pipeline) throws Exception {
        CpuMeter everything = infrastructure;
        for (TallyService service : TallyService.values()) {
            everything = everything.with(service.label(), () -> services.get(service).pid());
        }
        SourceWorkload live = new SourceWorkload(settings, settings.seed() + 1);
        try (Connection connection = DriverManager.getConnection(source)) {
            // The live workload continues on the rows the stage workload left.
            live.adopt(connection);
        }
        try (ParallelWriters writers = new ParallelWriters(source, live, END_TO_END_WRITERS)) {
            long batchesBefore = metric(TallyService.AGGREGATOR, BATCHES);
            long updatesBefore = metric(TallyService.AGGREGATOR, UPDATES);
            PostgresProcesses.Snapshot postgresStarted = PostgresProcesses.snapshot(stack.postgresPid());
            CpuMeter.Snapshot started = everything.snapshot();
            Timeline stages = timeline ? Timeline.start(timelineCounters(kafka, pipeline), 200) : null;
            long writing = System.nanoTime();
            writers.write(settings.liveChanges(), 20, 0);
            results.endToEndWrittenSeconds = (System.nanoTime() - writing) / 1e9;
            awaitSinkEqualsTruth(source, sink);
            if (stages != null) {
                log.println("bench: end-to-end timeline (records since the start: raw topic, its ingest group, changes "
                        + "topic, aggregator group, aggregates topic, SQL sink group)");
                stages.print(log);
            }
            results.endToEndCpu = everything.since(started);
            results.endToEndPostgres.putAll(PostgresProcesses.between(postgresStarted,
                    PostgresProcesses.snapshot(stack.postgresPid()), PostgresProcesses.labels(stack.jdbcUrl("tally"))));
            results.endToEndMax = settings.liveChanges() / results.endToEndCpu.wallSeconds();
            results.endToEndBatches = metric(TallyService.AGGREGATOR, BATCHES) - batchesBefore;
            results.endToEndUpdates = metric(TallyService.AGGREGATOR, UPDATES) - updatesBefore;
            log.printf("bench: end to end %,.0f changes/s (%d writers committed them in %.1f s)%n", results.endToEndMax,
                    writers.writers(), results.endToEndWrittenSeconds);

            // Fresh latency figures: the publisher's histogram must hold the half-rate run only.
            results.peakRssMib.merge(TallyService.PUBLISHER.label(),
                    ProcessStats.peakRssMib(services.get(TallyService.PUBLISHER).pid()), Math::max);
            services.get(TallyService.PUBLISHER).stop();
            start(launcher, TallyService.PUBLISHER);
            double half = results.endToEndMax / 2;
            results.latencyRate = half;
            writers.write((long) (half * settings.latencySeconds()), 5, half);
            awaitSinkEqualsTruth(source, sink);
            results.latencyMillis.putAll(ServiceMetrics.quantilesMillis("http://127.0.0.1:"
                    + ports.get(TallyService.PUBLISHER), "tally_sink_latency_seconds", "sink=\"sql\""));
            results.endToEndExact = true;
            log.printf("bench: latency at %,.0f changes/s: %s%n", half, results.latencyMillis);
        }
    }

    private static Map<String, LongSupplier> timelineCounters(KafkaProgress kafka, CompiledPipeline pipeline) {
        Map<String, LongSupplier> counters = new LinkedHashMap<>();
        counters.put("raw", () -> kafka.endOffsets(RAW_TOPIC));
        counters.put("ingested", () -> kafka.committed(pipeline.pipeline().ingestGroup(), RAW_TOPIC));
        counters.put("changes", () -> kafka.endOffsets(CHANGES_TOPIC));
        counters.put("aggregated", () -> kafka.committed(pipeline.pipeline().aggregatorGroup(), CHANGES_TOPIC));
        counters.put("aggregates", () -> kafka.endOffsets(AGGREGATES_TOPIC));
        counters.put("published", () -> kafka.committed(pipeline.pipeline().sinkGroup("sql"), AGGREGATES_TOPIC));
        return counters;
    }

    private long metric(TallyService service, String name) {
        return (long) ServiceMetrics.value("http://127.0.0.1:" + ports.get(service), name);
    }

    private void awaitSinkEqualsTruth(String source, String sink) throws Exception {
        List<String> differences = SalesByProduct.awaitSinkEqualsGroundTruth(source, sink, stageTimeout);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the sink never equalled the ground truth: " + differences);
        }
    }

    private void logStage(String stage, StageResult result, String unit) {
        StageWindow w = result.window();
        log.printf("bench: %s %,.0f %s/s over %,d in %.1f s (%s); CPU-µs per event: %s%n", stage,
                w.rate(), unit, w.events(), w.seconds(), w.includesStartup() ? "all at once: window from launch"
                        : String.format("start-up %.1f s", w.startupSeconds()), cpuSummary(w));
    }

    private static String cpuSummary(StageWindow window) {
        Map<String, String> parts = new LinkedHashMap<>();
        window.cpu().seconds().keySet().forEach(p -> parts.put(p, String.format("%.1f", window.microsPerEvent(p))));
        parts.put("total", String.format("%.1f", window.totalMicrosPerEvent()));
        return parts.toString();
    }

    /** A Streams peer's start-up: to RUNNING (its threads have their partitions), and to its first commit. */
    private static String streamsStartup(StageWindow window, Path log) {
        return String.format("%.1f s to RUNNING, %.1f s to first commit", PeerLog.secondsTo(log, "RUNNING"),
                window.startupSeconds());
    }

    /** Fails the run when {@code actual} differs from the ground truth. */
    private static StageResult.Check same(String what, Map<Long, SalesByProduct.Row> truth,
                                          Map<Long, SalesByProduct.Row> actual) {
        List<String> differences = SalesByProduct.differences(truth, actual, 5);
        if (!differences.isEmpty()) {
            throw new IllegalStateException(what + " differs from the ground truth: " + differences);
        }
        return StageResult.Check.EQUAL;
    }
}
