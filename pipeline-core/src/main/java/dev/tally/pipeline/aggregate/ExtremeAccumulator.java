package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.model.ValueType;

/**
 * What min and max share: every value held with its multiplicity, so that retracting the current
 * extreme reveals the next one exactly.
 */
abstract sealed class ExtremeAccumulator implements Accumulator permits MinAccumulator, MaxAccumulator {

    private final String label;
    private final ValueType inputType;
    final SortedMultiset values;

    ExtremeAccumulator(String label, ValueType inputType, SortedMultiset values) {
        this.label = label;
        this.inputType = inputType;
        this.values = values;
    }

    static SortedMultiset restoreValues(String label, ValueType inputType, JsonNode state) {
        return SortedMultiset.restoreInline(inputType, StateFields.array(state, "values", label), label);
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value != null) {
            Inputs.requireType(value, inputType, label);
            values.add(value, label);
        }
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        Inputs.requireType(value, inputType, label);
        if (!values.remove(value)) {
            throw new IllegalStateException(label + ": retracting " + value + " (row " + (row == null ? "?" : row.rowKey())
                    + ") which was never added; the state is out of step with the rows");
        }
    }

    /** The whole state with every value inline; {@link AggregateState} keeps the values apart instead. */
    @Override
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("values", values.toState());
        return state;
    }
}
