package dev.tally.pipeline.aggregate;

/**
 * One value a min or max holds, with its multiplicity, as the store keeps it: a row per value, so that a batch writes
 * only the values whose multiplicity changed, not the whole set.
 *
 * @param slot  the aggregate whose values these are (the first min or max over that argument)
 * @param value the value as typed JSON text ({@code "12.30"}, {@code 42})
 * @param count how many contributing rows hold it; 0 in a change means the value is gone
 */
public record ValueCount(String slot, String value, long count) {
}
