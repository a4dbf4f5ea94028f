package dev.tally.pipeline.model;

import dev.tally.pipeline.window.WindowSpec;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline as declared: sources mapped to canonical fields, a group key, aggregates, an
 * optional window and sinks.
 *
 * @param name       unique name; part of topic names ({@code tally.<name>.changes})
 * @param file       the file it was read from, for messages
 * @param sources    where changes come from
 * @param groupBy    the canonical fields that form the group key
 * @param window     the optional event-time window
 * @param latePolicy what happens to changes for closed windows
 * @param aggregates the aggregates, in declaration order
 * @param sinks      where results go
 * @param retention  how long processed event ids are remembered
 */
public record Pipeline(
        String name,
        String file,
        List<SourceDefinition> sources,
        List<String> groupBy,
        Optional<WindowSpec> window,
        LateChangePolicy latePolicy,
        List<AggregateSpec> aggregates,
        List<SinkDefinition> sinks,
        RetentionPolicy retention) {

    public String changesTopic() {
        return "tally." + name + ".changes";
    }

    public String aggregatesTopic() {
        return "tally." + name + ".aggregates";
    }

    public String dlqTopic() {
        return "tally." + name + ".dlq";
    }

    /** The consumer group of the ingest service for this pipeline's raw topics. */
    public String ingestGroup() {
        return "tally." + name + ".ingest";
    }

    /** The consumer group of the aggregator for this pipeline's changes topic. */
    public String aggregatorGroup() {
        return "tally." + name + ".aggregator";
    }

    /** The consumer group of one sink: every sink consumes the aggregates on its own (a bulkhead). */
    public String sinkGroup(String sinkName) {
        return "tally." + name + ".sink." + sinkName;
    }
}
