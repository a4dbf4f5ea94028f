package dev.tally.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tally bench}: one run of every measurement, printed and written to bench/results/. */
@Command(name = "tally bench", mixinStandardHelpOptions = true,
        description = "Measures Debezium's capture limit, Tally's stages against Kafka Streams, Flink SQL and Debezium's "
                + "JDBC sink on the same input (steady-state rates, CPU-µs per event of every process), end to end "
                + "throughput and latency, a burst on the running orders example, and the services' footprint.")
public final class BenchMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "A small run (a few minutes).")
    boolean quick;

    @Option(names = "--changes", paramLabel = "N", description = "Row changes for the stage measurements "
            + "(default 1000000, about 1.07 million change events; quick 30000).")
    Integer changes;

    @Option(names = "--keys", defaultValue = "1000", paramLabel = "N", description = "Distinct products (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--mix", defaultValue = "50,35,15", paramLabel = "I,U,D",
            description = "Percent inserts, updates, deletes (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--live-changes", paramLabel = "N", description = "Row changes for the end-to-end maximum "
            + "(default 40000, quick 10000).")
    Integer liveChanges;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Length of the half-rate latency run "
            + "(default 60, quick 20).")
    Integer latencySeconds;

    @Option(names = "--burst-changes", paramLabel = "N", description = "Source changes of the burst on the running "
            + "orders example (default 145000, quick 15000).")
    Integer burstChanges;

    @Option(names = "--burst-only", description = "Only the burst rows on the running orders example (live and "
            + "backlog), for comparing a change to the services in a few minutes.")
    boolean burstOnly;

    @Option(names = "--aggregation-only", description = "Only capture, ingest and the aggregation rows (Tally's "
            + "aggregator and the Kafka Streams peer on the same changes topic), for comparing a change to the "
            + "aggregator in a few minutes (with --changes 600000, as BENCHMARKS.md does).")
    boolean aggregationOnly;

    @Option(names = "--flink-java-home", paramLabel = "DIR", description = "The JDK that runs the Flink peer "
            + "(default: the bench's own).")
    Path flinkJavaHome;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profile", paramLabel = "SERVICE", split = ",",
            description = "Record these services (ingest, aggregator, publisher) with Java Flight Recorder into "
                    + "bench/target/profiles-<run>/<service>.jfr.")
    java.util.List<dev.tally.cli.TallyService> profile = java.util.List.of();

    @Option(names = "--timeline", description = "Print where each stage stood every 200 ms during the end-to-end "
            + "maximum, to see which one a run waited on.")
    boolean timeline;

    @Override
    public Integer call() throws Exception {
        String[] shares = mix.split(",");
        BenchSettings settings = new BenchSettings(
                changes != null ? changes : quick ? 30_000 : 1_000_000, keys,
                Integer.parseInt(shares[0].trim()), Integer.parseInt(shares[1].trim()), Integer.parseInt(shares[2].trim()),
                liveChanges != null ? liveChanges : quick ? 10_000 : 40_000,
                latencySeconds != null ? latencySeconds : quick ? 20 : 60,
                burstChanges != null ? burstChanges : quick ? 15_000 : 145_000, seed);
        if (flinkJavaHome != null) {
            System.setProperty(dev.tally.bench.peers.FlinkPeer.JAVA_HOME_PROPERTY, flinkJavaHome.toString());
        }
        Path root = Path.of(System.getProperty("tally.root", "")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        System.out.println("bench: " + settings.describe());
        long started = System.nanoTime();
        Path profiles = root.resolve("bench/target/profiles-" + stamp);
        if (!profile.isEmpty()) {
            Files.createDirectories(profiles);
        }
        BenchResults results = new Benchmark(root, settings, System.out, java.util.EnumSet.copyOf(
                profile.isEmpty() ? java.util.EnumSet.noneOf(dev.tally.cli.TallyService.class) : profile), profiles)
                .withTimeline(timeline)
                .run(root.resolve("bench/target/run-" + stamp), scope());
        String report = Report.markdown(results, String.join(" ", spec.commandLine().getParseResult().originalArgs()
                .stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList()), (System.nanoTime() - started) / 1e9);
        Path file = root.resolve("bench/results/" + stamp + (burstOnly ? "-burst"
                : aggregationOnly ? "-aggregation" : quick ? "-quick" : "") + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + root.relativize(file));
        System.out.printf("bench: the whole run took %.0f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private Benchmark.Scope scope() {
        if (burstOnly && aggregationOnly) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--burst-only and --aggregation-only exclude each other");
        }
        return burstOnly ? Benchmark.Scope.BURST : aggregationOnly ? Benchmark.Scope.AGGREGATION : Benchmark.Scope.ALL;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
