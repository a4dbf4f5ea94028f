package dev.tally.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The aggregator's meters for one pipeline (tag {@code pipeline}).
 *
 * @param eventsApplied     change events applied to aggregates
 * @param duplicatesDropped change events dropped as already applied (journal) or repeated within a batch
 * @param aggregatesUpdated new aggregate versions written to the outbox
 * @param deadLetters       records sent to the dead-letter topic
 * @param lateDropped       changes for closed windows dropped (pipelines with {@code late: drop})
 * @param windowsClosed     windows closed by the watermark (one WindowClosed event each)
 * @param windowsExpired    closed windows deleted from the store after their retention
 * @param transaction       time of one batch's database transaction
 * @param compensations     compensations applied (a repeated request is not counted again)
 * @param journalPurged     journal entries deleted by retention
 */
public record AggregatorMetrics(Counter eventsApplied, Counter duplicatesDropped, Counter aggregatesUpdated,
                                Counter deadLetters, Counter lateDropped, Counter windowsClosed,
                                Counter windowsExpired, Timer transaction, Counter compensations,
                                Counter journalPurged) {

    public static AggregatorMetrics of(MeterRegistry registry, String pipeline) {
        return new AggregatorMetrics(
                Counter.builder("tally.aggregator.events.applied").tag("pipeline", pipeline)
                        .description("Change events applied to aggregates").register(registry),
                Counter.builder("tally.aggregator.duplicates.dropped").tag("pipeline", pipeline)
                        .description("Change events dropped because they were already applied").register(registry),
                Counter.builder("tally.aggregator.aggregates.updated").tag("pipeline", pipeline)
                        .description("New aggregate versions written to the outbox").register(registry),
                Counter.builder("tally.aggregator.dead.letters").tag("pipeline", pipeline)
                        .description("Records sent to the dead-letter topic").register(registry),
                Counter.builder("tally.aggregator.late.dropped").tag("pipeline", pipeline)
                        .description("Changes for closed windows dropped (late: drop)").register(registry),
                Counter.builder("tally.aggregator.windows.closed").tag("pipeline", pipeline)
                        .description("Windows closed by the watermark, one WindowClosed event each").register(registry),
                Counter.builder("tally.aggregator.windows.expired").tag("pipeline", pipeline)
                        .description("Closed windows deleted from the store after their retention").register(registry),
                Timer.builder("tally.aggregator.batch.transaction").tag("pipeline", pipeline)
                        .description("Time of one batch's database transaction").register(registry),
                Counter.builder("tally.aggregator.compensations").tag("pipeline", pipeline)
                        .description("Compensations applied").register(registry),
                Counter.builder("tally.aggregator.journal.purged").tag("pipeline", pipeline)
                        .description("Journal entries deleted by retention").register(registry));
    }
}
