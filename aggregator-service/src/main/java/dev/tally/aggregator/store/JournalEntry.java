package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A journaled event, as a reversal reads it.
 *
 * @param eventId     the event id
 * @param aggregateId the aggregate it changed
 * @param before      its retracted contribution ({@code PipelineJson.contribution}), null for an insert
 * @param after       its added contribution, null for a delete
 * @param rowKey      the source row's identity
 * @param order       the row's write order at the event
 * @param reversedBy  the compensation that reversed it, or null
 */
public record JournalEntry(String eventId, String aggregateId, JsonNode before, JsonNode after, String rowKey,
                           String order, String reversedBy) {
}
