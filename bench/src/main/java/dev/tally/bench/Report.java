package dev.tally.bench;

import dev.tally.cli.TallyService;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.stream.Collectors;

/** The benchmark's markdown table: machine, versions, workload, the five rows and the ratios Tally/peer. */
final class Report {

    private Report() {
    }

    static String markdown(BenchResults r, String command, double seconds) {
        Properties versions = versions();
        StringBuilder out = new StringBuilder();
        out.append("# Tally benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .substring(0, 16).replace('T', ' ')).append(" UTC\n\n");
        out.append("- command: `").append(command).append("` (").append(String.format("%.0f", seconds))
                .append(" s)\n");
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; JVM ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("; Kafka ").append(versions.getProperty("kafka")).append(" (KRaft, one node), Debezium ")
                .append(versions.getProperty("debezium")).append(", Quarkus ").append(versions.getProperty("quarkus"))
                .append(", PostgreSQL ").append(versions.getProperty("postgres")).append(" (embedded), all on this machine\n");
        out.append("- workload: ").append(r.settings.describe()).append("; ").append(r.groundTruthGroups)
                .append(" products left; ").append(String.format("%,d", r.changeEvents)).append(" change events; ")
                .append(String.format("%,d", r.aggregateUpdates)).append(" aggregate updates\n\n");
        out.append("| # | stage | Tally | peer | Tally / peer | equal to SQL ground truth |\n");
        out.append("|---|---|---|---|---|---|\n");
        out.append(String.format("| 1 | capture limit: source commits → raw CDC topic | — | Debezium PostgreSQL "
                + "connector: **%,.0f changes/s** | — | — |%n", r.capture));
        out.append(String.format("| 2 | aggregation: pre-filled input → committed aggregates (+ outbox rows) | "
                        + "aggregator: **%,.0f change events/s** (ingest, raw topic → change events: %,.0f changes/s) | "
                        + "Kafka Streams, KTable adder/subtractor, exactly_once_v2, from the raw topic: **%,.0f changes/s** | "
                        + "%.2f× (ingest + aggregator in series: %.2f×) | Tally %s, Streams %s |%n",
                r.aggregator, r.ingest, r.streams, r.aggregator / r.streams, serial(r.ingest, r.aggregator) / r.streams,
                mark(r.aggregatorExact), mark(r.streamsExact)));
        out.append(String.format("| 3 | end to end: source commit → sink row | **%,.0f changes/s** at most; at "
                        + "%,.0f changes/s: %s | the capture limit, %,.0f changes/s | %.2f× | %s |%n",
                r.endToEndMax, r.latencyRate, latency(r), r.capture, r.endToEndMax / r.capture, mark(r.endToEndExact)));
        out.append(String.format("| 4 | SQL sink: aggregates topic → PostgreSQL upserts | publisher: **%,.0f updates/s** "
                        + "(version-guarded upsert) | Debezium JDBC sink connector (upsert): **%,.0f updates/s** | "
                        + "%.2f× | Tally %s, JDBC sink %s |%n",
                r.publisher, r.jdbcSink, r.publisher / r.jdbcSink, mark(r.publisherExact), mark(r.jdbcSinkExact)));
        out.append(String.format("| 5 | footprint: peak RSS under load, JVM start to ready | %s | Kafka Streams: %d MiB "
                + "| — | — |%n", footprint(r), r.streamsPeakRssMib));
        out.append("\nTargets: aggregation ≥ 1.0× Kafka Streams; end to end ≥ 0.8× the capture limit, p99 < 250 ms at "
                + "half the maximum; SQL sink ≥ 1.0× the JDBC sink; each service < 150 MiB RSS, each start < 2 s.\n");
        out.append("Rates are counts divided by the time from the start of the stage (JVM start for the services and "
                + "Kafka Streams, connector resume or registration for Debezium) until every record is committed.\n");
        return out.toString();
    }

    /** Throughput of two stages one after the other over the same input. */
    private static double serial(double first, double second) {
        return 1 / (1 / first + 1 / second);
    }

    private static String latency(BenchResults r) {
        if (r.latencyMillis.isEmpty()) {
            return "no latency recorded";
        }
        return r.latencyMillis.entrySet().stream()
                .map(e -> String.format("p%.0f %,.0f ms", e.getKey() * 100, e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String footprint(BenchResults r) {
        return java.util.Arrays.stream(TallyService.values())
                .map(s -> String.format("%s %d MiB, %.1f s", s.label(), r.peakRssMib.getOrDefault(s, -1L),
                        r.startSeconds.getOrDefault(s, Double.NaN)))
                .collect(Collectors.joining("; "));
    }

    private static String mark(boolean exact) {
        return exact ? "✓" : "✗";
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = Report.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return versions;
    }
}
