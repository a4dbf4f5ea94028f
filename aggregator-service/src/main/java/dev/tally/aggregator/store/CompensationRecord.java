package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * An applied compensation, as the compensation API shows it and {@code tally_compensation} keeps it.
 *
 * @param id        the client's id
 * @param kind      {@code adjust} (deltas) or {@code reverse} (a journaled event retracted)
 * @param principal who asked; {@code anonymous} without authentication
 * @param reason    why, as the client gave it
 * @param createdAt when it was committed
 * @param request   the request body as received
 * @param effect    what it did to the aggregate
 */
@RegisterForReflection
public record CompensationRecord(String id, String kind, String principal, String reason, Instant createdAt,
                                 JsonNode request, Effect effect) {

    /** The kinds of compensation. */
    public static final String ADJUST = "adjust";
    public static final String REVERSE = "reverse";

    /**
     * What a compensation did.
     *
     * @param aggregateId the aggregate it changed
     * @param version     the version it made
     * @param before      the results before it
     * @param after       the results after it
     */
    @RegisterForReflection
    public record Effect(String aggregateId, long version, JsonNode before, JsonNode after) {
    }
}
