package dev.tally.pipeline.model;

/** Where a pipeline's aggregates are delivered. */
public sealed interface SinkDefinition permits SqlSinkDefinition, HttpSinkDefinition {

    /** Unique within the pipeline; names the sink's consumer group. */
    String name();
}
