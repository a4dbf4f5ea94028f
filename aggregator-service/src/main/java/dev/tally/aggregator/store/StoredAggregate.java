package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.aggregate.ValueCount;
import java.util.List;

/**
 * An aggregate row as locked for an update.
 *
 * @param aggregateId the aggregate id
 * @param version     its current version
 * @param state       its accumulator state ({@code AggregateState.toState()}); null when the caller's cached
 *                    state is the one committed at this version
 * @param values      the values its mins and maxes hold (none when {@code state} is null)
 */
public record StoredAggregate(String aggregateId, long version, JsonNode state, List<ValueCount> values) {

    /** This row with the values the store keeps for it. */
    StoredAggregate withValues(List<ValueCount> values) {
        return new StoredAggregate(aggregateId, version, state, List.copyOf(values));
    }
}
