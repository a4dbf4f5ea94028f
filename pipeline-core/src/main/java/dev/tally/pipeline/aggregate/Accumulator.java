package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The running value of one aggregate function over the rows of one group, able to take a row
 * back out exactly. Null inputs are ignored, as in SQL.
 */
public interface Accumulator {

    /** Adds one row's input value. */
    void add(Object value, RowRef row);

    /** Removes a value that an earlier {@link #add} brought in. */
    void retract(Object value, RowRef row);

    /** The current result: null when no non-null input remains, except for count, which is 0. */
    Object result();

    /** The state to persist; {@link Accumulators#restore} turns it back into an equal accumulator. */
    JsonNode toState();
}
