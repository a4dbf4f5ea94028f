package dev.tally.bench.streams;

/**
 * A Tally change event as the Kafka Streams peer folds it: the group loses {@code before} and gains
 * {@code after}; either is null when the row did not (or no longer does) count in this group.
 */
public record ContributionChange(Contribution before, Contribution after) {
}
