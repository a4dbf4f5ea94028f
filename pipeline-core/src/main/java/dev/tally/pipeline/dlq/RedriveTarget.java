package dev.tally.pipeline.dlq;

import dev.tally.pipeline.model.Pipeline;
import dev.tally.pipeline.model.SinkDefinition;
import java.util.Optional;
import java.util.Set;

/**
 * Where a dead letter goes when it is re-driven: back to the topic of the stage that gave up on it. A version a sink
 * could not deliver goes out again through the aggregator's outbox, to every sink of the pipeline, and only while it
 * is its aggregate's current version: the aggregates topic is compacted, and its last record of an aggregate must stay
 * the newest version, which a new or reset sink reads. The sinks that have that version skip it (their version guard
 * and ledger).
 *
 * @param topic         the topic the record goes to
 * @param sink          the sink that gave up on it, for publish-stage dead letters
 * @param throughOutbox whether it goes out through the aggregator's outbox (publish-stage dead letters) rather than
 *                      republished as it is
 */
public record RedriveTarget(String topic, Optional<String> sink, boolean throughOutbox) {

    /**
     * The target of {@code letter}, a dead letter of {@code pipeline}.
     *
     * @throws IllegalArgumentException saying why the dead letter cannot be re-driven
     */
    public static RedriveTarget of(DeadLetter letter, Pipeline pipeline) {
        if (!letter.pipeline().equals(pipeline.name())) {
            throw new IllegalArgumentException("the dead letter is one of pipeline '" + letter.pipeline()
                    + "', not of '" + pipeline.name() + "'");
        }
        return switch (letter.stage()) {
            case INGEST -> {
                if (Set.of(pipeline.changesTopic(), pipeline.aggregatesTopic(), pipeline.dlqTopic())
                        .contains(letter.topic())) {
                    throw new IllegalArgumentException("an ingest dead letter must come from a raw change topic, not "
                            + letter.topic());
                }
                yield new RedriveTarget(letter.topic(), Optional.empty(), false);
            }
            case AGGREGATE -> {
                expectTopic(letter, pipeline.changesTopic());
                yield new RedriveTarget(pipeline.changesTopic(), Optional.empty(), false);
            }
            case PUBLISH -> {
                expectTopic(letter, pipeline.aggregatesTopic());
                String sink = letter.sink().orElseThrow(() -> new IllegalArgumentException(
                        "a publish dead letter must name its sink (header " + DeadLetter.SINK + ")"));
                if (pipeline.sinks().stream().map(SinkDefinition::name).noneMatch(sink::equals)) {
                    throw new IllegalArgumentException("pipeline '" + pipeline.name() + "' has no sink '" + sink
                            + "' any more; its sinks are " + pipeline.sinks().stream().map(SinkDefinition::name).toList());
                }
                yield new RedriveTarget(pipeline.aggregatesTopic(), Optional.of(sink), true);
            }
        };
    }

    private static void expectTopic(DeadLetter letter, String expected) {
        if (!letter.topic().equals(expected)) {
            throw new IllegalArgumentException("a " + letter.stage().label() + " dead letter must come from " + expected
                    + ", not " + letter.topic());
        }
    }
}
