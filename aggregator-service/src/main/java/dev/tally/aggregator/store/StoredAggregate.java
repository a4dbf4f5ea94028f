package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An aggregate row as locked for an update.
 *
 * @param aggregateId the aggregate id
 * @param version     its current version
 * @param state       its accumulator state ({@code AggregateState.toState()}); null when the caller's cached
 *                    state is the one committed at this version
 */
public record StoredAggregate(String aggregateId, long version, JsonNode state) {
}
