package dev.tally.aggregator.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.aggregator.store.Redrive;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a pipeline's dead-letter topic as the dead-letter API lists it.
 *
 * @param partition the entry's partition in {@code tally.<p>.dlq}
 * @param offset    its offset there: with the partition, what a re-drive names
 * @param timestamp when it was dead-lettered
 * @param stage     {@code ingest}, {@code aggregate} or {@code publish}
 * @param reason    why the stage gave up on the record
 * @param original  where the record was before
 * @param sink      the sink that could not deliver it (publish stage only)
 * @param key       the original key
 * @param value     the original value
 * @param problem   for a record of the topic that is not a Tally dead letter: what is wrong with it (it cannot be
 *                  re-driven); absent otherwise
 * @param redrives  every re-drive of the entry, oldest first; empty when it was never re-driven
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DlqEntry(int partition, long offset, Instant timestamp, String stage, String reason, Original original,
                       String sink, Payload key, Payload value, String problem, List<Redrive> redrives) {

    /** Where a dead-lettered record was: topic, partition, offset and its timestamp. */
    @RegisterForReflection
    public record Original(String topic, int partition, long offset, Instant timestamp) {
    }
}
