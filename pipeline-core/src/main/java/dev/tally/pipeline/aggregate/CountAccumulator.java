package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code count}: the number of non-null inputs, 0 when there are none, plus what compensations
 * adjusted it by. The inputs are counted apart from the adjustment, so that taking back every row
 * that was added still works after a compensation lowered the count.
 */
final class CountAccumulator implements DeltaAccumulator {

    private long inputs;
    private long adjustment;

    CountAccumulator() {
    }

    static CountAccumulator restore(JsonNode state) {
        CountAccumulator c = new CountAccumulator();
        c.inputs = StateFields.nonNegativeLong(state, "n", "count");
        JsonNode adjustment = state.get("adj");
        if (adjustment != null) {
            if (!adjustment.isIntegralNumber() || !adjustment.canConvertToLong()) {
                throw new IllegalArgumentException("count state field 'adj' must be a long: " + state);
            }
            c.adjustment = adjustment.longValue();
        }
        return c;
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value != null) {
            inputs++;
        }
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        if (inputs == 0) {
            throw new IllegalStateException("count: retracting an input from an empty count (row "
                    + (row == null ? "?" : row.rowKey()) + "); the state is out of step with the rows");
        }
        inputs--;
    }

    /** Refuses a delta that would make the count negative; rows taken out later may still lower it below zero. */
    @Override
    public void adjust(Object delta) {
        if (!(delta instanceof Long d)) {
            throw new IllegalArgumentException("count is adjusted by a Long delta, got "
                    + (delta == null ? "null" : delta.getClass().getName()));
        }
        long current = (Long) result();
        long adjusted;
        try {
            adjusted = Math.addExact(current, d);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("count: adjusting " + current + " by " + d + " leaves the range of a long", e);
        }
        if (adjusted < 0) {
            throw new IllegalStateException("count: adjusting " + current + " by " + d + " would make it negative");
        }
        adjustment += d;
    }

    @Override
    public Object result() {
        return inputs + adjustment;
    }

    /** {@code {"n": inputs}}, with {@code "adj"} only when a compensation adjusted the count. */
    @Override
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("n", inputs);
        if (adjustment != 0) {
            state.put("adj", adjustment);
        }
        return state;
    }
}
