package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.window.Window;

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
 * @param partition   the partition of the changes topic the aggregate lives on; null without windows
 */
public record AggregateRow(String aggregateId, JsonNode groupKey, Window window, long version, long rows,
                           JsonNode results, JsonNode state, Integer partition) {
}
