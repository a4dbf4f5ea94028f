package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.aggregate.ValueCount;
import java.util.List;
import dev.tally.pipeline.window.Window;

/**
 * One aggregate row locked whole, for a change that knows only its id.
 *
 * @param stored   its version and state
 * @param groupKey its group key as stored (a JSON object of the key fields)
 * @param window   its window, or null
 */
public record LockedAggregate(StoredAggregate stored, JsonNode groupKey, Window window) {

    /** This aggregate with the values the store keeps for it. */
    LockedAggregate withValues(List<ValueCount> values) {
        return new LockedAggregate(stored.withValues(values), groupKey, window);
    }
}
