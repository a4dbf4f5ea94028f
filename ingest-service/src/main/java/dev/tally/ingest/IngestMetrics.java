package dev.tally.ingest;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SourceType;
import dev.tally.service.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ingest service's counters, per pipeline. They are registered at start, so that a pipeline
 * that has seen nothing yet shows zeros rather than nothing.
 */
@ApplicationScoped
public class IngestMetrics {

    static final String EVENTS = "tally.ingest.events";
    static final String DEAD_LETTERS = "tally.ingest.dead.letters";
    static final String HTTP_EVENTS = "tally.ingest.http.events";

    /** Why a raw record went to the dead-letter topic. */
    public enum DeadLetterKind {
        /** Not a Debezium change envelope. */
        DECODING,
        /** An envelope whose change cannot be applied exactly (missing image, wrong column type, truncate...). */
        MAPPING;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry, PipelineRegistry pipelines) {
        this.registry = registry;
        for (CompiledPipeline pipeline : pipelines.all()) {
            for (SourceDefinition source : pipeline.pipeline().sources()) {
                eventsProduced(pipeline.name(), source.name(), 0);
            }
            if (pipeline.pipeline().sources().stream().anyMatch(s -> s.type().isCdc())) {
                for (DeadLetterKind kind : DeadLetterKind.values()) {
                    registry.counter(DEAD_LETTERS, "pipeline", pipeline.name(), "kind", kind.tag());
                }
            }
            if (pipeline.pipeline().sources().stream().anyMatch(s -> s.type() == SourceType.HTTP)) {
                httpAccepted(pipeline.name(), 0);
                httpRefused(pipeline.name(), 0);
            }
        }
    }

    /** Change events the broker acknowledged on the changes topic. */
    public void eventsProduced(String pipeline, String source, int count) {
        registry.counter(EVENTS, "pipeline", pipeline, "source", source).increment(count);
    }

    /** Raw records the broker acknowledged on the dead-letter topic. */
    public void deadLetters(String pipeline, DeadLetterKind kind, int count) {
        registry.counter(DEAD_LETTERS, "pipeline", pipeline, "kind", kind.tag()).increment(count);
    }

    /** Elements of HTTP requests whose events the broker acknowledged. */
    public void httpAccepted(String pipeline, int count) {
        registry.counter(HTTP_EVENTS, "pipeline", pipeline, "outcome", "accepted").increment(count);
    }

    /** Elements of refused HTTP requests (every element of the request: it is all or nothing). */
    public void httpRefused(String pipeline, int count) {
        registry.counter(HTTP_EVENTS, "pipeline", pipeline, "outcome", "refused").increment(count);
    }
}
