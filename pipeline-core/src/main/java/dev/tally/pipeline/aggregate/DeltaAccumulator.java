package dev.tally.pipeline.aggregate;

/** An accumulator that a compensation may shift by a delta without a row: count and sum. */
public interface DeltaAccumulator extends Accumulator {

    /**
     * Shifts the result by {@code delta}: a Long for count, a value of the input type for sum.
     *
     * @throws IllegalArgumentException if the delta is null or of the wrong type
     * @throws IllegalStateException    if the delta would make a count negative or take a result out of
     *                                  the range of its type; the accumulator is then unchanged
     */
    void adjust(Object delta);
}
