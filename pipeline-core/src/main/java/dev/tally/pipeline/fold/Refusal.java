package dev.tally.pipeline.fold;

/**
 * A change the fold refused, and why: it goes to the dead-letter topic.
 *
 * @param item   what carried the change
 * @param reason what was wrong, and what to do
 */
public record Refusal<T>(T item, String reason) {
}
