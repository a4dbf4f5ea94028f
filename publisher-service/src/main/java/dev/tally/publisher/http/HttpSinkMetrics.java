package dev.tally.publisher.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one HTTP sink, tagged with its pipeline and name; dead letters, stale versions and the source-to-sink
 * latency are the shared {@link dev.tally.publisher.SinkMetrics}.
 */
final class HttpSinkMetrics {

    private final MeterRegistry registry;
    private final String pipeline;
    private final String sink;
    private final Counter delivered;
    private final Counter retries;
    private final AtomicInteger inFlight = new AtomicInteger();

    HttpSinkMetrics(MeterRegistry registry, String pipeline, String sink) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.sink = sink;
        this.delivered = Counter.builder("tally.sink.http.delivered")
                .description("Aggregate versions delivered (in requests the endpoint answered with 2xx)")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        this.retries = Counter.builder("tally.sink.http.retries")
                .description("Requests sent again after a failed attempt")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
        Gauge.builder("tally.sink.http.in.flight", inFlight, AtomicInteger::get)
                .description("Requests under way: sent, awaiting an answer or pausing before a retry")
                .tags("pipeline", pipeline, "sink", sink).register(registry);
    }

    void delivered(int records) {
        delivered.increment(records);
    }

    void retried() {
        retries.increment();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    /**
     * Times one attempt; {@code outcome} is the status class ({@code 2xx} ... {@code 5xx}), {@code timeout} or
     * {@code error}.
     */
    void attempted(Timer.Sample sample, String outcome) {
        sample.stop(Timer.builder("tally.sink.http.request")
                .description("Time of one request attempt, by outcome")
                .tags("pipeline", pipeline, "sink", sink, "outcome", outcome)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry));
    }
}
