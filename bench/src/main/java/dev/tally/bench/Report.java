package dev.tally.bench;

import static dev.tally.bench.cpu.Processes.BROKER;
import static dev.tally.bench.cpu.Processes.CONNECT;
import static dev.tally.bench.cpu.Processes.POSTGRES;

import dev.tally.bench.cpu.CpuUsage;
import dev.tally.bench.measure.StageResult;
import dev.tally.bench.measure.StageWindow;
import dev.tally.cli.TallyService;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The benchmark's markdown: machine, versions and workload, then one table per concern, each row
 * with its rate and CPU-µs per event of every process, and under each table how it was measured.
 */
final class Report {

    private static final String CPU_HEADER = "| %s | %s | start-up | CPU-µs/%s: own process | Connect | broker "
            + "| PostgreSQL | total | equal to SQL ground truth |\n|---|---|---|---|---|---|---|---|---|\n";

    private Report() {
    }

    /** @param arguments what {@code ./tally bench} was given, e.g. {@code --quick} */
    static String markdown(BenchResults r, String arguments, double seconds) {
        Properties versions = versions();
        StringBuilder out = new StringBuilder();
        out.append("# Tally benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .substring(0, 16).replace('T', ' ')).append(" UTC\n\n");
        out.append("- command: `./tally bench").append(arguments.isEmpty() ? "" : " " + arguments).append("` (").append(String.format("%,.0f", seconds))
                .append(" s in all)\n");
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; JVM ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("; Kafka ").append(versions.getProperty("kafka")).append(" (KRaft, one node), Debezium ")
                .append(versions.getProperty("debezium")).append(", Quarkus ").append(versions.getProperty("quarkus"))
                .append(", PostgreSQL ").append(versions.getProperty("postgres"))
                .append(" (embedded), Kafka Streams ").append(versions.getProperty("kafka"))
                .append(", Flink ").append(r.flinkVersion).append(" on Java ").append(r.flinkJava)
                .append(", all on this machine\n");
        out.append("- workload: ").append(r.settings.describe()).append("; ").append(r.groundTruthGroups)
                .append(" products left; ").append(String.format("%,d", r.changeEvents)).append(" change events; ")
                .append(String.format("%,d", r.aggregateUpdates)).append(" aggregate updates\n\n");
        if (r.capture != null) {
            capture(out, r);
            aggregation(out, r);
        }
        if (r.streamsRaw != null) {
            rawTopic(out, r);
            sqlSink(out, r);
            endToEnd(out, r);
        }
        if (r.burst != null) {
            burst(out, r);
        }
        if (r.capture != null) {
            footprint(out, r);
        }
        out.append("Targets: aggregator ≥ 1.0× the Kafka Streams peer in events/s and ≤ its CPU-µs per event; burst "
                + "≥ 20,000 changes/s; end to end ≥ 0.8× the capture limit, p99 < 250 ms at half the maximum; each "
                + "service < 150 MiB RSS and < 2 s to ready.\n");
        return out.toString();
    }

    private static void capture(StringBuilder out, BenchResults r) {
        out.append("## Capture limit: source commits → raw CDC topic\n\n");
        out.append(String.format(CPU_HEADER, "stage", "changes/s", "change"));
        out.append(row("Debezium PostgreSQL connector (Connect is its process)", r.capture));
        out.append("\nChanges written with the connector paused, then resumed; steady state from the first record on "
                + "the raw topic to the last; start-up is resume → first record.\n\n");
    }

    private static void aggregation(StringBuilder out, BenchResults r) {
        out.append(String.format("## Aggregation: the same pre-filled changes topic (%,d change events, 4 partitions) "
                + "→ exact aggregates%n%n", r.changeEvents));
        out.append(String.format(CPU_HEADER, "engine", "change events/s", "event"));
        out.append(row("Tally aggregator → PostgreSQL store + outbox (+ outbox connector)", r.aggregator));
        out.append(row("Kafka Streams `groupByKey().aggregate()`, exactly_once_v2, commit 100 ms, RocksDB, 2 threads, "
                + "binary serdes", r.streamsChanges));
        out.append(String.format("%nTally / Kafka Streams: %.2f× the events/s, %.1f× the CPU-µs per event in total.%n",
                r.aggregator.window().rate() / r.streamsChanges.window().rate(),
                r.aggregator.window().totalMicrosPerEvent() / r.streamsChanges.window().totalMicrosPerEvent()));
        out.append("Each reads `tally.sales-by-product.changes`, filled by the ingest stage, from the start; the rate "
                + "counts the events committed from the consumer group's first commit seen to its last (JVM start-up "
                + "apart), CPU is utime+stime from /proc of each process (PostgreSQL with all its backends) over "
                + "the same window. Streams decodes the events with pipeline-core's codec and keeps per product the "
                + "count, units, revenue and a price → count multiset (exact min and max under retraction, as Tally "
                + "does) in one RocksDB store.\n\n");
    }

    private static void rawTopic(StringBuilder out, BenchResults r) {
        out.append(String.format("## From the raw Debezium topic (%,d source changes) → exact aggregates%n%n",
                r.settings.changes()));
        out.append(String.format(CPU_HEADER, "engine", "source changes/s", "change"));
        out.append(row("Tally ingest (raw topic → changes topic)", r.ingest));
        double perChange = (double) r.changeEvents / r.settings.changes();
        out.append(seriesRow(r.ingest, r.aggregator, perChange));
        out.append(row("Kafka Streams `toTable().groupBy().aggregate()`, tuned as above", r.streamsRaw));
        out.append(row("Flink SQL `GROUP BY`, debezium-json, JDBC upsert, parallelism 2, exactly-once checkpoints "
                + "1 s, RocksDB, mini-batch", r.flink));
        out.append(String.format("%nIngest and aggregator in series: 1 / (1/ingest + %.3f/aggregator) changes/s "
                + "(%.3f change events per source change), CPU-µs per source change = ingest's + %.3f × "
                + "aggregator's. Streams and Flink: steady state from the first offsets committed on the raw topic to "
                + "the last (Streams: and its repartition topic drained; Flink commits on each checkpoint, after the "
                + "JDBC sink flushed); start-up is process start → first commit, planning included for Flink.%n%n",
                perChange, perChange, perChange));
    }

    private static void sqlSink(StringBuilder out, BenchResults r) {
        out.append(String.format("## SQL sink: aggregates topic (%,d updates) → PostgreSQL upserts%n%n",
                r.aggregateUpdates));
        out.append(String.format(CPU_HEADER, "sink", "updates/s", "update"));
        out.append(row("Tally publisher (version-guarded upsert)", r.publisher));
        out.append(row("Debezium JDBC sink connector (upsert; Connect is its process)", r.jdbcSink));
        out.append("\nThe JDBC sink reads a record-for-record copy of the aggregates topic with schemas; steady state "
                + "from each consumer group's first commit to its last.\n\n");
    }

    private static void endToEnd(StringBuilder out, BenchResults r) {
        out.append("## End to end: source commit → sink row, everything running\n\n");
        out.append("| maximum | × capture limit | latency at half of it | CPU-µs/change: ingest | aggregator | publisher "
                + "| Connect | broker | PostgreSQL | total without PostgreSQL | total | equal to SQL ground truth |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        long changes = r.settings.liveChanges();
        CpuUsage cpu = r.endToEndCpu;
        out.append(String.format("| **%,.0f changes/s** (written in %.1f s) | %.2f× | at %,.0f changes/s: %s | %s | %s "
                        + "| %s | %s | %s | %s | %s | %s | %s |%n", r.endToEndMax, r.endToEndWrittenSeconds,
                r.endToEndMax / r.capture.window().rate(), r.latencyRate,
                latency(r), micros(cpu, TallyService.INGEST.label(), changes),
                micros(cpu, TallyService.AGGREGATOR.label(), changes), micros(cpu, TallyService.PUBLISHER.label(), changes),
                micros(cpu, CONNECT, changes), micros(cpu, BROKER, changes), micros(cpu, POSTGRES, changes),
                micros(cpu.totalWithout(POSTGRES) * 1e6 / changes), micros(cpu.totalWithout() * 1e6 / changes),
                mark(r.endToEndExact)));
        out.append(String.format("%nMaximum: %,d changes written as fast as %d connections can (each on its own rows, "
                + "20 changes per transaction), timed from the first write until the sink equals GROUP BY over the source; "
                + "CPU over the same time (the writers' PostgreSQL backends included). Latency: source commit → sink "
                + "write, the publisher's histogram over %d s at half the maximum, written by the same connections. "
                + "During the maximum the aggregator committed %,d batches (%.0f source changes each on average) and "
                + "wrote %,d aggregate versions (%.2f per source change): each version is an outbox message, a record "
                + "on the aggregates topic and a sink upsert.%n%n",
                changes, Benchmark.END_TO_END_WRITERS, r.settings.latencySeconds(), r.endToEndBatches,
                r.endToEndBatches == 0 ? 0.0 : (double) changes / r.endToEndBatches,
                r.endToEndUpdates, (double) r.endToEndUpdates / changes));
        if (!r.endToEndPostgres.isEmpty()) {
            out.append("PostgreSQL's CPU-µs per change in the maximum, by process (one server holds the source, "
                    + "`tally` and sink databases): ");
            out.append(String.join(", ", r.endToEndPostgres.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + micros(e.getValue() * 1e6 / changes)).toList()));
            out.append(".\n\n");
        }
    }

    private static void burst(StringBuilder out, BenchResults r) {
        out.append("## Burst on the running orders example (sales-by-product and sales-per-minute)\n\n");
        out.append("| feed | drain rate | CPU-µs/change: ingest | aggregator | publisher | Connect | broker | PostgreSQL "
                + "| total without PostgreSQL | total | both sinks equal to SQL ground truth |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        out.append(burstRow("live: written while everything runs", r.burst.live()));
        out.append(burstRow("backlog: written while capture was paused, then resumed", r.burst.backlog()));
        BurstResult live = r.burst.live();
        out.append(String.format("%nA fresh stack as `./tally up --example orders` runs it (three services, source and "
                + "outbox connectors). Live: the orders generator (`./tally generate --example orders --rate 0`) writes "
                + "%,d changes in %,d transactions on one connection while everything runs, timed from the first write "
                + "until sales_by_product and sales_per_minute equal GROUP BY over order_lines, so its rate is at most "
                + "the writer's. Backlog: on the same stack, the source connector is paused, the generator writes "
                + "%,d more changes (they wait in the replication slot, as after an outage or a deploy), and the "
                + "connector is resumed; timed from the resume until both sinks equal the ground truth again: the "
                + "pipeline's own drain rate. CPU of each process over each timed span.%n%n", live.changes(),
                live.transactions(), r.burst.backlog().changes()));
    }

    private static String burstRow(String feed, BurstResult b) {
        return String.format("| %s | **%,.0f changes/s** (%,d changes in %.1f s; written in %.1f s) | %s | %s | %s "
                        + "| %s | %s | %s | %s | %s | %s |%n", feed, b.rate(), b.changes(), b.drainSeconds(),
                b.writeSeconds(), micros(b.cpu(), TallyService.INGEST.label(), b.changes()),
                micros(b.cpu(), TallyService.AGGREGATOR.label(), b.changes()),
                micros(b.cpu(), TallyService.PUBLISHER.label(), b.changes()), micros(b.cpu(), CONNECT, b.changes()),
                micros(b.cpu(), BROKER, b.changes()), micros(b.cpu(), POSTGRES, b.changes()),
                micros(b.totalMicrosPerChange(POSTGRES)), micros(b.totalMicrosPerChange()), mark(b.exact()));
    }

    private static void footprint(StringBuilder out, BenchResults r) {
        out.append("## Footprint\n\n| process | peak RSS | JVM start → ready |\n|---|---|---|\n");
        List<String> processes = new java.util.ArrayList<>(r.readySeconds.keySet());
        r.peakRssMib.keySet().stream().filter(p -> !processes.contains(p)).forEach(processes::add);
        for (String process : processes) {
            Double ready = r.readySeconds.get(process);
            out.append(String.format("| %s | %,d MiB | %s |%n", process, r.peakRssMib.getOrDefault(process, -1L),
                    ready == null ? "—" : String.format("%.1f s", ready)));
        }
        out.append("\nPeak RSS is VmHWM from /proc at the end of each process's stages; ready is the readiness probe "
                + "answering UP after the JVM was launched (the publisher: its first start).\n\n");
    }

    /** A stage table row: the window's rate and the CPU-µs per event of each process. */
    private static String row(String label, StageResult stage) {
        StageWindow w = stage.window();
        String own = stage.process();
        String startup = w.includesStartup()
                ? "all committed at once, too few records for a steady state: rate and CPU from launch, start-up included"
                : stage.startup();
        return String.format("| %s | **%,.0f** | %s | %s | %s | %s | %s | %s | %s |%n", label, w.rate(), startup,
                micros(w.microsPerEvent(own)), own.equals(CONNECT) ? "—" : micros(w.microsPerEvent(CONNECT)),
                micros(w.microsPerEvent(BROKER)), micros(w.microsPerEvent(POSTGRES)), micros(w.totalMicrosPerEvent()),
                stage.check().mark());
    }

    private static String seriesRow(StageResult ingest, StageResult aggregator, double eventsPerChange) {
        StageWindow i = ingest.window();
        StageWindow a = aggregator.window();
        double rate = 1 / (1 / i.rate() + eventsPerChange / a.rate());
        return String.format("| **Tally ingest + aggregator in series** | **%,.0f** | — | %s | %s | %s | %s | %s | %s |%n",
                rate, micros(i.microsPerEvent(ingest.process()) + eventsPerChange * a.microsPerEvent(aggregator.process())),
                micros(i.microsPerEvent(CONNECT) + eventsPerChange * a.microsPerEvent(CONNECT)),
                micros(i.microsPerEvent(BROKER) + eventsPerChange * a.microsPerEvent(BROKER)),
                micros(i.microsPerEvent(POSTGRES) + eventsPerChange * a.microsPerEvent(POSTGRES)),
                micros(i.totalMicrosPerEvent() + eventsPerChange * a.totalMicrosPerEvent()),
                aggregator.check().mark());
    }

    private static String micros(CpuUsage cpu, String process, long events) {
        return micros(cpu.microsPerEvent(process, events));
    }

    private static String micros(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        return value < 10 ? String.format("%.1f", value) : String.format("%,.0f", value);
    }

    private static String latency(BenchResults r) {
        if (r.latencyMillis.isEmpty()) {
            return "no latency recorded";
        }
        return r.latencyMillis.entrySet().stream()
                .map(e -> String.format("p%.0f %,.0f ms", e.getKey() * 100, e.getValue()))
                .collect(Collectors.joining(", "));
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
