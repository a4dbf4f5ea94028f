package dev.tally.bench;

import dev.tally.cli.TallyService;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What one run measured; rates are per second. */
final class BenchResults {

    final BenchSettings settings;
    int groundTruthGroups;
    long changeEvents;
    long aggregateUpdates;
    double capture;
    double ingest;
    double aggregator;
    boolean aggregatorExact;
    double streams;
    boolean streamsExact;
    long streamsPeakRssMib;
    double publisher;
    boolean publisherExact;
    double jdbcSink;
    boolean jdbcSinkExact;
    double endToEndMax;
    boolean endToEndExact;
    double latencyRate;
    final Map<Double, Double> latencyMillis = new TreeMap<>();
    final Map<TallyService, Long> peakRssMib = new EnumMap<>(TallyService.class);
    final Map<TallyService, Double> startSeconds = new EnumMap<>(TallyService.class);

    BenchResults(BenchSettings settings) {
        this.settings = settings;
    }
}
