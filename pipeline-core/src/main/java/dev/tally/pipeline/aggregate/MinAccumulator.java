package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.ValueType;

/** {@code min}: the smallest non-null input held, null when there is none. */
final class MinAccumulator extends ExtremeAccumulator {

    MinAccumulator(String label, ValueType inputType) {
        super(label, inputType, new SortedMultiset(inputType));
    }

    /** Over {@code values}, which another accumulator may share. */
    MinAccumulator(String label, ValueType inputType, SortedMultiset values) {
        super(label, inputType, values);
    }

    static MinAccumulator restore(String label, ValueType inputType, JsonNode state) {
        return new MinAccumulator(label, inputType, restoreValues(label, inputType, state));
    }

    @Override
    public Object result() {
        return values.first();
    }
}
