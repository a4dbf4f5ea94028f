package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code avg}: the exact sum of the non-null inputs divided by their number, rounded to
 * {@link MathContext#DECIMAL64} (16 significant digits, half-even); null when there are none.
 */
final class AvgAccumulator implements Accumulator {

    private final SumAccumulator sum;

    AvgAccumulator(SumAccumulator sum) {
        this.sum = sum;
    }

    @Override
    public void add(Object value, RowRef row) {
        sum.add(value, row);
    }

    @Override
    public void retract(Object value, RowRef row) {
        sum.retract(value, row);
    }

    @Override
    public Object result() {
        long n = sum.inputs();
        return n == 0 ? null : sum.total().divide(BigDecimal.valueOf(n), MathContext.DECIMAL64);
    }

    /** Same shape as the sum's state: the count and the exact total are all an average needs. */
    @Override
    public JsonNode toState() {
        return sum.toState();
    }
}
