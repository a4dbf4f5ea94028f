package dev.tally.aggregator.compensate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.window.Window;
import java.util.Map;

/** A checked compensation request: an adjustment by deltas, or the reversal of a journaled event. */
public sealed interface CompensationRequest {

    /** The client's id: a repeat of it is a no-op. */
    String id();

    /** Why, as the client gave it. */
    String reason();

    /** The request body as received, kept with the record. */
    JsonNode body();

    /**
     * Shifts aggregates of one group by deltas.
     *
     * @param key    the group key
     * @param window the window, null without windows
     * @param deltas aggregate name to delta, typed as the aggregate's accumulator takes it
     */
    record Adjustment(String id, String reason, JsonNode body, GroupKey key, Window window, Map<String, Object> deltas)
            implements CompensationRequest {
    }

    /**
     * Retracts a journaled event's contribution.
     *
     * @param eventId the event id (a canonical UUID)
     */
    record Reversal(String id, String reason, JsonNode body, String eventId) implements CompensationRequest {
    }
}
