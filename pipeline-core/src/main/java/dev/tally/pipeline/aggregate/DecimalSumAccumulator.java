package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;

/**
 * {@code sum} of decimal or double inputs as an exact BigDecimal. A double enters through
 * {@link BigDecimal#valueOf(double)}, so retracting the same double restores the previous sum exactly.
 * The result's scale is the largest scale added since the sum was last empty: for a column of
 * fixed scale, the column's scale.
 */
final class DecimalSumAccumulator implements SumAccumulator {

    private final String label;
    private final ValueType inputType;
    private BigDecimal total;
    private long inputs;

    DecimalSumAccumulator(String label, ValueType inputType) {
        this(label, inputType, BigDecimal.ZERO, 0);
    }

    private DecimalSumAccumulator(String label, ValueType inputType, BigDecimal total, long inputs) {
        if (inputType != ValueType.DECIMAL && inputType != ValueType.DOUBLE) {
            throw new IllegalArgumentException(label + ": a decimal sum takes decimal or double inputs, not " + inputType);
        }
        this.label = label;
        this.inputType = inputType;
        this.total = total;
        this.inputs = inputs;
    }

    static DecimalSumAccumulator restore(String label, ValueType inputType, JsonNode state) {
        long inputs = StateFields.nonNegativeLong(state, "n", label);
        String sum = StateFields.text(StateFields.field(state, "sum", label), label + " state field 'sum'");
        try {
            return new DecimalSumAccumulator(label, inputType, new BigDecimal(sum), inputs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + " state field 'sum' is not a decimal: " + state, e);
        }
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        total = total.add(exact(value));
        inputs++;
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        BigDecimal v = exact(value);
        if (inputs == 0) {
            throw new IllegalStateException(label + ": retracting " + value + " (row " + (row == null ? "?" : row.rowKey())
                    + "), which was never added: no input is held; the state is out of step with the rows");
        }
        total = total.subtract(v);
        inputs--;
        forgetScaleWhenEmpty();
    }

    @Override
    public void adjust(Object delta) {
        if (delta == null) {
            throw new IllegalArgumentException(label + " is adjusted by a " + inputType.javaType().getSimpleName() + " delta, got null");
        }
        total = total.add(exact(delta));
        forgetScaleWhenEmpty();
    }

    // An emptied sum is then indistinguishable from a new one, in its results and in its state.
    private void forgetScaleWhenEmpty() {
        if (inputs == 0 && total.signum() == 0) {
            total = BigDecimal.ZERO;
        }
    }

    /** The exact sum; null when no input is held and no adjustment is left over. */
    @Override
    public Object result() {
        return inputs == 0 && total.signum() == 0 ? null : total;
    }

    @Override
    public long inputs() {
        return inputs;
    }

    @Override
    public BigDecimal total() {
        return total;
    }

    @Override
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("n", inputs);
        state.put("sum", total.toString());
        return state;
    }

    private BigDecimal exact(Object value) {
        Inputs.requireType(value, inputType, label);
        if (inputType == ValueType.DECIMAL) {
            return (BigDecimal) value;
        }
        double d = (Double) value;
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(label + " cannot sum " + d + ": it has no exact decimal value");
        }
        return BigDecimal.valueOf(d);
    }
}
