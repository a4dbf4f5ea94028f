package dev.tally.publisher;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SinkDefinition;

/** Builds the sinks of one sink type; a new sink type is a new factory bean beside the others. */
public interface SinkFactory {

    /** Whether this factory builds sinks of the definition's type. */
    boolean supports(SinkDefinition definition);

    /** A sink for {@code definition} of {@code pipeline}, not yet prepared. */
    Sink create(CompiledPipeline pipeline, SinkDefinition definition, SinkMetrics metrics);
}
