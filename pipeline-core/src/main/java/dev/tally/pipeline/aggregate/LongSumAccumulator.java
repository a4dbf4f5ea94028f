package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code sum} of long inputs, exact: the running total never wraps, and a result outside the
 * long range is an {@link ArithmeticException} rather than a wrong number.
 */
final class LongSumAccumulator implements SumAccumulator {

    private final String label;
    private final LongTotal total;
    private long inputs;

    LongSumAccumulator(String label) {
        this(label, new LongTotal(), 0);
    }

    private LongSumAccumulator(String label, LongTotal total, long inputs) {
        this.label = label;
        this.total = total;
        this.inputs = inputs;
    }

    static LongSumAccumulator restore(String label, JsonNode state) {
        long inputs = StateFields.nonNegativeLong(state, "n", label);
        String sum = StateFields.text(StateFields.field(state, "sum", label), label + " state field 'sum'");
        try {
            return new LongSumAccumulator(label, LongTotal.of(new BigInteger(sum)), inputs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + " state field 'sum' is not an integer: " + state, e);
        }
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        Inputs.requireType(value, ValueType.LONG, label);
        total.add((Long) value);
        inputs++;
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        Inputs.requireType(value, ValueType.LONG, label);
        if (inputs == 0) {
            throw new IllegalStateException(label + ": retracting " + value + " (row " + (row == null ? "?" : row.rowKey())
                    + "), which was never added: no input is held; the state is out of step with the rows");
        }
        total.subtract((Long) value);
        inputs--;
    }

    @Override
    public void adjust(Object delta) {
        if (!(delta instanceof Long d)) {
            throw new IllegalArgumentException(label + " is adjusted by a Long delta, got "
                    + (delta == null ? "null" : delta.getClass().getName()));
        }
        total.add(d);
        if (!total.fitsInLong()) {
            total.subtract(d);
            throw new IllegalStateException(label + ": adjusting " + total + " by " + d + " leaves the range of a long");
        }
    }

    /**
     * The sum as a Long; null when no input is held and no adjustment is left over.
     *
     * @throws ArithmeticException if the exact sum lies outside the long range
     */
    @Override
    public Object result() {
        return inputs == 0 && total.isZero() ? null : total.longValueExact();
    }

    @Override
    public long inputs() {
        return inputs;
    }

    @Override
    public BigDecimal total() {
        return total.toBigDecimal();
    }

    @Override
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("n", inputs);
        state.put("sum", total.toString());
        return state;
    }
}
