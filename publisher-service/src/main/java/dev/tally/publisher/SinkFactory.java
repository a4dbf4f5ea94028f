package dev.tally.publisher;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SinkDefinition;
import java.util.Optional;

/** Builds the sinks of one sink type; a new sink type is a new factory bean beside the others. */
public interface SinkFactory {

    /** Whether this factory builds sinks of the definition's type. */
    boolean supports(SinkDefinition definition);

    /** Why this sink is left out of this run (an optional sink whose settings are absent), or empty. */
    default Optional<String> skipReason(SinkDefinition definition) {
        return Optional.empty();
    }

    /**
     * A sink for {@code definition} of {@code pipeline}, not yet prepared.
     *
     * @throws IllegalStateException saying what is missing or wrong, where, and what to do; the start then stops
     */
    Sink create(CompiledPipeline pipeline, SinkDefinition definition, SinkMetrics metrics);
}
