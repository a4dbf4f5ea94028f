package dev.tally.pipeline.model;

import java.time.Duration;

/**
 * How long the aggregator remembers processed events.
 *
 * @param journal how long event ids stay in the journal: the horizon for deduplication and reversal
 */
public record RetentionPolicy(Duration journal) {
}
