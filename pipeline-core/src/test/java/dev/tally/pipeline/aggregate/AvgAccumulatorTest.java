package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AvgAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    @Test
    void averageOfNothingIsNull() {
        assertThat(Accumulators.create(AggregateFunction.AVG, ValueType.DECIMAL).result()).isNull();
    }

    @Test
    void averagesTheNonNullInputs() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.DECIMAL);
        avg.add(new BigDecimal("1.00"), ROW);
        avg.add(null, ROW);
        avg.add(new BigDecimal("2.00"), ROW);

        assertThat(avg.result()).isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void roundsToSixteenSignificantDigits() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.LONG);
        avg.add(1L, ROW);
        avg.add(0L, ROW);
        avg.add(1L, ROW);

        assertThat(avg.result()).isEqualTo(new BigDecimal("0.6666666666666667"));
    }

    @Test
    void averageOfLongsIsExactEvenWhenTheirSumOverflowsALong() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.LONG);
        avg.add(Long.MAX_VALUE, ROW);
        avg.add(Long.MAX_VALUE, ROW);

        assertThat(avg.result()).isEqualTo(new BigDecimal(Long.MAX_VALUE).round(java.math.MathContext.DECIMAL64));
    }

    @Test
    void averageOfDoublesIsADecimal() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.DOUBLE);
        avg.add(0.1, ROW);
        avg.add(0.2, ROW);

        assertThat(avg.result()).isEqualTo(new BigDecimal("0.15"));
    }

    @Test
    void retractingEveryInputGivesNull() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.LONG);
        avg.add(4L, ROW);
        avg.retract(4L, ROW);

        assertThat(avg.result()).isNull();
    }

    @Test
    void retractingFromAnEmptyAverageThrows() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.LONG);

        assertThatThrownBy(() -> avg.retract(4L, ROW)).isInstanceOf(IllegalStateException.class).hasMessageContaining("avg(long)");
    }

    @Test
    void averageIsNotAdjustable() {
        assertThat(Accumulators.create(AggregateFunction.AVG, ValueType.LONG)).isNotInstanceOf(DeltaAccumulator.class);
    }

    @Test
    void restoredAverageContinuesWhereTheOriginalStopped() {
        Accumulator avg = Accumulators.create(AggregateFunction.AVG, ValueType.DECIMAL);
        avg.add(new BigDecimal("3"), ROW);
        avg.add(new BigDecimal("5"), ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.AVG, ValueType.DECIMAL, Json.viaText(avg.toState()));
        restored.add(new BigDecimal("10"), ROW);

        assertThat(restored.result()).isEqualTo(new BigDecimal("6"));
    }
}
