package dev.tally.aggregator.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One re-drive of a dead-letter entry, as {@code tally_redrive} logs it.
 *
 * @param at        when
 * @param by        who asked for it
 * @param topic     where the record was republished
 * @param partition its partition there; null when it went out through the outbox (a publish dead letter)
 * @param offset    its offset there; null when it went out through the outbox
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Redrive(Instant at, String by, String topic, Integer partition, Long offset) {

    /** Where it went, for messages. */
    public String where() {
        return partition == null ? topic + " through the outbox" : topic + " partition " + partition + " offset "
                + offset;
    }
}
