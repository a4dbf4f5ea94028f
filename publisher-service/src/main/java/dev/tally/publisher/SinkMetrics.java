package dev.tally.publisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/** The meters of one sink, tagged with its pipeline and name. */
public final class SinkMetrics {

    private final Counter upserted;
    private final Counter deleted;
    private final Counter stale;
    private final Counter deadLetters;
    private final Timer latency;

    public SinkMetrics(MeterRegistry registry, String pipeline, String sink) {
        this.upserted = Counter.builder("tally.sink.rows.upserted")
                .description("Rows inserted or updated in the sink")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        this.deleted = Counter.builder("tally.sink.rows.deleted")
                .description("Rows of emptied groups deleted from the sink")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        this.stale = Counter.builder("tally.sink.updates.stale")
                .description("Updates not applied because the sink already held the same or a newer version")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        this.deadLetters = Counter.builder("tally.sink.dead.letters")
                .description("Records sent to the pipeline's dead-letter topic by this sink")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        this.latency = Timer.builder("tally.sink.latency")
                .description("From the source commit of the newest change behind an update to its write in the sink")
                .tags("pipeline", pipeline, "sink", sink)
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    public void upserted(long rows) {
        upserted.increment(rows);
    }

    public void deleted(long rows) {
        deleted.increment(rows);
    }

    public void stale(long updates) {
        stale.increment(updates);
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** Records the time from {@code sourceCommit} to {@code written}; clocks of other hosts may be ahead, hence the floor. */
    public void written(Instant sourceCommit, Instant written) {
        Duration elapsed = Duration.between(sourceCommit, written);
        latency.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
}
