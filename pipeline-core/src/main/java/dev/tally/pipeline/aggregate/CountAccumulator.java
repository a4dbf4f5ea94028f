package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code count}: the number of non-null inputs, 0 when there are none. */
final class CountAccumulator implements DeltaAccumulator {

    private long count;

    CountAccumulator() {
    }

    static CountAccumulator restore(JsonNode state) {
        CountAccumulator c = new CountAccumulator();
        c.count = StateFields.nonNegativeLong(state, "n", "count");
        return c;
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value != null) {
            count++;
        }
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        if (count == 0) {
            throw new IllegalStateException("count: retracting an input from an empty count (row "
                    + (row == null ? "?" : row.rowKey()) + "); the state is out of step with the rows");
        }
        count--;
    }

    @Override
    public void adjust(Object delta) {
        if (!(delta instanceof Long d)) {
            throw new IllegalArgumentException("count is adjusted by a Long delta, got "
                    + (delta == null ? "null" : delta.getClass().getName()));
        }
        long adjusted = Math.addExact(count, d);
        if (adjusted < 0) {
            throw new IllegalStateException("count: adjusting " + count + " by " + d + " would make it negative");
        }
        count = adjusted;
    }

    @Override
    public Object result() {
        return count;
    }

    @Override
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("n", count);
        return state;
    }
}
