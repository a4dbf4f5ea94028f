package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.window.Window;
import java.time.Instant;

/**
 * A new version of an aggregate row, to upsert.
 *
 * @param aggregateId the aggregate id
 * @param groupKey    the group key as a JSON object of the key fields
 * @param window      the window, or null
 * @param version     the new version
 * @param rows        source rows contributing now (0 for an emptied group)
 * @param results     the aggregate results by name
 * @param state       the accumulator state
 * @param partition   the partition of the changes topic the aggregate lives on; null to keep the stored one
 * @param closed      whether this version closes its window (it stays closed once it is)
 * @param updatedAt   when the version was committed
 */
public record AggregateRow(String aggregateId, JsonNode groupKey, Window window, long version, long rows,
                           JsonNode results, JsonNode state, Integer partition, boolean closed, Instant updatedAt) {
}
