package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.ValueType;

/** {@code max}: the largest non-null input held, null when there is none. */
final class MaxAccumulator extends ExtremeAccumulator {

    MaxAccumulator(String label, ValueType inputType) {
        super(label, inputType, new SortedMultiset(inputType));
    }

    /** Over {@code values}, which another accumulator may share. */
    MaxAccumulator(String label, ValueType inputType, SortedMultiset values) {
        super(label, inputType, values);
    }

    static MaxAccumulator restore(String label, ValueType inputType, JsonNode state) {
        return new MaxAccumulator(label, inputType, restoreValues(label, inputType, state));
    }

    @Override
    public Object result() {
        return values.last();
    }
}
