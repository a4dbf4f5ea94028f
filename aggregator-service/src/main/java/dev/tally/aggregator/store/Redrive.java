package dev.tally.aggregator.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One re-drive of a dead-letter entry, as {@code tally_redrive} logs it.
 *
 * @param at        when
 * @param by        who asked for it
 * @param topic     where the record was republished
 * @param partition its partition there
 * @param offset    its offset there
 */
@RegisterForReflection
public record Redrive(Instant at, String by, String topic, int partition, long offset) {
}
