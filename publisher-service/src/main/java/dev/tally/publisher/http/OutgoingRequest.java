package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import java.util.List;

/**
 * One request of an HTTP sink, built once and sent unchanged on every attempt.
 *
 * @param updates        the aggregate versions it carries, in body order
 * @param body           the request body
 * @param idempotencyKey its {@code Idempotency-Key}
 */
record OutgoingRequest(List<AggregateUpdate> updates, byte[] body, String idempotencyKey) {

    /** E.g. "1 record ([7]:12)" or "100 records". */
    String describe() {
        return updates.size() == 1 ? "1 record (" + idempotencyKey + ")" : updates.size() + " records";
    }
}
