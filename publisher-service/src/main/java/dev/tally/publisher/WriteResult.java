package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateUpdate;
import java.util.List;

/**
 * What a sink did with one batch.
 *
 * @param written     the updates that changed the destination (not those it refused as stale)
 * @param undelivered the updates the sink gave up on, each with the reason; they go to the dead-letter topic
 */
public record WriteResult(List<AggregateUpdate> written, List<Undelivered> undelivered) {

    /** An update a sink gave up on, and why. */
    public record Undelivered(AggregateUpdate update, String reason) {
    }

    public static WriteResult written(List<AggregateUpdate> written) {
        return new WriteResult(written, List.of());
    }
}
