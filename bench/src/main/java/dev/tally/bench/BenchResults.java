package dev.tally.bench;

import dev.tally.bench.cpu.CpuUsage;
import dev.tally.bench.measure.StageResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What one run measured; rates are per second. */
final class BenchResults {

    final BenchSettings settings;
    int groundTruthGroups;
    long changeEvents;
    long aggregateUpdates;
    String flinkVersion;
    String flinkJava;

    StageResult capture;
    StageResult ingest;
    StageResult aggregator;
    StageResult streamsChanges;
    StageResult streamsRaw;
    StageResult flink;
    StageResult publisher;
    StageResult jdbcSink;

    double endToEndMax;
    /** How long the writers took to commit the end-to-end maximum's changes (the rest is the pipeline's lag). */
    double endToEndWrittenSeconds;
    CpuUsage endToEndCpu;
    /** The aggregator's batches (transactions) and new aggregate versions during the end-to-end maximum. */
    long endToEndBatches;
    long endToEndUpdates;
    /** PostgreSQL's CPU seconds during the end-to-end maximum, by what its processes do. */
    final Map<String, Double> endToEndPostgres = new TreeMap<>();
    boolean endToEndExact;
    double latencyRate;
    final Map<Double, Double> latencyMillis = new TreeMap<>();

    BurstResults burst;

    /** Peak resident set size per process (services and peers), MiB. */
    final Map<String, Long> peakRssMib = new LinkedHashMap<>();
    /** JVM start to ready per service (its first start), seconds. */
    final Map<String, Double> readySeconds = new LinkedHashMap<>();

    BenchResults(BenchSettings settings) {
        this.settings = settings;
    }
}
